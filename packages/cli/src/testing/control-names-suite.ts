import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type CliResult, runCli, tempDir, useSchemaFile } from "./harness.js";

// Names holding control characters a terminal acts on — ESC (an OSC window title, a colour), BEL,
// DEL, C1 CSI — from the models or a revision file. `upgrade --sql` goes out byte for byte, so a
// name written raw inside its quotes reached whoever displayed the script. PostgreSQL writes such
// a name as a unicode escape identifier (U&"t\001B…"), which names the same object; MariaDB and
// SQLite have no escaped form of a quoted name and refuse it (ATHANOR_INVALID_IDENTIFIER, nothing
// applied, the name shown escaped). Every other output shows the names escaped.

type Dialect = "postgresql" | "mysql" | "sqlite";

/** The database side of the suite: where the CLI points, and rows read outside athanor. */
export interface ControlNamesBackend {
  /** The environment of a project in `dir` (SQLite keeps its file there). */
  env(dir: string): Record<string, string>;
  query<Row = Record<string, unknown>>(dir: string, sql: string): Promise<Row[]>;
  /** Runs an offline script on the project's database as its client would (PostgreSQL only). */
  runScript?(dir: string, script: string): Promise<void>;
  /** Empties a database the tests share (each project starts from nothing). */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export const TABLE = "t\u001b]0;pwned\u0007";
export const COLUMN = "c\u001b[31m";
export const DROPPED = "d\u009b2J\u007f";
export const ADDED = "e\u007fx\u0085";
export const INDEX = "i\u001b[2J";
export const CHECK = "k\u0007";

/** Each name as every output shows it: C0 controls as `\x..`, DEL and C1 as `\u....`. */
const SHOWN: Readonly<Record<string, string>> = {
  [TABLE]: "t\\x1b]0;pwned\\x07",
  [DROPPED]: "d\\u009b2J\\u007f",
  [ADDED]: "e\\u007fx\\u0085",
};
const shown = (name: string) => SHOWN[name] as string;

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectInert(run: CliResult, what: string): void {
  expect(RAW_CONTROL.test(run.stdout), `${what} stdout: ${JSON.stringify(run.stdout)}`).toBe(false);
  expect(RAW_CONTROL.test(run.stderr), `${what} stderr: ${JSON.stringify(run.stderr)}`).toBe(false);
}

/** A refusal names the table or a column, as the terminal guard shows it. */
function expectNamedEscaped(text: string): void {
  expect(
    [TABLE, DROPPED].some((name) => text.includes(`Cannot use "${shown(name)}"`)),
    text,
  ).toBe(true);
}

const lit = (text: string) => JSON.stringify(text);

/** The Drizzle models: the table with its column, index and check, and `extra` as a last column. */
function schemaText(dialect: Dialect, extra: string): string {
  if (dialect === "postgresql")
    return `import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
export const t = pgTable(${lit(TABLE)}, { id: integer("id").primaryKey(), c: text(${lit(COLUMN)}), x: integer(${lit(extra)}) },
  (t) => [index(${lit(INDEX)}).on(t.c), check(${lit(CHECK)}, sql\`id > 0\`)]);
`;
  if (dialect === "mysql")
    return `import { index, int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
export const t = mysqlTable(${lit(TABLE)}, { id: int("id").primaryKey(), c: varchar(${lit(COLUMN)}, { length: 20 }), x: int(${lit(extra)}) },
  (t) => [index(${lit(INDEX)}).on(t.c)]);
`;
  return `import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
export const t = sqliteTable(${lit(TABLE)}, { id: integer("id").primaryKey(), c: text(${lit(COLUMN)}), x: integer(${lit(extra)}) },
  (t) => [index(${lit(INDEX)}).on(t.c)]);
`;
}

/**
 * The suite on one database: PostgreSQL-family backends apply the names escaped and read them
 * back; MariaDB and SQLite refuse them with nothing applied.
 *
 * @example
 * ```ts
 * defineControlNamesSuite({ dialect: "sqlite" }, async () => sqliteBackend);
 * ```
 */
export function defineControlNamesSuite(
  { dialect, roundTripOnly = false }: { readonly dialect: Dialect; readonly roundTripOnly?: boolean },
  makeBackend: () => Promise<ControlNamesBackend>,
): void {
  let backend: ControlNamesBackend;
  beforeAll(async () => {
    backend = await makeBackend();
  }, 120_000);
  afterAll(async () => backend?.dispose());

  /** A project of its own, its models {@link schemaText} with `extra`. */
  async function project(extra = DROPPED) {
    await backend.reset();
    const dir = tempDir("athanor-control-names-");
    const cli = (...argv: string[]) => runCli(dir, argv, { env: backend.env(dir) });
    const init = await cli("init", "--dialect", dialect);
    expect(init.code, init.stderr).toBe(0);
    useSchemaFile(dir);
    const models = (column: string) => writeFileSync(join(dir, "schema.ts"), schemaText(dialect, column));
    models(extra);
    const revisions = () => readdirSync(join(dir, "migrations/versions")).filter((f) => f.endsWith(".ts"));
    return { dir, cli, models, revisions };
  }

  /** A hand-written revision a1 creating and indexing the table. */
  function handWritten(dir: string): void {
    writeFileSync(
      join(dir, "migrations/versions/a1_create.ts"),
      `import { defineRevision } from "@athanor/core";
export default defineRevision({
  id: "a1",
  parents: [],
  message: "create",
  upgrade(op) {
    op.createTable(${lit(TABLE)}, { columns: [{ name: "id", type: "integer" }, { name: ${lit(DROPPED)}, type: "integer" }] });
    op.createIndex(${lit(INDEX)}, ${lit(TABLE)}, ["id"]);
  },
  downgrade(op) { op.dropTable(${lit(TABLE)}); },
});
`,
    );
  }

  /** Revision a2 after {@link handWritten}'s a1: drops a column (a lint finding names the table). */
  function handWrittenDrop(dir: string): void {
    writeFileSync(
      join(dir, "migrations/versions/a2_drop.ts"),
      `import { defineRevision } from "@athanor/core";
export default defineRevision({
  id: "a2",
  parents: ["a1"],
  message: "drop",
  upgrade(op) { op.dropColumn(${lit(TABLE)}, ${lit(DROPPED)}); },
  downgrade(op) { op.addColumn(${lit(TABLE)}, { name: ${lit(DROPPED)}, type: "integer" }); },
});
`,
    );
  }

  /** The names PostgreSQL holds in the public schema: relations, the table's columns, checks. */
  const pgNames = async (dir: string) =>
    (
      await backend.query<{ name: string }>(
        dir,
        `SELECT relname::text AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname::text NOT LIKE 'athanor%'
         UNION ALL SELECT attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = ${pgText(TABLE)} AND a.attnum > 0
         UNION ALL SELECT conname::text FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'c'`,
      )
    )
      .map((r) => r.name)
      .sort();

  test("upgrade --sql and downgrade --sql never print a control character of a name raw", async () => {
    const p = await project();
    if (dialect !== "postgresql") {
      handWritten(p.dir);
      for (const argv of [
        ["upgrade", "--sql"],
        ["downgrade", "--sql", "a1:base"],
      ]) {
        const run = await p.cli(...argv);
        expectInert(run, argv.join(" "));
        expect(run.code, run.stdout).toBe(1);
        expect(run.stderr).toContain("ATHANOR_INVALID_IDENTIFIER");
        expectNamedEscaped(run.stderr);
        expect(run.stdout).toBe("");
      }
    } else {
      const made = await p.cli("migrate", "-m", "create");
      expectInert(made, "migrate");
      expect(made.code, made.stderr).toBe(0);
      const up = await p.cli("upgrade", "--sql");
      expectInert(up, "upgrade --sql");
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toContain('CREATE TABLE U&"t\\001B]0;pwned\\0007" (');
      expect(up.stdout).toContain('U&"d\\009B2J\\007F" integer');
      expect(up.stdout).toContain(
        'CREATE INDEX U&"i\\001B[2J" ON U&"t\\001B]0;pwned\\0007" (U&"c\\001B[31m")',
      );
      // the script, run by the server as written, creates exactly the models' names
      const runScript = backend.runScript ?? expect.fail("a PostgreSQL backend runs scripts");
      await runScript(p.dir, up.stdout);
      expect(await pgNames(p.dir)).toEqual(
        [TABLE, `${TABLE}_pkey`, INDEX, "id", COLUMN, DROPPED, CHECK].sort(),
      );
      for (const command of ["check", "diff"]) {
        const run = await p.cli(command);
        expectInert(run, command);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain("No differences");
      }
      const down = await p.cli("downgrade", "--sql", "head:base");
      expectInert(down, "downgrade --sql");
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).toContain('DROP TABLE U&"t\\001B]0;pwned\\0007"');
      await runScript(p.dir, down.stdout);
      expect(await pgNames(p.dir)).toEqual([]);
    }
    // lint names the table of a finding escaped (it did before too: the terminal guard)
    const q = await project();
    handWritten(q.dir);
    handWrittenDrop(q.dir);
    const lint = await q.cli("lint");
    expectInert(lint, "lint");
    expect(lint.stdout).toContain(`dropColumn on ${shown(TABLE)}`);
  }, 300_000);

