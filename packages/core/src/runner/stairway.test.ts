import type { PGlite } from "@electric-sql/pglite";
import { beforeAll, describe, expect, test } from "vitest";
import type { RevisionDefinition } from "../revision/revision.js";
import { downgrade, upgrade } from "./index.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { pgliteTestDialect } from "./testing/pglite-test-dialect.js";
import { CATALOGUE_DUMP_SQL, sqlRevision } from "./testing/revision-fixtures.js";

/**
 * 30 revisions: a trunk of 10, then two branches of 9 each (one with branch-local tables, one
 * altering trunk tables), merged by revision 29, followed by one more.
 */
function branchedHistory(): RevisionDefinition[] {
  const revs: RevisionDefinition[] = [];
  const id = (n: number) => `r${String(n).padStart(2, "0")}`;
  for (let n = 0; n < 10; n++) {
    revs.push(
      sqlRevision(
        id(n),
        n === 0 ? [] : [id(n - 1)],
        [`CREATE TABLE t${n} (id int PRIMARY KEY, v text)`],
        [`DROP TABLE t${n}`],
      ),
    );
  }
  for (let n = 10; n < 19; n++) {
    const parent = n === 10 ? id(9) : id(n - 1);
    revs.push(
      sqlRevision(
        id(n),
        [parent],
        [
          `CREATE TABLE b${n} (id int, t0_id int REFERENCES t0 (id))`,
          `CREATE INDEX b${n}_t0 ON b${n} (t0_id)`,
        ],
        [`DROP TABLE b${n}`],
      ),
    );
  }
  for (let n = 19; n < 28; n++) {
    const parent = n === 19 ? id(9) : id(n - 1);
    const table = `t${n - 19}`;
    revs.push(
      sqlRevision(
        id(n),
        [parent],
        [`ALTER TABLE ${table} ADD COLUMN c${n} integer NOT NULL DEFAULT ${n}`],
        [`ALTER TABLE ${table} DROP COLUMN c${n}`],
      ),
    );
  }
  revs.push(
    sqlRevision(
      id(28),
      [id(18), id(27)],
      [`ALTER TABLE b18 ADD CONSTRAINT b18_pos CHECK (id > 0)`],
      [`ALTER TABLE b18 DROP CONSTRAINT b18_pos`],
    ),
  );
  revs.push(sqlRevision(id(29), [id(28)], [`CREATE UNIQUE INDEX t1_v ON t1 (v)`], [`DROP INDEX t1_v`]));
  return revs;
}

let db: PGlite;
beforeAll(async () => {
  db = await freshPglite();
}, 60_000);

const dump = async () =>
  (await db.query<{ what: string; detail: string }>(CATALOGUE_DUMP_SQL)).rows.map(
    (r) => `${r.what}: ${r.detail}`,
  );

describe("upgrade → downgrade → upgrade of a branched 30-revision history", () => {
  test("leaves identical schemas and an empty database at base", async () => {
    const revisions = branchedHistory();
    const dialect = pgliteTestDialect(db);
    const empty = await dump();

    const first = await upgrade({ dialect, revisions }, "heads");
    expect(first.error).toBeUndefined();
    expect(first.results).toHaveLength(30);
    expect(first.heads.after).toEqual(["r29"]);
    const up = await dump();
    expect(up.length).toBeGreaterThan(60);

    const down = await downgrade({ dialect, revisions }, "base");
    expect(down.error).toBeUndefined();
    expect(down.results).toHaveLength(30);
    expect(down.heads.after).toEqual([]);
    expect(await dump()).toEqual(empty);

    // step by step on the way back up: one revision at a time through the branches
    const again = await upgrade({ dialect, revisions }, "r14");
    expect(again.heads.after).toEqual(["r14"]);
    const side = await upgrade({ dialect, revisions }, "r27");
    expect(side.heads.after).toEqual(["r14", "r27"]);
    const rest = await upgrade({ dialect, revisions }, "heads");
    expect(rest.heads.after).toEqual(["r29"]);
    expect(await dump()).toEqual(up);
  }, 60_000);
});
