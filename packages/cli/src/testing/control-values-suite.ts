import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type CliResult, runCli, tempDir, useSchemaFile } from "./harness.js";

// Text holding control characters a terminal acts on — ESC (an OSC window title), BEL, DEL, a C1
// CSI — as a column default and as a literal inside a check, on a dialect whose quoted strings
// have no escape for them (MariaDB, SQLite). Written quoted, the bytes went raw into
// `upgrade --sql`; now MariaDB gets a hex literal and SQLite char(…), the same text: the server
// stores it exactly, `check` finds no difference, and no output carries the byte raw. PostgreSQL
// writes them in an escape string, E'…\u001B…', in an enum, a view and a comment as well.

type Dialect = "mysql" | "sqlite" | "postgresql";

/** The database side of the suite: where the CLI points, and statements run outside athanor. */
export interface ControlValuesBackend {
  env(dir: string): Record<string, string>;
  query<Row = Record<string, unknown>>(dir: string, sql: string): Promise<Row[]>;
  /** `text` as a literal of the dialect that holds no control character raw (the check's rows). */
  literal(text: string): string;
  /** Empties a database the tests share (each project starts from nothing). */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export const TITLE = "a\u001b]0;pwned\u0007b";
export const BODY = "x\u007fy\u009b2J";
// bidirectional overrides and isolates ("Trojan Source"): no terminal acts on them, but they
// reorder how the script reads, so `upgrade --sql` writes them escaped as well
export const NOTE = "admin\u202e } \u2066if\u2069";
export const REFUSED = "k\u001b[31m";

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectInert(run: CliResult, what: string): void {
  expect(RAW_CONTROL.test(run.stdout), `${what} stdout: ${JSON.stringify(run.stdout)}`).toBe(false);
  expect(RAW_CONTROL.test(run.stderr), `${what} stderr: ${JSON.stringify(run.stderr)}`).toBe(false);
}

const lit = (text: string) => JSON.stringify(text);

/** The Drizzle models: defaults holding the texts, and a check comparing with one. */
function schemaText(dialect: Dialect): string {
  if (dialect === "mysql")
    return `import { sql } from "drizzle-orm";
import { check, int, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
export const notes = mysqlTable("notes", {
  id: int("id").primaryKey(),
  title: varchar("title", { length: 40 }).notNull().default(${lit(TITLE)}),
  body: text("body").default(${lit(BODY)}),
  note: text("note").default(${lit(NOTE)}),
}, (t) => [check("no_csi", sql\`\${t.title} <> \${${lit(REFUSED)}}\`)]);
`;
  if (dialect === "postgresql")
    return `import { sql } from "drizzle-orm";
import { check, integer, pgEnum, pgTable, pgView, text, varchar } from "drizzle-orm/pg-core";
export const mood = pgEnum("mood", ["calm", ${lit(TITLE)}]);
export const notes = pgTable("notes", {
  id: integer("id").primaryKey(),
  title: varchar("title", { length: 40 }).notNull().default(${lit(TITLE)}),
  body: text("body").default(${lit(BODY)}),
  note: text("note").default(${lit(NOTE)}),
  mood: mood("mood").default(${lit(TITLE)}),
}, (t) => [check("no_csi", sql\`\${t.title} <> \${${lit(REFUSED)}}\`)]);
export const plain = pgView("plain").as((qb) =>
  qb.select({ id: notes.id, title: notes.title }).from(notes).where(sql\`\${notes.title} <> \${${lit(REFUSED)}}\`),
);
`;
  return `import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
export const notes = sqliteTable("notes", {
  id: integer("id").primaryKey(),
  title: text("title").notNull().default(${lit(TITLE)}),
  body: text("body").default(${lit(BODY)}),
  note: text("note").default(${lit(NOTE)}),
}, (t) => [check("no_csi", sql\`\${t.title} <> \${${lit(REFUSED)}}\`)]);
`;
}

/** A hand-written revision c1 (no parent) with these upgrade and downgrade bodies. */
function writeRevision(dir: string, upgrade: string, downgrade: string): void {
  writeFileSync(
    join(dir, "migrations/versions/c1_hand.ts"),
    `import { defineRevision } from "@athanor/core";
export default defineRevision({
  id: "c1",
  parents: [],
  message: "hand",
  upgrade(op) {
    ${upgrade}
  },
  downgrade(op) {
    ${downgrade}
  },
});
`,
  );
}

/**
 * The suite on one database: autogenerate, `upgrade --sql`, upgrade, the stored values, `check`
 * and downgrade, with the models of {@link schemaText}.
 *
 * @example
 * ```ts
 * defineControlValuesSuite("sqlite", async () => sqliteBackend);
 * ```
 */
export function defineControlValuesSuite(
  dialect: Dialect,
  makeBackend: () => Promise<ControlValuesBackend>,
): void {
  let backend: ControlValuesBackend;
  beforeAll(async () => {
    backend = await makeBackend();
  }, 120_000);
  afterAll(async () => backend?.dispose());

  async function project() {
    await backend.reset();
    const dir = tempDir("athanor-control-values-");
    const cli = (...argv: string[]) => runCli(dir, argv, { env: backend.env(dir) });
    const init = await cli("init", "--dialect", dialect);
    expect(init.code, init.stderr).toBe(0);
    useSchemaFile(dir);
    writeFileSync(join(dir, "schema.ts"), schemaText(dialect));
    return { dir, cli };
  }

  const tables = async (dir: string) =>
    (
      await backend.query<{ name: string }>(
        dir,
        dialect === "mysql"
          ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()"
          : dialect === "postgresql"
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' UNION ALL SELECT typname FROM pg_type WHERE typtype = 'e'"
            : "SELECT name FROM sqlite_schema WHERE type = 'table'",
      )
    )
      .map((t) => t.name)
      .filter((n) => !n.startsWith("athanor_"));

  test("defaults and check literals with control characters round-trip, and no output carries one raw", async () => {
    const p = await project();
    for (const argv of [["migrate", "-m", "create"], ["upgrade", "--sql"], ["upgrade"]]) {
      const run = await p.cli(...argv);
      expectInert(run, argv.join(" "));
      expect(run.code, run.stderr).toBe(0);
    }
    // a row takes the defaults exactly as the models hold them
    await backend.query(p.dir, "INSERT INTO notes (id) VALUES (1)");
    const rows = await backend.query<{ title: string; body: string; note: string }>(
      p.dir,
      "SELECT title, body, note FROM notes",
    );
    expect(rows).toEqual([{ title: TITLE, body: BODY, note: NOTE }]);
    // the check compares with exactly the models' text
    await expect(
      backend.query(p.dir, `INSERT INTO notes (id, title) VALUES (2, ${backend.literal(REFUSED)})`),
    ).rejects.toThrow();
    if (dialect === "postgresql") {
      await backend.query(p.dir, "INSERT INTO notes (id, title, mood) VALUES (3, 'plain', 'calm')");
      // the enum holds the text as a value, the row took it as its default, the view's literal filters
      const values = await backend.query<{ v: string }>(
        p.dir,
        "SELECT unnest(enum_range(NULL::mood))::text AS v",
      );
      expect(values.map((r) => r.v)).toEqual(["calm", TITLE]);
      const moods = await backend.query<{ mood: string }>(
        p.dir,
        "SELECT mood::text AS mood FROM notes ORDER BY id",
      );
      expect(moods).toEqual([{ mood: TITLE }, { mood: "calm" }]);
      const view = await backend.query<{ held: boolean }>(
        p.dir,
        `SELECT position(${backend.literal(REFUSED)} in pg_get_viewdef('plain')) > 0 AS held`,
      );
      expect(view).toEqual([{ held: true }]);
      expect(await backend.query(p.dir, "SELECT id FROM plain ORDER BY id")).toEqual([{ id: 1 }, { id: 3 }]);
    }
    for (const command of ["check", "diff"]) {
      const run = await p.cli(command);
      expectInert(run, command);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain("No differences");
    }
    const down = await p.cli("downgrade", "base");
    expectInert(down, "downgrade");
    expect(down.code, down.stderr).toBe(0);
    expect(await tables(p.dir)).toEqual([]);
  }, 300_000);

  // MySQL's COMMENT takes a quoted string only: no form without the raw byte, so it is refused
  if (dialect === "mysql")
    test("a comment holding a control character is refused with nothing applied, escaped in every output", async () => {
      const p = await project();
      writeRevision(
        p.dir,
        `op.createTable("tagged", { columns: [{ name: "id", type: "int", comment: ${lit(TITLE)} }] });`,
        `op.dropTable("tagged");`,
      );
      for (const argv of [["upgrade", "--sql"], ["upgrade"]]) {
        const run = await p.cli(...argv);
        expectInert(run, argv.join(" "));
        expect(run.code).toBe(1);
        // offline the coded error itself; online inside ATHANOR_MIGRATION_FAILED, as for names
        expect(run.stderr).toMatch(/ATHANOR_(INVALID_OPERATION|MIGRATION_FAILED)/);
        expect(run.stderr).toContain(String.raw`Cannot write the comment "a\x1b]0;pwned\x07b"`);
      }
      expect(await tables(p.dir)).toEqual([]);
    }, 300_000);

  // PostgreSQL writes every string in its escaped form: a revision's own default, check, view
  // and comments holding the characters raw are applied, read back the same, and print inert
  if (dialect === "postgresql")
    test("a hand-written revision's default, check, view and comments are written escaped and read back exactly", async () => {
      const p = await project();
      writeFileSync(join(p.dir, "schema.ts"), "export {};\n");
      const quoted = (text: string) => lit(`'${text.replaceAll("'", "''")}'`);
      writeRevision(
        p.dir,
        `op.createTable("tagged", {
      columns: [
        { name: "id", type: "int", comment: ${lit(TITLE)} },
        { name: "title", type: "text", default: ${quoted(TITLE)} },
      ],
      comment: ${lit(BODY)},
    });
    op.addCheck("no_csi", "tagged", ${lit(`title <> '${REFUSED}'`)});
    op.createView("shown", ${lit(`SELECT id, title || '${BODY}' AS shown FROM tagged`)});`,
        `op.dropView("shown");
    op.dropTable("tagged");`,
      );
      for (const argv of [["upgrade", "--sql"], ["upgrade"]]) {
        const run = await p.cli(...argv);
        expectInert(run, argv.join(" "));
        expect(run.code, run.stderr).toBe(0);
      }
      await backend.query(p.dir, "INSERT INTO tagged (id) VALUES (1)");
      expect(await backend.query(p.dir, "SELECT shown FROM shown")).toEqual([{ shown: TITLE + BODY }]);
      await expect(
        backend.query(p.dir, `INSERT INTO tagged (id, title) VALUES (2, ${backend.literal(REFUSED)})`),
      ).rejects.toThrow();
      const comments = await backend.query(
        p.dir,
        "SELECT obj_description('tagged'::regclass, 'pg_class') AS t, col_description('tagged'::regclass, 1) AS c",
      );
      expect(comments).toEqual([{ t: BODY, c: TITLE }]);
      const down = await p.cli("downgrade", "base");
      expectInert(down, "downgrade");
      expect(down.code, down.stderr).toBe(0);
      expect(await tables(p.dir)).toEqual([]);
    }, 300_000);
}
