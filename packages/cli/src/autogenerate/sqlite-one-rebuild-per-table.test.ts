import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Connection,
  type Dialect,
  downgrade,
  type Operation,
  type RenderContext,
  upgrade,
} from "@athanor/core";
import { introspectSqlite, sqliteDialect } from "@athanor/sqlite";
import { createTestDatabase } from "@athanor/testing";
import { expect, test } from "vitest";
import { TypeScriptLoader } from "../loader/typescript-loader.js";
import { runCli, tempDir } from "../testing/harness.js";

// Issue 19: "changing a default rebuilds the whole table" — and, before DifferHooks.tableAtATime,
// autogenerate wrote a table's changes in bucket order, so one revision copied team_members twice
// (its column change, then the key on its new column after another table's changes). Now each
// table's changes are consecutive and SQLite renders them as one move-and-copy, both ways.
const MEMBERS = 10_000;

const models = (
  after: boolean,
) => `import { type AnySQLiteColumn, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
export const teams = sqliteTable("teams", {
  id: integer("id").primaryKey(),
  name: text("name").notNull().default(${after ? '"unnamed"' : '"team"'}),
  ${after ? 'slug: text("slug"),' : 'createdAt: text("created_at"),'}
});
export const teamMembers = sqliteTable("team_members", {
  id: integer("id").primaryKey(),
  teamId: integer("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  role: text("role")${after ? "" : ".notNull()"},
  ${after ? 'invitedBy: integer("invited_by").references((): AnySQLiteColumn => teamMembers.id, { onDelete: "set null" }),' : ""}
}${after ? ', (t) => [uniqueIndex("members_email_uq").on(t.email)]' : ""});
`;

