import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.js";

// Each config body must be refused with ATHANOR_CONFIG_INVALID naming its field.
async function expectInvalidFields(
  cases: readonly (readonly [string, string])[],
  key: string,
): Promise<void> {
  for (const [body, field] of cases) {
    const bad = configFile("athanor.config.mjs", `export default { ${key}: ${body} };\n`);
    await expect(loadConfig(bad, {})).rejects.toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: expect.objectContaining({ field }),
    });
  }
}

function configFile(name: string, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "athanor-config-"));
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

describe("loadConfig", () => {
  it("loads a plain-JavaScript athanor.config.ts natively, resolving `athanor` to this CLI", async () => {
    const file = configFile(
      "athanor.config.ts",
      `import { defineConfig } from "athanor";\nexport default defineConfig({ versions: "db/versions", dialect: "postgresql" });\n`,
    );
    const config = await loadConfig(file, {});
    expect(config.versions).toBe(join(file, "..", "db/versions"));
    expect(config.dialect).toBe("postgresql");
  });

  it("accepts a dialect the config registered itself, and refuses a name nothing registered", async () => {
    const registering = configFile(
      "athanor.config.ts",
      `import { defineConfig, registerDialect } from "athanor";
registerDialect({ name: "config-registered", urlSchemes: ["config-registered"], load: () => Promise.reject(new Error("not loaded")) }, { replace: true });
export default defineConfig({ dialect: "config-registered" });\n`,
    );
    expect((await loadConfig(registering, {})).dialect).toBe("config-registered");
    const unknown = configFile("athanor.config.mjs", `export default { dialect: "postgress" };\n`);
    await expect(loadConfig(unknown, {})).rejects.toMatchObject({
      code: "ATHANOR_DIALECT_UNKNOWN",
      meta: expect.objectContaining({ field: "dialect", dialect: "postgress" }),
    });
  });

  it("takes the Galera settings of mysql and refuses bad ones naming the field", async () => {
    const good = configFile(
      "athanor.config.mjs",
      `export default { mysql: { galera: true, galeraLockLeaseMs: 5000 } };\n`,
    );
    expect((await loadConfig(good, {})).mysql).toEqual({ galera: true, galeraLockLeaseMs: 5000 });
    await expectInvalidFields(
      [
        ["{ galera: 'yes' }", "mysql.galera"],
        ["{ galeraLockLeaseMs: 10 }", "mysql.galeraLockLeaseMs"],
        ["{ galeraLease: 10 }", "mysql.galeraLease"],
      ],
      "mysql",
    );
  });

  it("takes maxReplicaLag and refuses one without a limit or with a bad value, naming the field", async () => {
    const good = configFile(
      "athanor.config.mjs",
      "export default { maxReplicaLag: { seconds: 5, bytes: 1048576 } };\n",
    );
    expect((await loadConfig(good, {})).maxReplicaLag).toEqual({ seconds: 5, bytes: 1048576 });
    await expectInvalidFields(
      [
        ["{}", "maxReplicaLag"],
        ["{ seconds: -1 }", "maxReplicaLag.seconds"],
        ["{ seconds: 1, lag: 2 }", "maxReplicaLag.lag"],
        ["5", "maxReplicaLag"],
      ],
      "maxReplicaLag",
    );
  });

  it("falls back to the TypeScript loader for real TypeScript syntax", async () => {
    const file = configFile(
      "athanor.config.ts",
      `import { type AthanorConfig, defineConfig } from "athanor";\nconst versions: string = "typed/versions";\nexport default defineConfig({ versions } satisfies AthanorConfig);\n`,
    );
    const config = await loadConfig(file, { DATABASE_URL: "postgres://x@127.0.0.1/db" });
    expect(config.versions).toBe(join(file, "..", "typed/versions"));
    expect(config.url).toBe("postgres://x@127.0.0.1/db");
  });

  it("supports relative imports in a TypeScript config", async () => {
    const file = configFile(
      "athanor.config.ts",
      `import { folder } from "./folder";\nexport default { versions: folder };\n`,
    );
    writeFileSync(join(file, "..", "folder.ts"), `export const folder: string = "from/helper";\n`);
    expect((await loadConfig(file, {})).versions).toBe(join(file, "..", "from/helper"));
  });

  it("reports an error thrown by the config with a coded error", async () => {
    const file = configFile("athanor.config.ts", `throw new Error("boom");\nexport default {};\n`);
    await expect(loadConfig(file, {})).rejects.toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      message: expect.stringContaining("boom"),
    });
  });

  it("rejects unknown fields naming the field", async () => {
    const file = configFile("athanor.config.ts", `export default { versoins: "x" };\n`);
    await expect(loadConfig(file, {})).rejects.toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "versoins" },
    });
  });
});
