import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createOp, loadRevisionModule, type Operation } from "@athanor/core";
import { drizzle } from "drizzle-orm/mysql2";
import { migrate } from "drizzle-orm/mysql2/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { runCli } from "../testing/harness.js";
import { type DrizzleKitProject, drizzleKitProject } from "./testing/drizzle-kit-project.js";

// mysql2 is the peer of @athanor/mysql, not a dependency of the CLI: resolve it from there
const mysql = createRequire(createRequire(import.meta.url).resolve("@athanor/mysql"))("mysql2/promise") as {
  createConnection(url: string): Promise<MysqlConnection>;
};
interface MysqlConnection {
  query(sql: string): Promise<[unknown]>;
  end(): Promise<void>;
}

const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const name = `athanor_import_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const url = Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();
const env = { DATABASE_URL: url };

// No \`serial\`: kit writes \`serial AUTO_INCREMENT\`, which MariaDB rejects (a drizzle-kit bug).
const V1 = `import { int, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", { id: int("id").autoincrement().primaryKey(), email: varchar("email", { length: 200 }).notNull().unique() });
`;
const V2 = `${V1}export const posts = mysqlTable("posts", { id: int("id").autoincrement().primaryKey(), author: int("author").references(() => users.id), body: text("body") });
`;
const V3 = V2.replace(
  ".notNull().unique() }",
  '.notNull().unique(), nick: varchar("nick", { length: 40 }).default("anon") }',
);

async function query(sql: string, database = name): Promise<unknown> {
  const conn = await mysql.createConnection(
    Object.assign(new URL(SERVER), { pathname: `/${database}` }).toString(),
  );
  try {
    return (await conn.query(sql))[0];
  } finally {
    await conn.end();
  }
}

let project: DrizzleKitProject;

beforeAll(async () => {
  await query(`CREATE DATABASE \`${name}\``, "test");
  project = drizzleKitProject("mysql");
  project.generate("init", V1);
  project.generate("posts", V2);
  project.generate("nick", V3);
  const conn = await mysql.createConnection(url);
  try {
    await migrate(drizzle(conn as never), { migrationsFolder: project.out });
  } finally {
    await conn.end();
  }
}, 60_000);

afterAll(async () => {
  project?.dispose();
  await query(`DROP DATABASE IF EXISTS \`${name}\``, "test");
});

describe("athanor import drizzle on MariaDB", () => {
  it("imports, stamps at the last applied migration, and upgrade replays nothing", async () => {
    const result = await runCli(project.dir, ["import", "drizzle", "--json"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.dialect).toBe("mysql");
    expect(report.revisions.map((r: { tag: string }) => r.tag)).toEqual([
      "0000_init",
      "0001_posts",
      "0002_nick",
    ]);
    expect(report.revisions.map((r: { irreversible: boolean }) => r.irreversible)).toEqual([
      false,
      false,
      false,
    ]);
    const last = report.revisions[2].revision;
    expect(report.database.stampedAt).toBe(last);
    const sql = readFileSync(join(project.out, "0001_posts.sql"), "utf8");
    const { definition } = await loadRevisionModule(report.revisions[1].file, cliRevisionImporter);
    const ops: Operation[] = [];
    await definition.upgrade(createOp({ dialect: "mysql", emit: (o) => ops.push(o), query: async () => [] }));
    expect(ops.map((o) => (o.kind === "execute" ? o.sql : o.kind)).join("--> statement-breakpoint")).toBe(
      sql,
    );
    const up = await runCli(project.dir, ["upgrade", "--json"], { env });
    expect(JSON.parse(up.stdout).results).toEqual([]);
    const again = JSON.parse((await runCli(project.dir, ["import", "drizzle", "--json"], { env })).stdout);
    expect(again.revisions.every((r: { status: string }) => r.status === "unchanged")).toBe(true);
    expect(readdirSync(join(project.dir, "athanor/versions"))).toHaveLength(3);
  });

  it("downgrades the last two migrations from the snapshots and upgrades again", async () => {
    const tables = async () =>
      (
        (await query(
          `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '${name}'`,
        )) as { t: string }[]
      )
        .map((r) => r.t)
        .filter((t) => !t.startsWith("athanor"))
        .sort();
    const columns = async () =>
      (
        (await query(
          `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = '${name}' AND table_name = 'users'`,
        )) as { c: string }[]
      )
        .map((r) => r.c)
        .sort();
    expect(await columns()).toEqual(["email", "id", "nick"]);
    const down = await runCli(project.dir, ["downgrade", "-2"], { env });
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(await columns()).toEqual(["email", "id"]);
    expect(await tables()).toEqual(["__drizzle_migrations", "users"]);
    const up = await runCli(project.dir, ["upgrade"], { env });
    expect(up.stderr).toBe("");
    expect(await tables()).toEqual(["__drizzle_migrations", "posts", "users"]);
    expect(await columns()).toEqual(["email", "id", "nick"]);
  });
});
