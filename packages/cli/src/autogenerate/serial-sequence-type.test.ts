import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "../testing/database-backend.js";
import { type SchemaProject, schemaProject } from "../testing/schema-project.js";

// PostgreSQL's ALTER COLUMN TYPE leaves a serial column's sequence as it was: after
// serial → bigserial the column is bigint and nextval still stops at 2,147,483,647.
let backend: Awaited<ReturnType<typeof postgresBackend>>;
let project: SchemaProject;
beforeAll(async () => {
  backend = await postgresBackend("serial_seq");
  project = await schemaProject("postgresql", backend.env());
});
afterAll(async () => {
  await backend?.dispose();
});

const schema = (id: string) => `import { pgTable, ${id.split("(")[0]}, text } from "drizzle-orm/pg-core";
export const t = pgTable("t", { id: ${id}.primaryKey(), name: text("name") });`;
const ok = async (...argv: string[]) => {
  const r = await project.cli(...argv);
  expect(r.code, `${argv.join(" ")}: ${r.stderr}`).toBe(0);
  return r;
};
const sequenceType = async () =>
  (
    await backend.query<{ data_type: string }>(
      "",
      "SELECT data_type FROM pg_sequences WHERE sequencename = 't_id_seq'",
    )
  )[0]?.data_type;

test("serial → bigserial alters the column and its sequence; the way back narrows both; check sees a sequence left behind", async () => {
  project.schema(schema(`serial("id")`));
  await ok("migrate", "-m", "create t");
  await ok("upgrade", "head");

  project.schema(schema(`bigserial("id", { mode: "number" })`));
  const generated = await project.cli("revision", "--autogenerate", "-m", "widen", "--rev-id", "widen");
  expect(generated.stdout, generated.stderr).toContain("~ sequence t_id_seq: dataType");
  await ok("upgrade", "head");
  expect(await sequenceType()).toBe("bigint");
  await backend.query("", "SELECT setval('t_id_seq', 2147483647)");
  await backend.query("", "INSERT INTO t (name) VALUES ('past the integer range')");
  await ok("check");
  await ok("check", "--against", "migrations");

  await backend.query("", "DELETE FROM t; SELECT setval('t_id_seq', 1)");
  await ok("downgrade", "-1");
  expect(await sequenceType()).toBe("integer");

  // what the revision did before: only the column's type — check now names the sequence
  writeFileSync(
    join(project.dir, "migrations", "versions", "widen_widen.ts"),
    `import { defineRevision } from "@athanor/core";
export default defineRevision({ id: "widen", parents: ${JSON.stringify([await head(project)])}, message: "widen",
  upgrade(op) { op.alterColumn("t", "id", { type: "bigint", existingType: "integer" }); },
  downgrade(op) { op.alterColumn("t", "id", { type: "integer", existingType: "bigint" }); } });
`,
  );
  await ok("upgrade", "head", "--ignore-lint-errors");
  const check = await project.cli("check");
  expect(check.code).toBe(1);
  expect(check.stdout).toContain("~ sequence t_id_seq: dataType");
});

async function head(p: SchemaProject): Promise<string> {
  const out = (await p.cli("current")).stdout;
  return /[0-9a-f]{12}/.exec(out)?.[0] ?? "";
}
