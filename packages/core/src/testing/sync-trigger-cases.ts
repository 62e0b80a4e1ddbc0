import type { Connection } from "../dialect/connection.js";
import type { CreateSyncTrigger } from "../ops/operation.js";
import { operations } from "../ops/operations.js";
import type { ConformanceCases, ConformanceContext } from "./conformance-types.js";

type SyncKinds = "createSyncTrigger" | "dropSyncTrigger";

// Hostile names: quotes of both kinds in the table, both columns and the trigger, so a renderer
// that splices a name instead of quoting it fails here.
const TABLE = `sync "it's"`;
const OLD = `old 'mail"`;
const NEW = `new "mail'`;
const TRIGGER = `sync "it's"_trg`;

const syncTable = (ctx: ConformanceContext) =>
  operations.createTable(TABLE, {
    columns: [
      { name: "id", type: ctx.types.integer.sql, nullable: false },
      { name: OLD, type: ctx.types.varchar40.sql },
      { name: NEW, type: ctx.types.varchar40.sql },
    ],
    primaryKey: ["id"],
  });
const twoWay = (): CreateSyncTrigger =>
  operations.createSyncTrigger(TRIGGER, TABLE, { source: OLD, target: NEW, twoWay: true });

/** The table's rows as `id:old|new`, the two columns read by position (no name to quote). */
async function rows(conn: Connection): Promise<string> {
  const sql = (q: string) => `SELECT * FROM ${q}${TABLE.replaceAll(q, q + q)}${q} ORDER BY 1`;
  // A dialect quotes with " or `; the one whose statement runs is the dialect's.
  const result = await conn.query<Record<string, unknown>>(sql('"')).catch(() => conn.query(sql("`")));
  return result.rows
    .map((r) =>
      Object.values(r)
        .map((v) => (v === null ? "∅" : String(v)))
        .join("|"),
    )
    .join(" ");
}

async function insert(conn: Connection, id: number, column: "old" | "new", value: string): Promise<void> {
  // Column order is id, old, new: an INSERT by position names no column.
  const values = column === "old" ? `${id}, '${value}', NULL` : `${id}, NULL, '${value}'`;
  await conn
    .executeScript([`INSERT INTO "${TABLE.replaceAll('"', '""')}" VALUES (${values})`])
    .catch(() => conn.executeScript([`INSERT INTO \`${TABLE.replaceAll("`", "``")}\` VALUES (${values})`]));
}

/** Cases for the triggers that keep two columns in step during a staged rename or type change. */
export const SYNC_TRIGGER_CASES: Pick<ConformanceCases, SyncKinds> = {
  createSyncTrigger: [
    {
      name: "two-way under hostile names: old code's rows reach the new column and new code's the old",
      requires: ["syncTriggers"],
      setup: (ctx) => [syncTable(ctx)],
      op: () => twoWay(),
      // Triggers are not part of the schema model; `verify` proves the trigger runs.
      expect: () => [],
      verify: async (conn) => {
        await insert(conn, 1, "old", "old@code");
        await insert(conn, 2, "new", "new@code");
        const seen = await rows(conn);
        if (seen !== "1|old@code|old@code 2|new@code|new@code")
          throw new Error(`the sync trigger did not copy both ways: ${seen}`);
      },
    },
    {
      name: "one-way with a conversion over NEW",
      requires: ["syncTriggers"],
      setup: (ctx) => [
        operations.createTable("sync_items", {
          columns: [
            { name: "id", type: ctx.types.integer.sql, nullable: false },
            { name: "src", type: ctx.types.varchar40.sql },
            { name: "dst", type: ctx.types.varchar40.sql },
          ],
          primaryKey: ["id"],
        }),
      ],
      op: () =>
        operations.createSyncTrigger("sync_items_src_dst_sync", "sync_items", {
          source: "src",
          target: "dst",
          twoWay: false,
          toTarget: "UPPER(NEW.src)",
        }),
      expect: () => [],
      verify: async (conn) => {
        await conn.executeScript([
          "INSERT INTO sync_items (id, src) VALUES (1, 'abc')",
          "UPDATE sync_items SET src = 'xyz' WHERE id = 1",
        ]);
        const { rows: found } = await conn.query<{ dst: string }>("SELECT dst FROM sync_items");
        if (found[0]?.dst !== "XYZ")
          throw new Error(`the conversion was not applied: ${JSON.stringify(found)}`);
      },
    },
  ],
  dropSyncTrigger: [
    {
      name: "dropped under hostile names: rows are no longer copied; the inverse creates it again",
      requires: ["syncTriggers"],
      setup: (ctx) => [syncTable(ctx), twoWay()],
      op: () => operations.dropSyncTrigger(TRIGGER, TABLE, { source: OLD, target: NEW, twoWay: true }),
      expect: () => [],
      verify: async (conn) => {
        await insert(conn, 1, "old", "old@code");
        const seen = await rows(conn);
        if (seen !== "1|old@code|∅") throw new Error(`a dropped sync trigger still copied: ${seen}`);
      },
    },
  ],
};
