import { type ColumnInput, defineRevision, type Op } from "@athanor/core";

// The schema v1 of the service was written against: users with a `name`, and their orders.

/**
 * The key of both tables: a bigint identity, or on SQLite (no identity columns) an `integer`
 * primary key, which SQLite numbers itself (an alias of the rowid).
 */
function idColumn(op: Op): ColumnInput {
  return op.dialect === "sqlite"
    ? { name: "id", type: "integer", nullable: false }
    : { name: "id", type: "bigint", nullable: false, identity: { always: false } };
}

export default defineRevision({
  id: "a51c0d3e9b21",
  parents: [],
  message: "base schema: users and orders",
  createdAt: "2026-11-25T09:00:00.000Z",
  upgrade(op) {
    op.createTable("users", {
      columns: [
        idColumn(op),
        { name: "email", type: "varchar(320)", nullable: false },
        { name: "name", type: "varchar(200)", nullable: false },
        { name: "created_at", type: "timestamp", nullable: false, default: "CURRENT_TIMESTAMP" },
      ],
      primaryKey: ["id"],
      uniques: [{ name: "users_email_key", columns: ["email"] }],
    });
    op.createTable("orders", {
      columns: [
        idColumn(op),
        { name: "user_id", type: op.dialect === "sqlite" ? "integer" : "bigint", nullable: false },
        { name: "total_cents", type: "integer", nullable: false },
        { name: "created_at", type: "timestamp", nullable: false, default: "CURRENT_TIMESTAMP" },
      ],
      primaryKey: ["id"],
      foreignKeys: [
        {
          name: "orders_user_id_fkey",
          columns: ["user_id"],
          references: { table: "users", columns: ["id"] },
        },
      ],
    });
    op.createIndex("orders_user_id_idx", "orders", ["user_id"]);
  },
  downgrade(op) {
    op.dropTable("orders");
    op.dropTable("users");
  },
});
