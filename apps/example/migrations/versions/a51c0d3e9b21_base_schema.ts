import { defineRevision } from "@athanor/core";

// The schema v1 of the service was written against: users with a `name`, and their orders.
export default defineRevision({
  id: "a51c0d3e9b21",
  parents: [],
  message: "base schema: users and orders",
  createdAt: "2026-11-25T09:00:00.000Z",
  upgrade(op) {
    op.createTable("users", {
      columns: [
        { name: "id", type: "bigint", nullable: false, identity: { always: false } },
        { name: "email", type: "varchar(320)", nullable: false },
        { name: "name", type: "varchar(200)", nullable: false },
        { name: "created_at", type: "timestamp", nullable: false, default: "CURRENT_TIMESTAMP" },
      ],
      primaryKey: ["id"],
      uniques: [{ name: "users_email_key", columns: ["email"] }],
    });
    op.createTable("orders", {
      columns: [
        { name: "id", type: "bigint", nullable: false, identity: { always: false } },
        { name: "user_id", type: "bigint", nullable: false },
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
