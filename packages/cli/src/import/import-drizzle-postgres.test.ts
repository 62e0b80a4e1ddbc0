import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createOp, loadRevisionModule, type Operation, parseRevisionHeader } from "@athanor/core";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { runCli } from "../testing/harness.js";
import { type DrizzleKitProject, drizzleKitProject } from "./testing/drizzle-kit-project.js";

const SERVER = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const DATABASES = { main: `athanor_import_${suffix}`, skipped: `athanor_import_skip_${suffix}` };

const V1 = `import { pgEnum, pgTable, serial, text } from "drizzle-orm/pg-core";
export const mood = pgEnum("mood", ["happy", "sad"]);
export const users = pgTable("users", { id: serial("id").primaryKey(), name: text("name").notNull(), m: mood("m").default("happy") });
`;
const V2 = `${V1}import { integer, index } from "drizzle-orm/pg-core";
export const posts = pgTable("posts", { id: serial("id").primaryKey(), author: integer("author").references(() => users.id, { onDelete: "cascade" }), title: text("title").notNull() }, (t) => [index("posts_title_idx").on(t.title)]);
`;
const V3 = `${V2}export const tags = pgTable("tags", { id: serial("id").primaryKey(), label: text("label").notNull().unique() });
`;
const V4 = V3.replace(
  'm: mood("m").default("happy") }',
  'm: mood("m").default("happy"), bio: text("bio").default("none") }',
);

