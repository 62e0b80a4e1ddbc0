import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectCli, tempDir, useSchemaFile } from "./harness.js";

/** A throw-away database for the staged-recipe suite; fails (never skips) when the server is down. */
export interface StageBackend {
  readonly dialect: "postgresql" | "mysql";
  readonly env: Record<string, string>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

/** Runs `statements` on the backend, one at a time, in order. */
export async function runStatements(backend: StageBackend, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await backend.query(sql);
}

const USERS_COLUMNS = {
  postgresql:
    "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'users' ORDER BY 1",
  mysql:
    "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY 1",
} as const;

/** The column names of `users`, sorted. */
export async function usersColumns(backend: StageBackend): Promise<unknown[]> {
  return (await backend.query(USERS_COLUMNS[backend.dialect])).map((r) => r.c);
}

/** The Drizzle column builders of one dialect, so both suites walk the same schema history. */
interface Columns {
  readonly header: string;
  readonly table: string;
  readonly id: string;
  readonly mail: (name: string) => string;
  readonly ageText: string;
  readonly ageInt: string;
  readonly legacy: string;
  readonly tz: string;
}

const PG: Columns = {
  header: 'import { index, integer, pgTable, text, varchar } from "drizzle-orm/pg-core";',
  table: "pgTable",
  id: 'integer("id").primaryKey()',
  mail: (name) => `varchar("${name}", { length: 100 }).notNull()`,
  ageText: 'text("age")',
  ageInt: 'integer("age")',
  legacy: 'text("legacy")',
  tz: 'text("tz").notNull()',
};
const MYSQL: Columns = {
  header: 'import { index, int, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";',
  table: "mysqlTable",
  id: 'int("id").primaryKey()',
  mail: (name) => `varchar("${name}", { length: 100 }).notNull()`,
  ageText: 'varchar("age", { length: 20 })',
  ageInt: 'int("age")',
  legacy: 'text("legacy")',
  tz: 'varchar("tz", { length: 64 }).notNull()',
};

interface Shape {
  readonly mailName: string;
  readonly ageInt: boolean;
  readonly tz: boolean;
  readonly legacy: boolean;
}

function schema(c: Columns, s: Shape): string {
  const fields = [
    `id: ${c.id}`,
    `${s.mailName}: ${c.mail(s.mailName)}`,
    `age: ${s.ageInt ? c.ageInt : c.ageText}`,
    ...(s.legacy ? [`legacy: ${c.legacy}`] : []),
    ...(s.tz ? [`tz: ${c.tz}`] : []),
  ];
  return `${c.header}
export const users = ${c.table}("users", { ${fields.join(", ")} }, (t) => [index("users_mail_idx").on(t.${s.mailName})]);
`;
}

/** Rows with every value as text (or null), so drivers' number and string forms compare equal. */
export const rowsOf = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

/**
 * Each staged recipe end to end on a database with rows: generate → `upgrade --phase expand` →
 * old-shape writes still work → fill the backfill stub → `upgrade` → `check` finds nothing →
 * downgrade to the start → the data is intact → back to heads for the next recipe.
 */
export function defineStageSuite(makeBackend: () => Promise<StageBackend>): void {
  describe("staged autogenerate end to end", () => {
    let backend: StageBackend;
    let project: string;
    let columns: Columns;
    const { cli, must } = projectCli(
      () => project,
      () => backend.env,
    );
    const users = async (cols: string) =>
      rowsOf(await backend.query(`SELECT ${cols} FROM users ORDER BY id`));
    const versions = () => join(project, "migrations/versions");
    const fileOf = (id: string) => {
      const name = readdirSync(versions()).find(
        (f) => f.startsWith(`${id}_`) && !f.slice(id.length + 1).match(/^\d_/),
      );
      return readFileSync(join(versions(), name ?? ""), "utf8");
    };

    /** Generates one step's revisions and returns their ids, checking each carries its phase. */
    const generate = async (shape: Shape, id: string, phases: (string | undefined)[], ...extra: string[]) => {
      writeFileSync(join(project, "schema.ts"), schema(columns, shape));
      const made = await must("revision", "--autogenerate", "-m", `step ${id}`, "--rev-id", id, ...extra);
      expect(made.stdout).toContain("because:");
      const ids = phases.map((_, i) => (i === 0 ? id : `${id}_${i + 1}`));
      ids.forEach((rev, i) => {
        const text = fileOf(rev);
        expect(text).toContain(i === 0 ? "parents: [" : `parents: ["${ids[i - 1]}"]`);
        const phase = phases[i];
        if (phase === undefined) expect(text).not.toContain("  phase:");
        else expect(text).toContain(`  phase: "${phase}",`);
      });
      return ids;
    };

    /** Fills every backfill stub of the step's files, as a user does before the first upgrade. */
    const fillStubs = (ids: readonly string[], value: string) => {
      let filled = 0;
      for (const name of readdirSync(versions()).filter((f) =>
        ids.some((id) => f.startsWith(`${id}_step`)),
      )) {
        const text = readFileSync(join(versions(), name), "utf8");
        const next = text.replaceAll('"/* TODO(athanor): expression */ NULL"', JSON.stringify(value));
        if (next !== text) filled++;
        writeFileSync(join(versions(), name), next);
      }
      expect(filled).toBeGreaterThan(0);
    };

    // what autogenerate writes passes lint: upgrade runs without --ignore-lint-errors
    const upgrade = (...argv: string[]) => must("upgrade", ...argv);
    const finish = async (start: string, before: Record<string, unknown>[], cols: string) => {
      await upgrade();
      const check = await cli("check");
      expect(check.code, check.stdout + check.stderr).toBe(0);
      await must("downgrade", start);
      expect(await users(cols)).toEqual(before);
      await upgrade();
    };

    beforeAll(async () => {
      backend = await makeBackend();
      columns = backend.dialect === "mysql" ? MYSQL : PG;
      project = tempDir("athanor-stage-");
      expect((await cli("init", "--dialect", backend.dialect)).code).toBe(0);
      useSchemaFile(project);
      writeFileSync(
        join(project, "schema.ts"),
        schema(columns, { mailName: "mail", ageInt: false, tz: false, legacy: true }),
      );
      await must("revision", "--autogenerate", "-m", "users", "--rev-id", "a00000000001");
      await must("upgrade");
      await backend.query(
        "INSERT INTO users (id, mail, age, legacy) VALUES (1, 'ann@example.com', '31', 'l1'), (2, 'bob@example.com', '42', NULL), (3, 'cy@example.com', NULL, 'l3')",
      );
    }, 120_000);
    afterAll(async () => backend?.dispose());

    test("new NOT NULL column: nullable in expand, backfill stub, NOT NULL in contract", async () => {
      const ids = await generate(
        { mailName: "mail", ageInt: false, tz: true, legacy: true },
        "b00000000001",
        backend.dialect === "mysql"
          ? ["expand", "migrate", "contract", "contract"]
          : ["expand", "migrate", "contract", "contract", "contract"],
      );
      fillStubs(ids, "'UTC'");
      await upgrade("--phase", "expand");
      // old code, which knows nothing of tz, keeps inserting after the backfill ran
      await backend.query(
        "INSERT INTO users (id, mail, age, legacy) VALUES (4, 'old@example.com', '5', NULL)",
      );
      expect(await users("id, tz")).toEqual(
        [1, 2, 3, 4].map((id) => ({ id: String(id), tz: id === 4 ? null : "UTC" })),
      );
      const before = await users("id, mail, age, legacy");
      await finish("a00000000001", before, "id, mail, age, legacy");
      expect(await users("tz")).toEqual([1, 2, 3, 4].map(() => ({ tz: "UTC" })));
    }, 180_000);

    test("renamed column: added, kept in sync both ways, backfilled, old one dropped", async () => {
      const head = backend.dialect === "mysql" ? "b00000000001_4" : "b00000000001_5";
      // PostgreSQL builds the new column's index CONCURRENTLY in a second migrate revision
      const ids = await generate(
        { mailName: "email", ageInt: false, tz: true, legacy: true },
        "c00000000001",
        backend.dialect === "mysql"
          ? ["expand", "migrate", "contract"]
          : ["expand", "migrate", "migrate", "contract", "contract"],
        "--rename",
        "users.mail:email",
      );
      expect(ids).toHaveLength(backend.dialect === "mysql" ? 3 : 5);
      await upgrade("--phase", "expand");
      await backend.query("INSERT INTO users (id, mail, tz) VALUES (5, 'old-code@example.com', 'UTC')");
      await backend.query("INSERT INTO users (id, email, tz) VALUES (6, 'new-code@example.com', 'UTC')");
      await backend.query("UPDATE users SET mail = 'ann2@example.com' WHERE id = 1");
      // the backfill (migrate) filled old rows; the trigger keeps both names in step for new writes
      const synced = await users("id, mail, email");
      expect(synced).toHaveLength(6);
      for (const r of synced) expect(r.email).toBe(r.mail);
      expect(synced.find((r) => r.id === "1")?.mail).toBe("ann2@example.com");
      const before = await users("id, mail, age, legacy, tz");
      await finish(head, before, "id, mail, age, legacy, tz");
      expect(await users("id, email")).toEqual(before.map((r) => ({ id: r.id, email: r.mail })));
    }, 180_000);

    test("type change that rewrites: new column, one-way sync, backfill, swap in contract", async () => {
      const start = backend.dialect === "mysql" ? "c00000000001_3" : "c00000000001_5";
      await generate(
        { mailName: "email", ageInt: true, tz: true, legacy: true },
        "d00000000001",
        backend.dialect === "mysql" ? ["expand", "migrate", "contract"] : ["expand", "migrate", "contract"],
      );
      await upgrade("--phase", "expand");
      await backend.query("INSERT INTO users (id, email, age, tz) VALUES (7, 'g@example.com', '77', 'UTC')");
      await backend.query("UPDATE users SET age = '32' WHERE id = 1");
      expect(await users("id, age_new")).toEqual(
        (await users("id, age")).map((r) => ({ id: r.id, age_new: r.age })),
      );
      const before = await users("id, email, age, legacy, tz");
      await finish(start, before, "id, email, age, legacy, tz");
      expect(await users("id, age")).toEqual(before.map((r) => ({ id: r.id, age: r.age })));
    }, 180_000);

    test("dropped column: contract only, after old code is gone", async () => {
      const ids = await generate(
        { mailName: "email", ageInt: true, tz: true, legacy: false },
        "e00000000001",
        ["contract"],
      );
      expect(fileOf(ids[0] as string)).toContain("only once no running code uses it");
      const expand = await upgrade("--phase", "expand");
      expect(await users("id, legacy")).toHaveLength(7);
      expect(expand.stdout).not.toContain("e00000000001, step");
      const before = await users("id, email, age, tz");
      await finish("d00000000001_3", before, "id, email, age, tz");
      await expect(users("legacy")).rejects.toThrow(/legacy/);
    }, 180_000);

    test("--no-stage writes the plain single revision", async () => {
      writeFileSync(
        join(project, "schema.ts"),
        schema(columns, { mailName: "email", ageInt: true, tz: true, legacy: true }),
      );
      const made = await must(
        "revision",
        "--autogenerate",
        "-m",
        "plain",
        "--rev-id",
        "f00000000001",
        "--no-stage",
      );
      expect(made.stdout).not.toContain("because:");
      expect(readdirSync(versions()).filter((f) => f.startsWith("f00000000001"))).toHaveLength(1);
    });
  });
}
