import { defineRevision, type RevisionDefinition } from "@athanor/core";

// A history written with portable types only, so the same revisions run on PGlite, PostgreSQL
// and MariaDB. It has an expand → migrate → contract rollout (b2, e5, f6), an index, a foreign
// key, and a branch (g7a, g7b) merged by m8, so the walker must revert single revisions of a
// branched history.

const LEGACY_SESSIONS = {
  columns: [
    { name: "id", type: "integer", nullable: false },
    { name: "token", type: "varchar(64)" },
  ],
  primaryKey: ["id"],
} as const;

const a1 = defineRevision({
  id: "a1",
  parents: [],
  message: "users and legacy sessions",
  upgrade(op) {
    op.createTable("users", {
      columns: [
        { name: "id", type: "integer", nullable: false },
        { name: "email", type: "varchar(255)", nullable: false },
      ],
      primaryKey: ["id"],
    });
    op.createTable("legacy_sessions", LEGACY_SESSIONS);
  },
  downgrade(op) {
    op.dropTable("legacy_sessions");
    op.dropTable("users");
  },
});

const b2 = defineRevision({
  id: "b2",
  parents: ["a1"],
  message: "users.display_name",
  phase: "expand",
  upgrade(op) {
    op.addColumn("users", { name: "display_name", type: "varchar(100)" });
  },
  downgrade(op) {
    op.dropColumn("users", "display_name");
  },
});

const c3 = defineRevision({
  id: "c3",
  parents: ["b2"],
  message: "index users.email",
  upgrade(op) {
    op.createIndex("users_email_idx", "users", ["email"]);
  },
  downgrade(op) {
    op.dropIndex("users_email_idx", "users");
  },
});

const d4 = defineRevision({
  id: "d4",
  parents: ["c3"],
  message: "posts",
  upgrade(op) {
    op.createTable("posts", {
      columns: [
        { name: "id", type: "integer", nullable: false },
        { name: "user_id", type: "integer", nullable: false },
        { name: "title", type: "varchar(200)", nullable: false },
      ],
      primaryKey: ["id"],
      foreignKeys: [
        // explicit actions: MariaDB reports an unspecified action as RESTRICT, Drizzle as NO ACTION
        {
          name: "posts_user_fk",
          columns: ["user_id"],
          references: { table: "users", columns: ["id"] },
          onDelete: "no action",
          onUpdate: "no action",
        },
      ],
    });
  },
  downgrade(op) {
    op.dropTable("posts");
  },
});

const e5 = defineRevision({
  id: "e5",
  parents: ["d4"],
  message: "backfill display_name",
  phase: "migrate",
  upgrade(op) {
    op.execute("UPDATE users SET display_name = email WHERE display_name IS NULL");
  },
  downgrade() {},
});

const f6 = defineRevision({
  id: "f6",
  parents: ["e5"],
  message: "drop legacy_sessions",
  phase: "contract",
  upgrade(op) {
    op.dropTable("legacy_sessions");
  },
  downgrade(op) {
    op.createTable("legacy_sessions", LEGACY_SESSIONS);
  },
});

const g7a = defineRevision({
  id: "g7a",
  parents: ["f6"],
  message: "tags",
  upgrade(op) {
    op.createTable("tags", {
      columns: [
        { name: "id", type: "integer", nullable: false },
        { name: "label", type: "varchar(50)", nullable: false },
      ],
      primaryKey: ["id"],
      uniques: [{ name: "tags_label_key", columns: ["label"] }],
    });
  },
  downgrade(op) {
    op.dropTable("tags");
  },
});

const g7b = defineRevision({
  id: "g7b",
  parents: ["f6"],
  message: "posts.body",
  upgrade(op) {
    op.addColumn("posts", { name: "body", type: "text" });
  },
  downgrade(op) {
    op.dropColumn("posts", "body");
  },
});

const m8 = defineRevision({
  id: "m8",
  parents: ["g7a", "g7b"],
  message: "merge tags and posts.body",
  upgrade() {},
  downgrade() {},
});

/** The correct sample history, base first. */
export const SAMPLE_HISTORY: readonly RevisionDefinition[] = [a1, b2, c3, d4, e5, f6, g7a, g7b, m8];

/** Revisions of the sample history by id, to build broken variants from. */
export const SAMPLE = { a1, b2, c3, d4, e5, f6, g7a, g7b, m8 } as const;

/**
 * The previous app version of the sample: reads and writes users and legacy sessions. It
 * works from a1 on, survives b2 (expand) and e5 (migrate), and breaks at f6 (contract).
 */
export async function sampleOldApp({
  connection,
}: {
  readonly connection: { query(sql: string): Promise<unknown> };
}): Promise<void> {
  await connection.query("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
  await connection.query("SELECT id, email FROM users WHERE id = 1");
  await connection.query("SELECT id, token FROM legacy_sessions");
}
