import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "../testing/database-backend.js";
import { type SchemaProject, schemaProject } from "../testing/schema-project.js";

// A column a generated column computes from cannot move through a second column: the staged
// rename's expand revision added `email` while the differ re-created `mail_lower` as
// lower(email) first ("column email does not exist"), and the --no-stage downgrade re-added
// lower(mail) before renaming email back. RENAME COLUMN rewrites the expression itself: the
// rename runs in place, with a note saying why it is not staged, and nothing is re-created.
let backend: Awaited<ReturnType<typeof postgresBackend>>;
let project: SchemaProject;
beforeAll(async () => {
  backend = await postgresBackend("generated_source_rename");
  project = await schemaProject("postgresql", backend.env());
});
afterAll(async () => {
  await backend?.dispose();
});

const schema = (mail: string) => `import { sql } from "drizzle-orm";
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey(),
    ${mail}: text("${mail}"),
    mailLower: text("mail_lower").generatedAlwaysAs(sql\`lower(${mail})\`),
  },
  (t) => [index("users_mail_lower_idx").on(t.mailLower)],
);`;
const ok = async (...argv: string[]) => {
  const r = await project.cli(...argv);
  expect(r.code, `${argv.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
  return r;
};
const rows = (mail: string) =>
  backend.query("", `SELECT id, ${mail} AS mail, mail_lower FROM users ORDER BY id`);

test("a staged rename of a column a generated column computes from: renamed in place with a note, rows kept, and back", async () => {
  project.schema(schema("mail"));
  await ok("migrate", "-m", "create users");
  await ok("upgrade", "head");
  await backend.query("", "INSERT INTO users (id, mail) VALUES (1, 'Ada@X.org'), (2, 'BOB@y.org')");
  const before = await rows("mail");

  project.schema(schema("email"));
  // --json states the note as the file does (this probe revision is set aside again)
  const probe = await ok(
    "revision",
    "--autogenerate",
    "-m",
    "probe",
    "--rename",
    "users.mail:email",
    "--json",
    "--rev-id",
    "probe1",
  );
  const json = JSON.parse(probe.stdout) as { diff: { notes: string[] } };
  expect(json.diff.notes).toEqual([
    "users.mail: not staged (generated column mail_lower computes from it); the change runs in one step here — review it.",
  ]);
  rmSync(join(project.dir, "migrations/versions/probe1_probe.ts"));
  const generated = await ok(
    "revision",
    "--autogenerate",
    "-m",
    "rename mail",
    "--rename",
    "users.mail:email",
  );
  expect(generated.stdout.match(/Created revision/g)).toHaveLength(1);
  expect(generated.stdout).toContain(
    "NOTE: users.mail: not staged (generated column mail_lower computes from it)",
  );
  expect(generated.stdout).not.toMatch(/column users\.mail_lower|users_mail_lower_idx/);
  const file = /migrations\/versions\/\S+_rename_mail\.ts/.exec(generated.stdout)?.[0] ?? "no file printed";
  const text = readFileSync(join(project.dir, file), "utf8");
  expect(text).toContain('op.renameColumn("users", "mail", "email")');
  expect(text).toContain(
    "NOTE(athanor): users.mail: not staged (generated column mail_lower computes from it)",
  );
  expect(text).toContain('rule: "pg/rename-column"');
  expect(text).not.toMatch(/dropColumn|addColumn|createIndex|dropIndex/);

  await ok("upgrade", "head");
  expect(await rows("email")).toEqual(before);
  await backend.query("", "INSERT INTO users (id, email) VALUES (3, 'Cy@Z.org')");
  expect(await backend.query("", "SELECT mail_lower FROM users WHERE id = 3")).toEqual([
    { mail_lower: "cy@z.org" },
  ]);
  await ok("check");
  await ok("check", "--against", "migrations");

  await backend.query("", "DELETE FROM users WHERE id = 3");
  await ok("downgrade", "-1");
  expect(await rows("mail")).toEqual(before);
  rmSync(join(project.dir, file));
  project.schema(schema("mail"));
  await ok("check");
});
