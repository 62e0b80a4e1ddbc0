import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A four-revision history written as native `.mjs` revision files (a temporary folder cannot
// resolve @athanor/core, so each file brings a local defineRevision). It covers a create, an
// add column, a non-transactional CREATE INDEX CONCURRENTLY and a data migration with op.query.
const FILES: Readonly<Record<string, string>> = {
  "a1_users.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "a1", parents: [], message: "users",
  upgrade(op) { op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "text" }], primaryKey: ["id"] }); },
  downgrade(op) { op.dropTable("users"); },
});`,
  "b2_timezone.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "b2", parents: ["a1"], message: "users.timezone",
  upgrade(op) { op.addColumn("users", { name: "timezone", type: "text", default: "'UTC'" }); },
  downgrade(op) { op.dropColumn("users", "timezone"); },
});`,
  "c3_email_index.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "c3", parents: ["b2"], message: "index users.email", transactional: false,
  upgrade(op) { op.createIndex("users_email_idx", "users", ["email"], { concurrently: true }); },
  downgrade(op) { op.dropIndex("users_email_idx", "users", { concurrently: true }); },
});`,
  "d4_seed.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "d4", parents: ["c3"], message: "seed",
  async upgrade(op) {
    op.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com')");
    const rows = await op.query("SELECT count(*)::int AS n FROM users WHERE timezone = $1", ["UTC"]);
    op.execute("INSERT INTO users (id, email) VALUES (" + (rows[0].n + 100) + ", 'count@example.com')");
  },
  async downgrade(op) { op.execute("DELETE FROM users"); },
});`,
};

/** The revision ids of {@link writeSmallHistory}, base first. */
export const SMALL_HISTORY = ["a1", "b2", "c3", "d4"] as const;

/**
 * Writes the small history into a new temporary folder and returns its path.
 *
 * @example
 * ```ts
 * const revisions = await writeSmallHistory();
 * await upgrade({ dialect, revisions }, "heads");
 * ```
 */
export async function writeSmallHistory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "athanor-history-"));
  await Promise.all(Object.entries(FILES).map(([name, text]) => writeFile(join(dir, name), `${text}\n`)));
  return dir;
}
