import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Four revisions every tenant runs, in plain .mjs (a temporary folder cannot resolve athanor):
// a table with rows, a column, a small backfill, and a table `audit` — a tenant that already has
// one fails at r4 (the tests' broken tenant).
const REVISIONS: Readonly<Record<string, string>> = {
  "r1_users.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r1", parents: [], message: "users",
  upgrade(op) {
    op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "varchar(200)" }], primaryKey: ["id"] });
    op.execute("INSERT INTO users (id, email) VALUES (1, 'A@example.com'), (2, 'B@example.com')");
  },
  downgrade(op) { op.dropTable("users"); },
});`,
  "r2_lower.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r2", parents: ["r1"], message: "users.email_lower",
  upgrade(op) { op.addColumn("users", { name: "email_lower", type: "varchar(200)" }); },
  downgrade(op) { op.dropColumn("users", "email_lower"); },
});`,
  "r3_backfill.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r3", parents: ["r2"], message: "backfill email_lower", phase: "migrate",
  async upgrade(op) { await op.backfill({ table: "users", set: { email_lower: "lower(email)" }, where: "email_lower IS NULL", batchSize: 1 }); },
  downgrade() {},
});`,
  "r4_audit.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r4", parents: ["r3"], message: "audit",
  upgrade(op) { op.createTable("audit", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: ["id"] }); },
  downgrade(op) { op.dropTable("audit"); },
});`,
};

/** The revision ids of {@link writeFleetProject}, base first. */
export const FLEET_PROJECT_REVISIONS = ["r1", "r2", "r3", "r4"] as const;

/**
 * A project folder with the four revisions and an `athanor.config.mjs` holding `config` (a JSON
 * value: url, dialect, fleets).
 *
 * @example
 * ```ts
 * const dir = writeFleetProject({ url, fleets: { tenants: { schemas: ["a", "b"] } } });
 * ```
 */
export function writeFleetProject(config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "athanor-fleet-"));
  writeFileSync(join(dir, "package.json"), "{}\n");
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  for (const [name, text] of Object.entries(REVISIONS))
    writeFileSync(join(dir, "migrations/versions", name), `${text}\n`);
  writeFileSync(join(dir, "athanor.config.mjs"), `export default ${JSON.stringify(config, null, 2)};\n`);
  return dir;
}

// The Drizzle models of the four revisions' end state, in plain .mjs, per engine.
const MODELS = {
  postgresql: `import { integer, pgTable, varchar } from "drizzle-orm/pg-core";
export const users = pgTable("users", { id: integer("id").primaryKey(), email: varchar("email", { length: 200 }), email_lower: varchar("email_lower", { length: 200 }) });
export const audit = pgTable("audit", { id: integer("id").primaryKey() });`,
  mysql: `import { int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", { id: int("id").primaryKey(), email: varchar("email", { length: 200 }), email_lower: varchar("email_lower", { length: 200 }) });
export const audit = mysqlTable("audit", { id: int("id").primaryKey() });`,
} as const;

/**
 * A fleet project whose config also names Drizzle models (`schema.mjs`, matching the revisions'
 * end state) for `check --fleet`, with drizzle-orm reachable from the folder.
 *
 * @example
 * ```ts
 * const dir = writeFleetProjectWithModels("postgresql", { url, fleets: { tenants: { schemas: ["a"] } } });
 * ```
 */
export function writeFleetProjectWithModels(
  engine: keyof typeof MODELS,
  config: Record<string, unknown>,
): string {
  const dir = writeFleetProject({ ...config, schema: "schema.mjs" });
  writeFileSync(join(dir, "schema.mjs"), `${MODELS[engine]}\n`);
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}
