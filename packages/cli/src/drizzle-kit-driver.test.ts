import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";

// drizzle.config's `driver` names where the database is. athanor used to drop the field: with
// `driver: "d1-http"` and DATABASE_URL=file:./local.db, `upgrade` migrated local.db and reported
// success while the config named a Cloudflare D1 database.

function drizzleProject(config: Record<string, unknown>): string {
  const dir = tempDir("athanor-drizzle-driver-");
  writeFileSync(join(dir, "drizzle.config.json"), JSON.stringify(config));
  mkdirSync(join(dir, "athanor/versions"), { recursive: true });
  return dir;
}

async function oneRevision(dir: string): Promise<void> {
  await ok(dir, ["revision", "-m", "one", "--rev-id", "a1"]);
}

const refused: [string, Record<string, unknown>, string][] = [
  [
    "d1-http",
    { dialect: "sqlite", driver: "d1-http", dbCredentials: { accountId: "a", databaseId: "b", token: "t" } },
    "ATHANOR_UNSUPPORTED",
  ],
  ["expo", { dialect: "sqlite", driver: "expo" }, "ATHANOR_UNSUPPORTED"],
  ["durable-sqlite", { dialect: "sqlite", driver: "durable-sqlite" }, "ATHANOR_UNSUPPORTED"],
  [
    "aws-data-api",
    {
      dialect: "postgresql",
      driver: "aws-data-api",
      dbCredentials: { database: "app", secretArn: "s", resourceArn: "r" },
    },
    "ATHANOR_UNSUPPORTED",
  ],
];

describe.each(refused)("drizzle.config driver %s", (_name, config, code) => {
  it("is refused before anything connects, whatever DATABASE_URL says; graph commands still work", async () => {
    const dir = drizzleProject(config);
    await oneRevision(dir);
    const url = config.dialect === "sqlite" ? "file:./local.db" : "postgres://postgres@127.0.0.1:5432/test";
    const before = readdirSync(dir).sort();
    const run = await runCli(dir, ["upgrade", "--json"], { env: { DATABASE_URL: url } });
    expect(run.code, run.stdout).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code,
      message: expect.stringMatching(/Nothing was run\.$/),
    });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect((await ok(dir, ["heads"])).stdout).toContain("a1");
  });
});

describe("drizzle.config driver pglite", () => {
  it("runs on PGlite in the folder dbCredentials.url names, relative to the config", async () => {
    const dir = drizzleProject({
      dialect: "postgresql",
      driver: "pglite",
      dbCredentials: { url: "./pgdata" },
    });
    await oneRevision(dir);
    // DATABASE_URL names a server: the PGlite folder of the config wins, the server is not touched
    await ok(dir, ["upgrade"], { env: { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" } });
    expect(existsSync(join(dir, "pgdata/PG_VERSION"))).toBe(true);
    expect((await ok(dir, ["current"])).stdout).toContain("a1");
  });

  it("without a folder is a coded configuration error", async () => {
    const dir = drizzleProject({ dialect: "postgresql", driver: "pglite" });
    await oneRevision(dir);
    const run = await runCli(dir, ["upgrade", "--json"], {
      env: { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test" },
    });
    expect(run.code, run.stdout).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "dbCredentials.url" },
    });
  });
});

describe("a driver drizzle-kit does not have", () => {
  it.each([
    [{ dialect: "sqlite", driver: "pglite" }, /drivers for sqlite are "d1-http", "expo", "durable-sqlite"/],
    [{ dialect: "mysql", driver: "d1-http" }, /no driver for mysql/],
    [{ dialect: "turso", driver: "d1-http" }, /turso dialect takes no driver/],
  ])("%j is ATHANOR_CONFIG_INVALID naming the field", async (config, message) => {
    const dir = drizzleProject(config);
    const run = await runCli(dir, ["heads", "--json"]);
    expect(run.code, run.stdout).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      message: expect.stringMatching(message),
      meta: { field: "driver" },
    });
  });
});
