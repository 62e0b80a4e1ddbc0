import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/harness.js";
import { type DrizzleKitProject, drizzleKitProject } from "./testing/drizzle-kit-project.js";

// A drizzle-kit project on PGlite (`driver: "pglite"`, dbCredentials.url the data folder), as a
// new user adopts it: init, import drizzle, check, downgrade, upgrade. init used to copy the
// folder as `url` without the driver, so athanor took it for a server URL and refused every
// command (ATHANOR_CONNECTION_FAILED: "must start with postgres://").
const SCHEMA = `import { integer, pgTable, text } from "drizzle-orm/pg-core";
export const users = pgTable("users", { id: integer("id").primaryKey(), email: text("email").notNull() });
`;

let project: DrizzleKitProject;
beforeAll(() => {
  project = drizzleKitProject("postgresql");
  writeFileSync(
    join(project.dir, "drizzle.config.ts"),
    'export default { dialect: "postgresql", driver: "pglite", schema: "./schema.ts", out: "./drizzle", dbCredentials: { url: "./pgdata" } };\n',
  );
  project.generate("init", SCHEMA);
  project.kit(["migrate"]);
}, 120_000);
afterAll(() => project?.dispose());

describe("import drizzle → init → check → downgrade → upgrade on a drizzle-kit PGlite folder", () => {
  it("init carries the pglite driver, and every command reaches the folder drizzle-kit migrated", async () => {
    const cli = (argv: string[]) => runCli(project.dir, argv, { env: {} });
    const init = await cli(["init"]);
    expect(init.code, init.stderr).toBe(0);
    // its history is there to adopt, not a first revision to write
    expect(init.stdout).toContain("Next: adopt drizzle-kit's migrations as revisions");
    expect(init.stdout).toContain("  athanor import drizzle");
    const config = readFileSync(join(project.dir, "athanor.config.ts"), "utf8");
    expect(config).toContain('url: "./pgdata", // as drizzle.config.ts connects');
    expect(config).toContain('postgresql: { driver: "pglite" }, // as drizzle.config.ts connects');

    const imported = await cli(["import", "drizzle"]);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toMatch(/database: stamped at [0-9a-f]{12} \(0000_init\)/);
    const check = await cli(["check"]);
    expect(check.stdout).toContain("No differences: PGlite in pgdata matches the models.");
    expect(check.code).toBe(0);
    const down = await cli(["downgrade", "base"]);
    expect(down.code, down.stderr).toBe(0);
    const up = await cli(["upgrade"]);
    expect(up.code, up.stderr).toBe(0);
    expect((await cli(["check"])).code).toBe(0);
  }, 180_000);
});
