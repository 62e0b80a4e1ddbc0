import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, type Dialect, defineRevision, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { introspectSqlite } from "./introspector.js";
import { sqliteTestTargets } from "./testing/targets.js";

// The runner reads the schema (Dialect.reflect) only for operations that need a table's prior
// definition (Dialect.needsPriorDefinition), after sending what the revision queued before them.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-lazy-reflect-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** `base`, counting its reflections. */
function counted(base: Dialect): { dialect: Dialect; reflections: () => number } {
  let count = 0;
  const dialect: Dialect = {
    ...base,
    reflect: (conn: Connection) => {
      count++;
      return (base.reflect as NonNullable<Dialect["reflect"]>)(conn);
    },
  };
  return { dialect, reflections: () => count };
}

const targets = sqliteTestTargets().filter((t) => t.driver === "better-sqlite3" || t.driver === "d1");

describe.each(targets)("lazy reflection ($driver)", (target) => {
  afterAll(() => target.dispose());

  test("a history of CREATE TABLEs reads no schema; a rebuild after raw DDL in the same revision reads it once, after that DDL", async () => {
    const file = join(folder, `lazy-${target.driver}.sqlite`);
    const { dialect, reflections } = counted(target.dialect(file));
    const plain = Array.from({ length: 5 }, (_, i) =>
      defineRevision({
        id: `p${i}`,
        parents: i === 0 ? [] : [`p${i - 1}`],
        upgrade: (op) => {
          op.execute(`CREATE TABLE "raw_${i}" ("id" integer PRIMARY KEY)`);
          op.createTable(`made_${i}`, { columns: [{ name: "id", type: "integer", nullable: false }] });
          op.addColumn(`made_${i}`, { name: "note", type: "text" }); // ADD COLUMN: no rebuild
        },
        downgrade: () => undefined,
      }),
    );
    let seen: unknown;
    const rebuild = defineRevision({
      id: "r",
      parents: ["p4"],
      async upgrade(op) {
        op.execute('CREATE TABLE "items" ("id" integer PRIMARY KEY, "label" text)');
        op.execute(`INSERT INTO "items" ("id", "label") VALUES (1, 'a'), (2, NULL)`);
        op.execute(`UPDATE "items" SET "label" = 'none' WHERE "label" IS NULL`);
        op.alterColumn("items", "label", { nullable: false, default: "'none'" });
        seen = await op.query(`SELECT "label" FROM "items" ORDER BY "id"`);
        op.alterColumn("items", "label", { type: "varchar(20)" }); // the model advanced: no second read
      },
      downgrade: () => undefined,
    });

    const first = await upgrade({ dialect, revisions: plain }, "heads");
    expect(first.error).toBeUndefined();
    expect(reflections()).toBe(0);

    const second = await upgrade({ dialect, revisions: [...plain, rebuild] }, "heads");
    expect(second.error).toBeUndefined();
    expect(reflections()).toBe(1);
    expect(seen).toEqual([{ label: "a" }, { label: "none" }]);

    const conn = await target.dialect(file).connect();
    try {
      const items = (await introspectSqlite(conn)).tables.find((t) => t.name === "items");
      expect(items?.columns.find((c) => c.name === "label")).toMatchObject({
        type: "varchar(20)",
        nullable: false,
        default: "'none'",
      });
    } finally {
      await conn.close();
    }
  });
});
