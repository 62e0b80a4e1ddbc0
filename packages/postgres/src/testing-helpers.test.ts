// The repo's own migration tests through @athanor/testing, as a user writes them: one line per
// database over a history of revision files on disk. The helpers are imported from source by
// relative path because @athanor/testing depends on this package (a package dependency back
// would make the workspace graph cyclic).
import { rm } from "node:fs/promises";
import { afterAll } from "vitest";
import { describeMigrations } from "../../testing/src/index.js";
import { writeSmallHistory } from "./testing/small-history.js";
import { TEST_PG_URL } from "./testing/test-databases.js";

const revisions = await writeSmallHistory();
afterAll(() => rm(revisions, { recursive: true, force: true }));

describeMigrations({ revisions, database: { url: "pglite" } }, { name: "small history on PGlite" });
describeMigrations({ revisions, database: { url: TEST_PG_URL } }, { name: "small history on PostgreSQL 15" });
