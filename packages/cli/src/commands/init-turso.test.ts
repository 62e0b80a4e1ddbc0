import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

// drizzle-kit's turso dialect opens its URL with @libsql/client and an auth token. init carries
// the driver over, and the token only as the environment variable that holds it.
describe("athanor init beside a drizzle-kit turso config", () => {
  const project = (credentials: string) => {
    const dir = tempDir("athanor-init-turso-");
    writeFileSync(
      join(dir, "drizzle.config.ts"),
      `export default { dialect: "turso", schema: "./schema.ts", dbCredentials: { ${credentials} } };\n`,
    );
    return dir;
  };
  const initIn = async (dir: string, env: Record<string, string> = {}) => {
    // the config module reads the real process.env; the in-process CLI its own env
    Object.assign(process.env, env);
    try {
      const result = await runCli(dir, ["init"], { env });
      expect(result.code, result.stderr).toBe(0);
      return { config: readFileSync(join(dir, "athanor.config.ts"), "utf8"), stderr: result.stderr };
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  };

  it("keeps the @libsql/client driver and the URL", async () => {
    const { config } = await initIn(project('url: "file:./app.db"'));
    expect(config).toContain('url: "file:./app.db", // as drizzle.config.ts connects');
    expect(config).toContain('sqlite: { driver: "@libsql/client" }, // as drizzle.config.ts connects');
  });

  it("names the variable that holds the auth token, never the token", async () => {
    const { config } = await initIn(project('url: "file:./app.db", authToken: process.env.TURSO_TOKEN!'), {
      TURSO_TOKEN: "sekret-token",
    });
    expect(config).toContain('sqlite: { driver: "@libsql/client", authToken: process.env.TURSO_TOKEN }');
    expect(config).not.toContain("sekret-token");
  });

  it("a token written in the file is not copied: init says how to pass it", async () => {
    const { config, stderr } = await initIn(project('url: "file:./app.db", authToken: "sekret-token"'));
    expect(config).not.toContain("sekret-token");
    expect(stderr).toMatch(/passes an auth token, which init does not copy/);
  });
});
