import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { type SchemaProject, schemaProject } from "./testing/schema-project.js";

const schema = (options: string) => `import { pgSequence } from "drizzle-orm/pg-core";
export const invoiceNo = pgSequence("invoice_no", ${options});
`;

// Found walking autogenerate → check with every pg-core property: giving a bigint sequence a
// maxValue made autogenerate fail (ATHANOR_INVALID_OPERATION: the old maximum, bigint's, is no
// JavaScript number), and once the differ left that bound to a note, `check` said the database
// matched the models while its sequence had no such bound.
describe("a sequence bound beyond 2^53 on PostgreSQL 15: autogenerate writes the rest, check reports it", () => {
  let backend: DatabaseBackend;
  let project: SchemaProject;

  beforeAll(async () => {
    backend = await postgresBackend("seqhand");
    project = await schemaProject("postgresql", backend.env());
    project.schema(schema("{ startWith: 1000, increment: 5 }"));
    for (const argv of [["migrate", "-m", "create"], ["upgrade"]]) {
      const r = await project.cli(...argv);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => backend?.dispose());

  test("migrate alters the increment and notes the maximum; check reports it until it is done", async () => {
    project.schema(schema("{ startWith: 1000, increment: 10, maxValue: 999999 }"));
    const made = await project.cli("migrate", "-m", "bound");
    expect(made.code, made.stderr).toBe(0);
    const versions = join(project.dir, "migrations/versions");
    const file = readdirSync(versions).find((f) => f.includes("bound")) ?? "";
    const text = readFileSync(join(versions, file), "utf8");
    expect(text).toContain(
      'op.alterSequence("invoice_no", { increment: 10 }, { existing: { increment: 5 } });',
    );
    expect(text).toMatch(/NOTE\(athanor\): sequence invoice_no: maxValue changed .*alter it by hand/);
    const up = await project.cli("upgrade");
    expect(up.code, up.stderr).toBe(0);

    const check = await project.cli("check", "--json");
    expect(check.code, check.stdout).toBe(1);
    const error = JSON.parse(check.stdout).error;
    expect(error.code).toBe("ATHANOR_SCHEMA_DRIFT");
    expect(error.meta.differences).toEqual([
      expect.stringMatching(/^by hand: sequence invoice_no: maxValue changed .*alter it by hand/),
    ]);
    const diff = await project.cli("diff");
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).not.toContain("No differences");
    expect(diff.stdout).toContain("NOTE: sequence invoice_no: maxValue changed");

    // done by hand, as the note says: nothing is left
    await backend.query(project.dir, "ALTER SEQUENCE invoice_no MAXVALUE 999999");
    const clean = await project.cli("check");
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toContain("No differences");
  });
});
