import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "../testing/database-backend.js";
import { type SchemaProject, schemaProject } from "../testing/schema-project.js";

// ALTER TABLE ... RENAME keeps the names PostgreSQL derived from the old table name: the key
// stays users_pkey and the serial column's sequence users_id_seq. A renamed table's revision
// renames them in place; it used to point the default at a missing accounts_id_seq and drop a
// primary key that another table's foreign key depends on.
let backend: Awaited<ReturnType<typeof postgresBackend>>;
let project: SchemaProject;
beforeAll(async () => {
  backend = await postgresBackend("table_rename_names");
  project = await schemaProject("postgresql", backend.env());
});
afterAll(async () => {
  await backend?.dispose();
});

const schema = (name: string) => `import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
export const owner = pgTable("${name}", { id: serial("id").primaryKey(), name: text("name") });
export const orders = pgTable("orders", {
  id: serial("id").primaryKey(),
  ownerId: integer("owner_id").references(() => owner.id),
});`;
const ok = async (...argv: string[]) => {
  const r = await project.cli(...argv);
  expect(r.code, `${argv.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
  return r;
};
/** Constraint, key index and sequence names in the database, sorted. */
const names = async () =>
  (
    await backend.query<{ name: string }>(
      "",
      `SELECT conname AS name FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'`,
    )
  )
    .map((r) => r.name)
    .filter((n) => !n.startsWith("athanor_"))
    .sort();

/** The names the database holds when the owner table is `table`, as PostgreSQL and drizzle derive them. */
const renamed = (table: string) => [
  `${table}_pkey`,
  `${table}_pkey`,
  `${table}_id_seq`,
  "orders_pkey",
  "orders_pkey",
  "orders_id_seq",
  `orders_owner_id_${table}_id_fk`,
];

test("a renamed serial-keyed table another table references: key and sequence renamed in place, rows and the foreign key kept, and back", async () => {
  project.schema(schema("users"));
  await ok("migrate", "-m", "create users");
  await ok("upgrade", "head");
  expect(await names()).toEqual([...renamed("users")].sort());
  await backend.query("", "INSERT INTO users (name) VALUES ('ada'), ('bob')");
  await backend.query("", "INSERT INTO orders (owner_id) VALUES (1), (2)");

  project.schema(schema("accounts"));
  const generated = await ok("revision", "--autogenerate", "-m", "two", "--rename", "users:accounts");
  expect(generated.stdout).toContain("~ rename sequence users_id_seq → accounts_id_seq");
  expect(generated.stdout).toContain("~ rename constraint users_pkey on accounts → accounts_pkey");
  expect(generated.stdout).not.toMatch(/- constraint users_pkey|\+ primary key accounts_pkey/);
  await ok("upgrade", "head");

  // constraint and index of the key, the sequence, and the drizzle-named foreign key all follow
  expect(await names()).toEqual([...renamed("accounts")].sort());
  expect(await backend.query("", "SELECT id, name FROM accounts ORDER BY id")).toEqual([
    { id: 1, name: "ada" },
    { id: 2, name: "bob" },
  ]);
  // the sequence carries on from where it was, and the foreign key still holds
  await backend.query("", "INSERT INTO accounts (name) VALUES ('cy')");
  expect(await backend.query("", "SELECT max(id) AS id FROM accounts")).toEqual([{ id: 3 }]);
  await expect(backend.query("", "INSERT INTO orders (owner_id) VALUES (99)")).rejects.toThrow(
    /foreign key constraint/,
  );
  await ok("check");
  await ok("check", "--against", "migrations");

  await backend.query("", "DELETE FROM accounts WHERE id = 3");
  await ok("downgrade", "-1");
  // the old models against the database the downgrade left: the rename's revision set aside
  const file = /migrations\/versions\/\S+_two\.ts/.exec(generated.stdout)?.[0] ?? "no revision file printed";
  rmSync(join(project.dir, file));
  project.schema(schema("users"));
  await ok("check");
  expect(await names()).toEqual([...renamed("users")].sort());
  expect(
    await backend.query("", "SELECT count(*)::int AS n FROM orders JOIN users ON users.id = orders.owner_id"),
  ).toEqual([{ n: 2 }]);
});
