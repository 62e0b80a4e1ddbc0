// A real drizzle-kit project for the import tests: schema versions written one after another
// and `drizzle-kit generate` run on each, so the journal, snapshots and SQL are kit's own.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// drizzle-kit is a test dependency of @athanor/drizzle, not of the CLI: resolve it from there.
const fromDrizzle = createRequire(createRequire(import.meta.url).resolve("@athanor/drizzle"));
const KIT_BIN = join(dirname(fromDrizzle.resolve("drizzle-kit")), "bin.cjs");

/** Inside this package's node_modules, so the schema modules resolve drizzle-orm. */
const SCRATCH = fileURLToPath(new URL("../../../node_modules/.athanor-import-tests/", import.meta.url));

export interface DrizzleKitProject {
  readonly dir: string;
  /** drizzle-kit's `out` folder. */
  readonly out: string;
  /** Writes `schema.ts` and runs `drizzle-kit generate --name <name>` (`--custom` writes `sql`). */
  generate(name: string, schema: string, custom?: string): void;
  /** Runs another drizzle-kit command in the project (`["migrate"]`). */
  kit(args: readonly string[]): void;
  dispose(): void;
}

/** A fresh project whose drizzle.config.ts reads the URL from DATABASE_URL, as most do. */
export function drizzleKitProject(dialect: "postgresql" | "mysql" | "sqlite"): DrizzleKitProject {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH, `${dialect}-`));
  writeFileSync(
    join(dir, "drizzle.config.ts"),
    [
      // A plain object (drizzle-kit's defineConfig is the identity): the scratch folder cannot
      // resolve "drizzle-kit" itself, since it is only a dependency of @athanor/drizzle.
      "export default {",
      `  dialect: "${dialect}",`,
      '  schema: "./schema.ts",',
      '  out: "./drizzle",',
      "  dbCredentials: { url: process.env.DATABASE_URL! },",
      "};",
      "",
    ].join("\n"),
  );
  const kit = (args: readonly string[]) =>
    execFileSync(process.execPath, [KIT_BIN, ...args], { cwd: dir, stdio: "pipe", env: { ...process.env } });
  return {
    dir,
    out: join(dir, "drizzle"),
    generate(name, schema, custom) {
      writeFileSync(join(dir, "schema.ts"), schema);
      if (custom === undefined) {
        kit(["generate", "--name", name]);
        return;
      }
      kit(["generate", "--custom", "--name", name]);
      const sqlFile = execFileSync("sh", ["-c", `ls drizzle/*_${name}.sql`], { cwd: dir })
        .toString()
        .trim();
      writeFileSync(join(dir, sqlFile), custom);
    },
    kit(args) {
      kit(args);
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
