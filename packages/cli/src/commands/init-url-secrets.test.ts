import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config.js";
import { runCli, tempDir } from "../testing/harness.js";

// init copies drizzle.config's URL into athanor.config.ts only when it holds no secret, and
// writes it as inert text: whatever the URL holds, the config reads back the same URL.
describe("athanor init with a hostile drizzle.config URL", () => {
  const initWith = async (dialect: string, credentials: unknown) => {
    const dir = tempDir("athanor-init-url-");
    writeFileSync(
      join(dir, "drizzle.config.ts"),
      `export default { dialect: ${JSON.stringify(dialect)}, schema: "./schema.ts", dbCredentials: ${JSON.stringify(credentials)} };\n`,
    );
    const result = await runCli(dir, ["init"], { env: {} });
    expect(result.code, result.stderr).toBe(0);
    const file = join(dir, "athanor.config.ts");
    return { file, config: readFileSync(file, "utf8"), stderr: result.stderr };
  };

  it.each([
    ["postgresql", { url: "postgres://u@127.0.0.1/db?password=sekret" }],
    ["postgresql", { url: "postgres://u@127.0.0.1/db?sslmode=require&sslpassword=sekret" }],
    ["postgresql", { url: "postgres://u:sekret@h1:5432,h2:5432/db" }],
    ["postgresql", { url: "postgresql:///db?host=/var/run/postgresql&password=sekret" }],
    ["mysql", { host: "127.0.0.1", user: "root", database: "d", ssl: { ca: "CA", passphrase: "sekret" } }],
    ["turso", { url: "libsql://x.turso.io?authToken=sekret" }],
  ])("%s %j: the secret stays out of the config, and init says so", async (dialect, credentials) => {
    const { config, stderr } = await initWith(dialect, credentials);
    expect(config).not.toContain("sekret");
    expect(config).toContain("// url: defaults to the DATABASE_URL environment variable");
    expect(stderr).toMatch(/connects with a password or another secret in its URL, which init does not copy/);
  });

  it("a URL holding quotes, backticks, a placeholder, */, a newline and line separators is written as inert text", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder the written config must not run
    const url = 'postgres://u@127.0.0.1/db?x="`${process.exit(9)}`*/\n\u2028\u2029\\';
    const { file, config } = await initWith("postgresql", { url });
    expect(config.split("\n").filter((line) => line.includes("url:"))).toHaveLength(1);
    expect((await loadConfig(file, {})).url).toBe(url);
  });
});
