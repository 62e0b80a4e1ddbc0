import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli, tempDir, useSchemaFile } from "./harness.js";

/** docs/getting-started.md, the page a new user follows. */
export const GUIDE = readFileSync(new URL("../../../../docs/getting-started.md", import.meta.url), "utf8");

/** One `$ npx athanor …` line of the guide and the output it shows under it. */
export interface GuideCommand {
  readonly argv: readonly string[];
  readonly shown: readonly string[];
}

/** The guide's `src/db/schema.ts` blocks, in order (step 3, then step 6). */
export function guideSchemas(): string[] {
  return [...GUIDE.matchAll(/```ts\n(\/\/ src\/db\/schema\.ts\n[\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

/**
 * Every `$ npx athanor …` command of the guide's console blocks, in order, with the lines shown
 * under it (up to the next command or the end of the block); a trailing `# comment` is dropped.
 */
export function guideCommands(): GuideCommand[] {
  const out: { argv: string[]; shown: string[] }[] = [];
  for (const block of GUIDE.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: { argv: string[]; shown: string[] } | undefined;
    for (const line of (block[1] ?? "").split("\n")) {
      const command = /^\$ npx athanor (.*?)(?:\s+#.*)?$/.exec(line);
      if (command !== null) {
        current = { argv: (command[1] ?? "").split(/\s+/), shown: [] };
        out.push(current);
      } else if (current !== undefined && line.trim() !== "") current.shown.push(line);
    }
  }
  // `-m "create users"` is one argument
  return out.map((c) => ({ argv: joinQuoted(c.argv), shown: c.shown }));
}

function joinQuoted(words: readonly string[]): string[] {
  const argv: string[] = [];
  let open: string[] | undefined;
  for (const w of words) {
    if (open !== undefined) {
      open.push(w);
      if (w.endsWith('"')) {
        argv.push(open.join(" ").slice(1, -1));
        open = undefined;
      }
    } else if (w.startsWith('"') && !(w.length > 1 && w.endsWith('"'))) open = [w];
    else argv.push(w.startsWith('"') ? w.slice(1, -1) : w);
  }
  return argv;
}

/** Ids, timings and the database's description vary; the rest of a shown line must appear as is. */
function normalise(line: string, database: string): string {
  return line
    .replaceAll(database, "<db>")
    .replaceAll("PGlite in .athanor/pglite", "<db>")
    .replace(/(?<![0-9a-zA-Z])[0-9a-f]{12}(?![0-9a-zA-Z])/g, "<id>")
    .replace(/\b\d+(\.\d+)? (ms|s)\b/g, "<t>")
    .trimEnd();
}

/** How the walk runs on one database. */
export interface WalkBackend {
  readonly dialect: "postgresql" | "mysql" | "sqlite";
  readonly env: Record<string, string>;
  /** How the CLI describes the database (`PostgreSQL at …`), to compare shown lines. */
  readonly description: string;
  /** The guide's schema blocks, rewritten for this database's Drizzle core (identity on MySQL). */
  readonly schema: (guideSchema: string) => string;
  /** Compare the shown output line by line (the guide shows PGlite/PostgreSQL output). */
  readonly compareOutput: boolean;
}

/**
 * Follows docs/getting-started.md step by step: `init`, the config's `schema`, the step-3 models,
 * every `$ npx athanor …` command in the order the page gives them (the step-6 models written
 * before the first command after them), each exiting as the page shows (0, or 1 where it shows
 * an `error[…]`), each shown output line present in the real output. The page changes, the walk
 * changes with it. Returns the project folder.
 */
export async function walkGettingStarted(backend: WalkBackend): Promise<string> {
  const project = tempDir("athanor-walk-");
  const [step3, step6] = guideSchemas();
  expect(step3, "the guide's step-3 schema block").toBeDefined();
  expect(step6, "the guide's step-6 schema block").toBeDefined();
  const commands = guideCommands();
  expect(commands.map((c) => c.argv[0])).toContain("migrate");
  mkdirSync(join(project, "src/db"), { recursive: true });
  const writeSchema = (text: string) =>
    writeFileSync(join(project, "src/db/schema.ts"), backend.schema(text));
  let wroteStep6 = false;
  for (const [index, command] of commands.entries()) {
    const argv = [...command.argv];
    if (argv[0] === "init") argv.splice(argv.indexOf("--dialect") + 1, 1, backend.dialect);
    // step 6 begins with the first `check` after the first upgrade
    if (!wroteStep6 && argv[0] === "check") {
      writeSchema(step6 ?? "");
      wroteStep6 = true;
    }
    const result = await runCli(project, argv, { env: backend.env });
    const output = `${result.stdout}${result.stderr}`;
    const label = `step ${index + 1}: athanor ${argv.join(" ")}\n${output}`;
    const error = command.shown.map((l) => /^error\[(ATHANOR_[A-Z_]+)\]/.exec(l)?.[1]).find(Boolean);
    if (error === undefined) expect(result.code, label).toBe(0);
    else {
      expect(result.code, label).toBe(1);
      expect(result.stderr, label).toContain(`error[${error}]`);
    }
    if (argv[0] === "init") {
      useSchemaFile(project);
      const config = join(project, "athanor.config.ts");
      writeFileSync(
        config,
        readFileSync(config, "utf8").replace('schema: "schema.ts"', 'schema: "src/db/schema.ts"'),
      );
      writeSchema(step3 ?? "");
    }
    if (!backend.compareOutput) continue;
    if (argv.includes("--autogenerate")) expectGuideRevisionFile(project, output);
    const actual = new Set(output.split("\n").map((l) => normalise(l, backend.description)));
    for (const shown of command.shown) {
      if (shown.includes("…")) continue;
      expect([...actual], `${label}\nshown in the guide: ${shown}`).toContain(
        normalise(shown, backend.description),
      );
    }
  }
  return project;
}

/**
 * The revision file the guide shows after its first autogenerate equals the one written, but for
 * the id and the creation time.
 */
function expectGuideRevisionFile(project: string, output: string): void {
  const shown = /```ts\n(import \{ defineRevision \}[\s\S]*?)```/.exec(GUIDE)?.[1];
  const path = /^ {2}(migrations\/versions\/\S+\.ts)$/m.exec(output)?.[1];
  expect(shown, "the guide's revision file").toBeDefined();
  expect(path, `the written revision's path in:\n${output}`).toBeDefined();
  const normalised = (text: string) =>
    text
      .replace(/(?<![0-9a-zA-Z])[0-9a-f]{12}(?![0-9a-zA-Z])/g, "<id>")
      .replace(/createdAt: "[^"]*"/, 'createdAt: "<time>"')
      .trimEnd();
  expect(normalised(readFileSync(join(project, path ?? ""), "utf8")), "the guide's revision file").toBe(
    normalised(shown ?? ""),
  );
}

/**
 * The guide's pg-core models as mysql-core ones: `int` with AUTO_INCREMENT for identity, a
 * VARCHAR for the unique email (MySQL indexes no TEXT without a length).
 */
export function toMysqlSchema(pg: string): string {
  return pg
    .replace(
      /import \{[^}]*\} from "drizzle-orm\/pg-core";/,
      'import { index, int, mysqlTable, text, timestamp, varchar } from "drizzle-orm/mysql-core";',
    )
    .replaceAll("pgTable(", "mysqlTable(")
    .replaceAll(".generatedAlwaysAsIdentity()", ".autoincrement()")
    .replaceAll("text().notNull().unique()", "varchar({ length: 255 }).notNull().unique()")
    .replace(/\binteger\(/g, "int(");
}

/**
 * The guide's pg-core models as sqlite-core ones: an INTEGER PRIMARY KEY with AUTOINCREMENT for
 * identity, the creation time as unix seconds filled by the database (`unixepoch()`).
 */
export function toSqliteSchema(pg: string): string {
  return pg
    .replace(
      /import \{[^}]*\} from "drizzle-orm\/pg-core";/,
      'import { sql } from "drizzle-orm";\nimport { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";',
    )
    .replaceAll("pgTable(", "sqliteTable(")
    .replaceAll(".primaryKey().generatedAlwaysAsIdentity()", ".primaryKey({ autoIncrement: true })")
    .replaceAll(
      'timestamp("created_at").notNull().defaultNow()',
      'integer("created_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`)',
    );
}