function project(): string {
  const dir = tempDir("athanor-sqlite-one-rebuild-");
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  mkdirSync(join(dir, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.ts"),
    'import { defineConfig } from "athanor";\nexport default defineConfig({ url: "file:./app.db", schema: "./schema.ts" });\n',
  );
  writeFileSync(join(dir, "schema.ts"), models(false));
  return dir;
}

async function must(dir: string, ...argv: string[]) {
  const run = await runCli(dir, argv);
  expect(run.code, `athanor ${argv.join(" ")}\n${run.stderr}${run.stdout}`).toBe(0);
  return run;
}

async function on<T>(dialect: Dialect, f: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await dialect.connect();
  try {
    return await f(conn);
  } finally {
    await conn.close();
  }
}
const onDb = <T>(dir: string, f: (conn: Connection) => Promise<T>) =>
  on(sqliteDialect({ file: join(dir, "app.db") }), f);

const seed = (members: number) => [
  "INSERT INTO teams (id, name, created_at) WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 100) SELECT v, 't' || v, '2026-01-01' FROM s",
  `INSERT INTO team_members (id, team_id, email, role) WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < ${members}) SELECT v, 1 + v % 100, 'm' || v || '@x', 'member' FROM s`,
];

/** The schema as introspected, every row of both tables, and the checks a rebuild must pass. */
const look = (dialect: Dialect, integrity = "PRAGMA integrity_check") =>
  on(dialect, async (conn) => ({
    model: (await introspectSqlite(conn)).tables.filter((t) => !t.name.startsWith("athanor")),
    indexes: (await conn.query("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name"))
      .rows,
    teams: (await conn.query("SELECT * FROM teams ORDER BY id")).rows,
    members: (await conn.query("SELECT * FROM team_members ORDER BY id")).rows,
    violations: (await conn.query("SELECT * FROM pragma_foreign_key_check")).rows,
    integrity: (await conn.query(integrity)).rows,
  }));
const lookFile = (dir: string) => look(sqliteDialect({ file: join(dir, "app.db") }));

const rebuildsOf = (sql: string, table: string) =>
  sql.split(`CREATE TABLE "__athanor_new_${table}"`).length - 1;

test("a revision changing two tables rebuilds each once, up and down; every member row survives", async () => {
  const dir = project();
  await must(dir, "revision", "--autogenerate", "-m", "init");
  await must(dir, "upgrade", "heads");
  await onDb(dir, (conn) => conn.executeScript(seed(MEMBERS)));
  const before = await lookFile(dir);
  expect(before.members).toHaveLength(MEMBERS);

  writeFileSync(join(dir, "schema.ts"), models(true));
  await must(dir, "revision", "--autogenerate", "-m", "members and teams", "--accept-drop-add");
  const file = readdirSync(join(dir, "migrations/versions")).find((f) => f.includes("members_and_teams"));
  const source = readFileSync(join(dir, "migrations/versions", file ?? ""), "utf8");
  const upgradeBody = source.slice(source.indexOf("upgrade("), source.indexOf("downgrade("));
  const calls = [...upgradeBody.matchAll(/op\.(\w+)\("([^"]+)"(?:, "([^"]+)")?/g)].map((m) =>
    // createIndex / addForeignKey name the constraint first and the table second
    ["createIndex", "addForeignKey"].includes(m[1] ?? "") ? `${m[1]} ${m[3]}` : `${m[1]} ${m[2]}`,
  );
  expect(calls).toEqual([
    "alterColumn team_members",
    "addColumn team_members",
    "addForeignKey team_members",
    "createIndex team_members",
    "alterColumn teams",
    "addColumn teams",
    "dropColumn teams",
  ]);

  const lint = await runCli(dir, ["lint"]);
  const findings = lint.stdout.split("\n").filter((l) => l.includes("sqlite/table-rebuild"));
  expect(findings.filter((l) => l.includes("on team_members"))).toHaveLength(1);
  expect(findings.filter((l) => l.includes("on teams"))).toHaveLength(1);

  const script = (await must(dir, "upgrade", "heads", "--sql")).stdout;
  expect(rebuildsOf(script, "team_members")).toBe(1);
  expect(rebuildsOf(script, "teams")).toBe(1);
  await must(dir, "upgrade", "heads");
  expect((await runCli(dir, ["check"])).code).toBe(0);
  const after = await lookFile(dir);
  expect(after.members).toHaveLength(MEMBERS);
  expect(after.violations).toEqual([]);
  expect(after.integrity).toEqual([{ integrity_check: "ok" }]);
  expect(after.teams[0]).toEqual({ id: 1, name: "t1", slug: null });
  const keys = await onDb(
    dir,
    async (conn) =>
      (
        await conn.query(
          'SELECT "table", on_delete FROM pragma_foreign_key_list(\'team_members\') ORDER BY "table"',
        )
      ).rows,
  );
  expect(keys).toEqual([
    { table: "team_members", on_delete: "SET NULL" },
    { table: "teams", on_delete: "CASCADE" },
  ]);

  const [head, parent] = [/id: "(\w+)"/, /parents: \["(\w+)"\]/].map((r) => source.match(r)?.[1]);
  const down = (await must(dir, "downgrade", `${head}:${parent}`, "--sql")).stdout;
  expect(rebuildsOf(down, "team_members")).toBe(1);
  expect(rebuildsOf(down, "teams")).toBe(1);
  await must(dir, "downgrade", "-1");
  const restored = await lookFile(dir);
  // created_at comes back empty: its values went with the column (the revision warned of it)
  expect(restored).toEqual({
    ...before,
    teams: before.teams.map((t) => ({ ...t, created_at: null })),
  });
}, 300_000);

/** The dialect, keeping every statement its renderers write. */
function recording(dialect: Dialect): { dialect: Dialect; written: string[] } {
  const written: string[] = [];
  const keep = (statements: readonly string[]) => {
    written.push(...statements);
    return statements;
  };
  const renderBatch = dialect.renderBatch as NonNullable<Dialect["renderBatch"]>;
  return {
    written,
    dialect: {
      ...dialect,
      render: (op: Operation, context?: RenderContext) => keep(dialect.render(op, context)),
      renderBatch: (ops: readonly Operation[], context?: RenderContext) => keep(renderBatch(ops, context)),
    },
  };
}

// D1 refuses integrity_check; quick_check is what its tests run (sqlite/src/testing/targets.ts)
const D1_CHECK = "PRAGMA quick_check";
// every statement is a round trip to miniflare: 2,000 members in CI, 10,000 in the full run
const D1_MEMBERS = process.env.ATHANOR_RELIABILITY_FULL === "1" ? MEMBERS : 2_000;

// D1 keeps foreign keys on: its rebuild defers them and puts back the rows a DROP would cascade
// into (render/enforced-rebuild.ts). The revisions autogenerate wrote run there as a Worker runs them.
test("the same revisions on D1 (miniflare): one rebuild per table each way, every member row survives", async () => {
  const dir = project();
  await must(dir, "revision", "--autogenerate", "-m", "init");
  await must(dir, "upgrade", "heads");
  writeFileSync(join(dir, "schema.ts"), models(true));
  await must(dir, "revision", "--autogenerate", "-m", "members and teams", "--accept-drop-add");
  const loader = new TypeScriptLoader({});
  const folder = join(dir, "migrations/versions");
  const revisions = await Promise.all(
    readdirSync(folder)
      .filter((f) => f.endsWith(".ts"))
      .map(
        async (f) =>
          (await loader.load(join(folder, f))).default as Parameters<typeof upgrade>[0]["revisions"][number],
      ),
  );
  const init = revisions.find((r) => r.parents.length === 0)?.id ?? "";
  const d1 = await createTestDatabase({ url: "d1::memory:" });
  try {
    expect((await upgrade({ dialect: d1.dialect, revisions }, init)).error).toBeUndefined();
    await on(d1.dialect, (conn) => conn.executeScript(seed(D1_MEMBERS)));
    const before = await look(d1.dialect, D1_CHECK);
    expect(before.members).toHaveLength(D1_MEMBERS);
    const up = recording(d1.dialect);
    expect((await upgrade({ dialect: up.dialect, revisions }, "heads")).error).toBeUndefined();
    expect(rebuildsOf(up.written.join("\n"), "team_members")).toBe(1);
    expect(rebuildsOf(up.written.join("\n"), "teams")).toBe(1);
    const after = await look(d1.dialect, D1_CHECK);
    expect(after.members).toHaveLength(D1_MEMBERS);
    expect(after.violations).toEqual([]);
    expect(after.integrity).toEqual([{ quick_check: "ok" }]);
    const down = recording(d1.dialect);
    expect((await downgrade({ dialect: down.dialect, revisions }, init)).error).toBeUndefined();
    expect(rebuildsOf(down.written.join("\n"), "team_members")).toBe(1);
    expect(rebuildsOf(down.written.join("\n"), "teams")).toBe(1);
    expect(await look(d1.dialect, D1_CHECK)).toEqual({
      ...before,
      teams: before.teams.map((t) => ({ ...t, created_at: null })),
    });
  } finally {
    await d1.dispose();
  }
}, 600_000);