function urlOf(database: string): string {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(database: string, body: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(urlOf(database), { onnotice: () => {}, max: 1 });
  try {
    return await body(sql);
  } finally {
    await sql.end();
  }
}

async function drizzleMigrate(database: string, folder: string): Promise<void> {
  await onServer(database, (sql) => migrate(drizzle(sql), { migrationsFolder: folder }));
}

/** The SQL each revision's upgrade executes, by running it against a recording `op`. */
async function upgradeStatements(file: string): Promise<string[]> {
  const { definition } = await loadRevisionModule(file, cliRevisionImporter);
  const ops: Operation[] = [];
  await definition.upgrade(
    createOp({ dialect: "postgresql", emit: (o) => ops.push(o), query: async () => [] }),
  );
  return ops.map((o) => (o.kind === "execute" ? o.sql : `<${o.kind}>`));
}

let project: DrizzleKitProject;
const env = (database: string) => ({ DATABASE_URL: urlOf(database) });

beforeAll(async () => {
  await onServer("test", async (sql) => {
    for (const name of Object.values(DATABASES)) await sql.unsafe(`CREATE DATABASE "${name}"`);
  });
  project = drizzleKitProject("postgresql");
  project.generate("init", V1);
  project.generate("posts", V2);
  project.generate("seed", V2, `INSERT INTO "users" ("name") VALUES ('seeded');`);
  project.generate("tags", V3);
  project.generate("bio", V4);
  await drizzleMigrate(DATABASES.main, project.out);
}, 60_000);

afterAll(async () => {
  project?.dispose();
  await onServer("test", async (sql) => {
    for (const name of Object.values(DATABASES))
      await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

describe("athanor import drizzle on PostgreSQL", () => {
  it("writes a linear chain of revisions with kit's SQL byte for byte, and stamps the database", async () => {
    const result = await runCli(project.dir, ["import", "drizzle", "--json"], { env: env(DATABASES.main) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const journal = JSON.parse(readFileSync(join(project.out, "meta/_journal.json"), "utf8")).entries;
    expect(report.revisions.map((r: { tag: string }) => r.tag)).toEqual(
      journal.map((e: { tag: string }) => e.tag),
    );
    expect(report.revisions.every((r: { status: string }) => r.status === "new")).toBe(true);
    for (const [i, r] of report.revisions.entries()) {
      const text = readFileSync(r.file, "utf8");
      const header = parseRevisionHeader(text, r.file);
      expect(header.parents).toEqual(i === 0 ? [] : [report.revisions[i - 1].revision]);
      expect(header.message).toBe(journal[i].tag);
      expect(header.createdAt).toBe(new Date(journal[i].when).toISOString());
      const sql = readFileSync(join(project.out, `${journal[i].tag}.sql`), "utf8");
      expect((await upgradeStatements(r.file)).join("--> statement-breakpoint")).toBe(sql);
    }
    // the hand-written seed has no downgrade; the others are generated from the snapshots
    expect(report.revisions.map((r: { irreversible: boolean }) => r.irreversible)).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
    const seed = readFileSync(report.revisions[2].file, "utf8");
    expect(seed).toContain("// TODO(athanor): irreversible — 0002_seed");
    expect(seed).toContain('"ATHANOR_IRREVERSIBLE_OPERATION"');
    const last = report.revisions[4].revision;
    expect(report.database.stampedAt).toBe(last);
    expect(report.database.statuses.map((s: { status: string }) => s.status)).toEqual(
      Array(5).fill("applied"),
    );
    const current = JSON.parse(
      (await runCli(project.dir, ["current", "--json"], { env: env(DATABASES.main) })).stdout,
    );
    expect(current.heads).toEqual([last]);
  });

  it("is idempotent, and upgrade afterwards replays nothing", async () => {
    const before = readdirSync(join(project.dir, "athanor/versions")).sort();
    const again = await runCli(project.dir, ["import", "drizzle", "--json"], { env: env(DATABASES.main) });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.revisions.every((r: { status: string }) => r.status === "unchanged")).toBe(true);
    expect(report.database.alreadyTracked).toBe(true);
    expect(readdirSync(join(project.dir, "athanor/versions")).sort()).toEqual(before);
    const up = await runCli(project.dir, ["upgrade", "--json"], { env: env(DATABASES.main) });
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout).results).toEqual([]);
  });

  it("downgrades the last migration from the generated downgrade and upgrades again", async () => {
    const cols = () =>
      onServer(DATABASES.main, (sql) =>
        sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY column_name`.then(
          (rows) => rows.map((r) => r.column_name),
        ),
      );
    expect(await cols()).toContain("bio");
    const down = await runCli(project.dir, ["downgrade", "-1"], { env: env(DATABASES.main) });
    expect(down.stderr).toBe("");
    expect(await cols()).not.toContain("bio");
    expect((await runCli(project.dir, ["upgrade"], { env: env(DATABASES.main) })).code).toBe(0);
    expect(await cols()).toContain("bio");
  });

  it("refuses to re-import a migration whose SQL changed", async () => {
    const file = join(project.out, readdirSync(project.out).find((f) => f.endsWith("_tags.sql")) ?? "");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, `${original}\n-- edited`);
    try {
      const result = await runCli(project.dir, ["import", "drizzle", "--json", "--no-stamp"]);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout).error).toMatchObject({
        code: "ATHANOR_DRIZZLE_KIT_SQL_CHANGED",
        meta: { tags: ["0003_tags"] },
      });
    } finally {
      writeFileSync(file, original);
    }
  });

  it("reports a migration drizzle skipped (generated earlier, merged later) and stamps only up to it", async () => {
    // A branch without 0003_tags was deployed first; merging it later leaves it older than the newest row.
    const branch = join(project.dir, "drizzle-branch");
    cpSync(project.out, branch, { recursive: true });
    const journalFile = join(branch, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8"));
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag !== "0003_tags");
    writeFileSync(journalFile, JSON.stringify(journal));
    await drizzleMigrate(DATABASES.skipped, branch);
    await drizzleMigrate(DATABASES.skipped, project.out); // drizzle's migrator applies nothing here
    const tagsExist = () =>
      onServer(DATABASES.skipped, (sql) =>
        sql`SELECT to_regclass('public.tags') AS t`.then((r) => r[0]?.t !== null),
      );
    expect(await tagsExist()).toBe(false);

    const result = await runCli(project.dir, ["import", "drizzle"], { env: env(DATABASES.skipped) });
    expect(result.code).toBe(1);
    const ids = readdirSync(join(project.dir, "athanor/versions"))
      .map((f) => readFileSync(join(project.dir, "athanor/versions", f), "utf8"))
      .map((text) => parseRevisionHeader(text))
      .sort((a, b) => a.message.localeCompare(b.message))
      .map((h) => h.id);
    expect(result.stdout).toContain(`database: stamped at ${ids[2]} (0002_seed)`);
    expect(result.stdout).toContain(`skipped by drizzle: 0003_tags (${ids[3]}) never ran`);
    expect(result.stdout).toContain(`athanor upgrade ${ids[3]}\n  athanor stamp ${ids[4]}`);
    // following the advice finishes the adoption
    expect((await runCli(project.dir, ["upgrade", ids[3] ?? ""], { env: env(DATABASES.skipped) })).code).toBe(
      0,
    );
    expect((await runCli(project.dir, ["stamp", ids[4] ?? ""], { env: env(DATABASES.skipped) })).code).toBe(
      0,
    );
    expect(await tagsExist()).toBe(true);
    const current = JSON.parse(
      (await runCli(project.dir, ["current", "--json"], { env: env(DATABASES.skipped) })).stdout,
    );
    expect(current.heads).toEqual([ids[4]]);
  });

  it("reads drizzle.config.ts when there is no athanor config, and an athanor config beside it wins", async () => {
    const heads = await runCli(project.dir, ["heads", "--json"]);
    expect(heads.code).toBe(0);
    expect(JSON.parse(heads.stdout).heads).toHaveLength(1);
    copyFileSync(join(project.dir, "drizzle.config.ts"), join(project.dir, "drizzle.config.bak"));
    writeFileSync(
      join(project.dir, "athanor.config.ts"),
      'export default { dialect: "postgresql", versions: "elsewhere" };\n',
    );
    try {
      const dry = await runCli(project.dir, ["import", "drizzle", "--dry-run", "--json"]);
      expect(dry.code).toBe(0);
      const report = JSON.parse(dry.stdout);
      expect(report.versions).toBe(join(project.dir, "elsewhere"));
      expect(report.folder).toBe(project.out); // `out` still comes from the drizzle.config beside it
      expect(report.revisions.every((r: { status: string }) => r.status === "new")).toBe(true);
      expect(report.dryRun).toBe(true);
      expect(readdirSync(project.dir)).not.toContain("elsewhere");
      const text = await runCli(project.dir, ["import", "drizzle", "--dry-run"]);
      expect(text.stdout).toMatch(/^ {2}would write elsewhere\//m);
      expect(text.stdout).not.toMatch(/^ {2}wrote /m);
      expect(readdirSync(project.dir)).not.toContain("elsewhere");
    } finally {
      writeFileSync(join(project.dir, "athanor.config.ts"), "");
      const { rmSync } = await import("node:fs");
      rmSync(join(project.dir, "athanor.config.ts"));
    }
  });

  it("without a URL consults the embedded PGlite database, where nothing is applied yet, and upgrade replays it", async () => {
    const dir = `${project.dir}-pglite`;
    cpSync(project.dir, dir, {
      recursive: true,
      filter: (src) => !src.startsWith(join(project.dir, "athanor")),
    });
    const result = await runCli(dir, ["import", "drizzle", "--json"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.databaseSkipped).toBeNull();
    expect(report.database.drizzleTableFound).toBe(false);
    expect(report.database.stampedAt).toBeNull();
    const up = await runCli(dir, ["upgrade", "--json"]);
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout).results).toHaveLength(5);
    const current = JSON.parse((await runCli(dir, ["current", "--json"])).stdout);
    expect(current.heads).toEqual([report.revisions[4].revision]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  // Found by a user walk: drizzle.config named its database itself (no DATABASE_URL); init wrote a
  // config without a URL, and `check` then ran on an embedded PGlite database, "at base".
  it("init keeps athanor on the database drizzle.config names: its variable, its URL, never its password", async () => {
    const url = urlOf(DATABASES.main);
    const withPassword = url.replace("://postgres@", "://postgres:sekret@");
    const cases = [
      { credentials: "process.env.APP_DB!", env: { APP_DB: url }, line: "url: process.env.APP_DB," },
      { credentials: JSON.stringify(url), env: {}, line: `url: ${JSON.stringify(url)},` },
      { credentials: JSON.stringify(withPassword), env: {}, line: "// url: defaults to the DATABASE_URL" },
    ];
    for (const [i, c] of cases.entries()) {
      const dir = `${project.dir}-url${i}`;
      cpSync(project.dir, dir, { recursive: true });
      rmSync(join(dir, ".athanor"), { recursive: true, force: true });
      try {
        const kit = join(dir, "drizzle.config.ts");
        writeFileSync(kit, readFileSync(kit, "utf8").replace("process.env.DATABASE_URL!", c.credentials));
        // the config module reads the real process.env; the in-process CLI its own env
        Object.assign(process.env, c.env);
        const init = await runCli(dir, ["init"], { env: c.env });
        expect(init.code, init.stderr).toBe(0);
        const config = readFileSync(join(dir, "athanor.config.ts"), "utf8");
        expect(config).toContain(c.line);
        expect(config).not.toContain("sekret");
        const check = await runCli(dir, ["check"], { env: c.env });
        if (c.credentials.includes("sekret")) {
          expect(init.stderr).toMatch(
            /connects with a password or another secret in its URL, which init does not copy/,
          );
          // without DATABASE_URL the config reaches an embedded database: the refusal names it
          expect(check.code).toBe(1);
          expect(check.stderr).toMatch(/not up to date: PGlite in \.athanor\/pglite is at base/);
        } else {
          expect(check.code, check.stderr).toBe(0);
          expect(check.stdout).toMatch(/No differences: PostgreSQL at 127\.0\.0\.1:5432\//);
        }
      } finally {
        for (const name of Object.keys(c.env)) delete process.env[name];
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 180_000);

  it("init after the import keeps the imported history, and drizzle's bookkeeping table is no drift", async () => {
    const dir = `${project.dir}-init`;
    cpSync(project.dir, dir, { recursive: true });
    try {
      const ids = JSON.parse(
        (await runCli(dir, ["heads", "--json"], { env: env(DATABASES.main) })).stdout,
      ).heads;
      const init = await runCli(dir, ["init", "--json"]);
      expect(init.code, init.stderr).toBe(0);
      expect(JSON.parse(init.stdout)).toMatchObject({
        versions: "athanor/versions",
        dialect: "postgresql",
        schema: "schema.ts",
        existingRevisions: 5,
      });
      const config = readFileSync(join(dir, "athanor.config.ts"), "utf8");
      expect(config).toContain('versions: "athanor/versions"');
      expect(config).toContain('schema: "schema.ts"');
      const heads = await runCli(dir, ["heads", "--json"], { env: env(DATABASES.main) });
      expect(JSON.parse(heads.stdout).heads).toEqual(ids);
      // drizzle.__drizzle_migrations is still in the database: neither check nor diff reports it
      for (const command of [["check"], ["diff"], ["check", "--against", "migrations"]]) {
        const r = await runCli(dir, command, { env: env(DATABASES.main) });
        const label = command.join(" ");
        expect(`${r.stdout}${r.stderr}`, label).not.toContain("__drizzle_migrations");
        expect(`${r.stdout}${r.stderr}`, label).not.toMatch(/schema "?drizzle/);
        expect(r.code, `${label}: ${r.stdout}${r.stderr}`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
