import { describeMigrations } from "@athanor/testing";
import { EXAMPLE_MIGRATIONS } from "./migration-checks.js";

describeMigrations({ ...EXAMPLE_MIGRATIONS, database: { url: "pglite" } }, { name: "migrations on PGlite" });
