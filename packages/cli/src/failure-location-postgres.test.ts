import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { runCli, tempDir } from "./testing/harness.js";

// A failed revision named the wrong statement: retyping a column makes PostgreSQL parse its
// index expressions again, and an error there ("operator does not exist: mood = mood_old")
// carries a position into the index's text, which the driver read as one into the script — the
// first statement of the batch was blamed. Such an inferred position is now checked by replaying
// the rolled-back transaction, as for errors without one. PostgreSQL 15, a scratch database.
let pg: Awaited<ReturnType<typeof postgresBackend>>;
beforeAll(async () => {
  pg = await postgresBackend("failure_location");
}, 120_000);
afterAll(async () => pg?.dispose());

const revision = (id: string, parents: string[], up: string[]) =>
  `const defineRevision = (d) => d;
export default defineRevision({ id: ${JSON.stringify(id)}, parents: ${JSON.stringify(parents)}, message: ${JSON.stringify(id)},
  upgrade(op) { ${up.map((sql) => `op.execute(${JSON.stringify(sql)});`).join(" ")} },
  downgrade() {},
});
`;

test("the statement a failed revision names is the one that failed, not the one an expression's position points at", async () => {
  const dir = tempDir("athanor-failure-location-");
  writeFileSync(join(dir, "package.json"), "{}\n");
  writeFileSync(join(dir, "athanor.config.mjs"), `export default { url: ${JSON.stringify(pg.url)} };\n`);
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(dir, "migrations/versions/r1.mjs"),
    revision(
      "r1",
      [],
      [
        "CREATE TYPE mood AS ENUM ('a', 'b')",
        "CREATE TABLE t (m mood, n int, CONSTRAINT n_positive CHECK (n > 0))",
        "CREATE INDEX t_is_a ON t ((m = 'a'::mood))",
      ],
    ),
  );
  writeFileSync(
    join(dir, "migrations/versions/r2.mjs"),
    revision(
      "r2",
      ["r1"],
      [
        "ALTER TABLE t DROP CONSTRAINT n_positive",
        "ALTER TYPE mood RENAME TO mood_old",
        "CREATE TYPE mood AS ENUM ('a')",
        "ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood",
      ],
    ),
  );
  const result = await runCli(dir, ["upgrade"]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(
    "upgrade of revision r2 failed in statement #3 (operation #3, execute): operator does not exist: mood = mood_old",
  );
  expect(result.stderr).toContain("SQL: ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood");
  expect(result.stderr).toContain("Nothing of it was applied");
  // and nothing was: the constraint the first statement dropped is there
  const [row] = await pg.query<{ n: string }>(
    dir,
    "SELECT count(*)::text AS n FROM pg_constraint WHERE conname = 'n_positive'",
  );
  expect(row).toEqual({ n: "1" });
}, 120_000);
