import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findConfig } from "./find-config.js";
import { loadConfig } from "./load-config.js";

function folder(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "athanor-drizzle-config-")));
}

describe("drizzle.config as the config", () => {
  it("is found when a folder has no athanor config, and athanor.config wins beside it", () => {
    const dir = folder();
    writeFileSync(join(dir, "drizzle.config.json"), "{}");
    expect(findConfig(dir)).toBe(join(dir, "drizzle.config.json"));
    writeFileSync(join(dir, "athanor.config.mjs"), "export default {};\n");
    expect(findConfig(dir)).toBe(join(dir, "athanor.config.mjs"));
  });

  it("reads dialect, schema, out, migrations table and a URL built from credential parts", async () => {
    const dir = folder();
    const file = join(dir, "drizzle.config.ts");
    writeFileSync(
      file,
      `import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "mysql", schema: "./src/schema.ts", out: "./migrations",
  migrations: { table: "kit_migrations" },
  dbCredentials: { host: "db", port: 3307, user: "app", password: "p@ss", database: "shop" } });
`,
    );
    const config = await loadConfig(file, {});
    expect(config).toMatchObject({
      dialect: "mysql",
      schema: join(dir, "src/schema.ts"),
      versions: join(dir, "athanor/versions"),
      url: "mysql://app:p%40ss@db:3307/shop",
      drizzleKit: {
        out: join(dir, "migrations"),
        migrationsTable: "kit_migrations",
        migrationsSchema: "drizzle",
      },
    });
  });

  it("builds a postgres:// URL from PostgreSQL credential parts, and refuses host parts for SQLite", async () => {
    const dir = folder();
    const file = join(dir, "drizzle.config.json");
    writeFileSync(
      file,
      JSON.stringify({ dialect: "postgresql", dbCredentials: { host: "db", user: "app", database: "shop" } }),
    );
    expect((await loadConfig(file, {})).url).toBe("postgres://app@db/shop");
    writeFileSync(
      file,
      JSON.stringify({ dialect: "sqlite", dbCredentials: { host: "db", database: "shop" } }),
    );
    const error = await loadConfig(file, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ATHANOR_CONFIG_INVALID", meta: { field: "dbCredentials" } });
  });

  it("keeps dbCredentials.ssl: TLS the config asks for is never dropped", async () => {
    const dir = folder();
    const file = join(dir, "drizzle.config.json");
    const urlOf = async (dialect: string, ssl: unknown) => {
      writeFileSync(
        file,
        JSON.stringify({ dialect, dbCredentials: { host: "db", user: "u", database: "d", ssl } }),
      );
      return (await loadConfig(file, {})).url;
    };
    expect(await urlOf("postgresql", true)).toBe("postgres://u@db/d?sslmode=require");
    expect(await urlOf("postgresql", "verify-full")).toBe("postgres://u@db/d?sslmode=verify-full");
    expect(await urlOf("postgresql", { rejectUnauthorized: false })).toBe(
      "postgres://u@db/d?sslmode=require",
    );
    expect(await urlOf("postgresql", false)).toBe("postgres://u@db/d");
    await expect(urlOf("postgresql", { ca: "PEM" })).rejects.toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "dbCredentials.ssl" },
    });
    expect(await urlOf("mysql", { rejectUnauthorized: true })).toBe(
      "mysql://u@db/d?ssl=%7B%22rejectUnauthorized%22%3Atrue%7D",
    );
    expect(await urlOf("mysql", "Amazon RDS")).toBe("mysql://u@db/d?ssl=Amazon+RDS");
    expect(await urlOf("mysql", true)).toBe("mysql://u@db/d?ssl=%7B%7D");
  });

  it("falls back to DATABASE_URL and drizzle-kit's default out folder", async () => {
    const dir = folder();
    writeFileSync(join(dir, "drizzle.config.json"), JSON.stringify({ dialect: "postgresql" }));
    const config = await loadConfig(join(dir, "drizzle.config.json"), { DATABASE_URL: "postgres://x@h/db" });
    expect(config.url).toBe("postgres://x@h/db");
    expect(config.drizzleKit?.out).toBe(join(dir, "drizzle"));
  });

  it("reads sqlite and turso as SQLite, with the file URL of dbCredentials", async () => {
    const dir = folder();
    for (const dialect of ["sqlite", "turso"]) {
      writeFileSync(
        join(dir, "drizzle.config.json"),
        JSON.stringify({ dialect, dbCredentials: { url: "file:./app.db" } }),
      );
      const config = await loadConfig(join(dir, "drizzle.config.json"), {});
      expect(config).toMatchObject({ dialect: "sqlite", url: "file:./app.db" });
    }
  });

  it("rejects a dialect athanor does not speak, naming the field", async () => {
    const dir = folder();
    writeFileSync(join(dir, "drizzle.config.json"), JSON.stringify({ dialect: "gel" }));
    await expect(loadConfig(join(dir, "drizzle.config.json"), {})).rejects.toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "dialect" },
    });
  });
});