  // PGlite: the escaped names round-trip; the rest is PostgreSQL's code, run on the server
  if (roundTripOnly) return;

  if (dialect !== "postgresql")
    test("upgrade refuses such a name before any statement of the revision runs", async () => {
      const p = await project();
      handWritten(p.dir);
      const up = await p.cli("upgrade");
      expectInert(up, "upgrade");
      expect(up.code).toBe(1);
      expect(up.stderr).toContain("ATHANOR_MIGRATION_FAILED");
      expect(up.stderr).toContain("could not be rendered");
      expectNamedEscaped(up.stderr);
      const tables = await backend.query<{ name: string }>(
        p.dir,
        dialect === "mysql"
          ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()"
          : "SELECT name FROM sqlite_schema WHERE type = 'table'",
      );
      expect(tables.map((t) => t.name).filter((n) => !n.startsWith("athanor_"))).toEqual([]);
      expect(await backend.query(p.dir, "SELECT version_num FROM athanor_version")).toEqual([]);
    }, 300_000);

  test("check, diff and autogenerate show the names escaped, and --json gives them exactly", async () => {
    const p = await project();
    if (dialect !== "postgresql") {
      // the models cannot be built on the server: each refuses with the coded error, writing nothing
      if (dialect === "sqlite") expect((await p.cli("upgrade")).code).toBe(0); // makes the file
      for (const argv of [["check"], ["diff"], ["migrate", "-m", "create"], ["diff", "--json"]]) {
        const run = await p.cli(...argv);
        expectInert(run, argv.join(" "));
        expect(run.code).toBe(1);
        expect(run.stdout + run.stderr).toContain("ATHANOR_INVALID_IDENTIFIER");
      }
      expect(p.revisions()).toEqual([]);
      return;
    }
    for (const argv of [["migrate", "-m", "create"], ["upgrade"]]) {
      const run = await p.cli(...argv);
      expectInert(run, argv.join(" "));
      expect(run.code, run.stderr).toBe(0);
    }
    p.models(ADDED);
    const check = await p.cli("check");
    expectInert(check, "check");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("ATHANOR_SCHEMA_DRIFT");
    expect(check.stdout).toContain(`+ column ${shown(TABLE)}.${shown(ADDED)} integer`);
    const diff = await p.cli("diff");
    expectInert(diff, "diff");
    expect(diff.stdout).toContain(`- column ${shown(TABLE)}.${shown(DROPPED)}`);
    // JSON output keeps the exact names (DEL was shown as \x7f, which no JSON reader takes)
    const json = await p.cli("diff", "--json");
    expectInert(json, "diff --json");
    const operations = (JSON.parse(json.stdout) as { operations: { kind: string; column: unknown }[] })
      .operations;
    expect(operations.find((o) => o.kind === "addColumn")?.column).toMatchObject({ name: ADDED });
    expect(operations.find((o) => o.kind === "dropColumn")?.column).toBe(DROPPED);

    const made = await p.cli("migrate", "-m", "swap", "--accept-drop-add");
    expectInert(made, "migrate");
    expect(made.code, made.stderr).toBe(0);
    expectInert(await p.cli("lint"), "lint");
    const up = await p.cli("upgrade");
    expectInert(up, "upgrade");
    expect(up.code, up.stderr).toBe(0);
    expect(await pgNames(p.dir)).toContain(ADDED);
    expect((await p.cli("check")).code).toBe(0);
  }, 300_000);
}

/** A PostgreSQL text literal of `text` that holds no control character raw. */
function pgText(text: string): string {
  return `U&'${text.replace(/[^ -~]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(4, "0")}`).replaceAll("'", "''")}'`;
}
