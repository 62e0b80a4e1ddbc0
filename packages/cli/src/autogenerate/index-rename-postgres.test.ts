import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "../testing/database-backend.js";
import { type SchemaProject, schemaProject } from "../testing/schema-project.js";

// An index renamed in the models, or named after a table the revision renames, used to be
// dropped in one revision and built CONCURRENTLY in the next: between the two, the table had no
// index, and a unique index's rule was not enforced — a duplicate written then made the second
// revision fail. It is renamed in place now: the same index (same oid) under the new name.
let backend: Awaited<ReturnType<typeof postgresBackend>>;
let project: SchemaProject;
beforeAll(async () => {
  backend = await postgresBackend("index_rename");
  project = await schemaProject("postgresql", backend.env());
});
afterAll(async () => {
  await backend?.dispose();
});

const schema = (table: string, emailIndex: string, nameIndex: string) =>
  `import { index, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
export const t = pgTable("${table}", { id: serial("id").primaryKey(), email: text("email"), name: text("name") }, (t) => [
  uniqueIndex("${emailIndex}").on(t.email),
  index("${nameIndex}").on(t.name),
]);`;
const ok = async (...argv: string[]) => {
  const r = await project.cli(...argv);
  expect(r.code, `${argv.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
  return r;
};
/** Each index of the schema, by name, with its oid. */
const indexes = async () =>
  Object.fromEntries(
    (
      await backend.query<{ name: string; oid: number }>(
        "",
        "SELECT indexname AS name, (quote_ident(schemaname) || '.' || quote_ident(indexname))::regclass::oid::int AS oid FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE 'athanor%'",
      )
    ).map((r) => [r.name, r.oid]),
  );

test("an index renamed in the models, then with its table: the same index under the new name, one revision each, and back", async () => {
  project.schema(schema("users", "users_email_idx", "users_name_idx"));
  await ok("migrate", "-m", "create users");
  await ok("upgrade", "head");
  await backend.query("", "INSERT INTO users (email, name) VALUES ('a@x', 'ada'), ('b@x', 'bob')");
  const before = await indexes();

  project.schema(schema("users", "users_email_key", "users_name_idx"));
  const renamed = await ok("migrate", "-m", "rename index");
  expect(renamed.stdout).toContain("~ rename index users_email_idx on users → users_email_key");
  expect(renamed.stdout).not.toMatch(/Staged into|- index|\+ unique index/);
  await ok("upgrade", "head");
  expect(await indexes()).toEqual({
    users_email_key: before.users_email_idx,
    users_name_idx: before.users_name_idx,
  });

  project.schema(schema("accounts", "accounts_email_key", "accounts_name_idx"));
  const moved = await ok("migrate", "-m", "rename table", "--rename", "users:accounts");
  expect(moved.stdout).not.toMatch(/Staged into|- index|\+ unique index|\+ index/);
  await ok("upgrade", "head");
  expect(await indexes()).toEqual({
    accounts_email_key: before.users_email_idx,
    accounts_name_idx: before.users_name_idx,
  });
  // the unique rule held all along, and holds now
  await expect(backend.query("", "INSERT INTO accounts (email) VALUES ('a@x')")).rejects.toThrow(
    /duplicate key/,
  );
  await ok("check");
  await ok("check", "--against", "migrations");

  await ok("downgrade", "-2");
  expect(await indexes()).toEqual(before);
  expect(await backend.query("", "SELECT email, name FROM users ORDER BY id")).toEqual([
    { email: "a@x", name: "ada" },
    { email: "b@x", name: "bob" },
  ]);
});
