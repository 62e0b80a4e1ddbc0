import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AthanorError } from "@athanor/core/errors";
import { defineCommand } from "../command.js";
import type { Dialect } from "../config/define-config.js";
import { CONFIG_NAMES } from "../config/find-config.js";
import { DEFAULT_VERSIONS } from "../config/load-config.js";
import type { Context } from "../context.js";
import { displayPath, printJson, printLines } from "../output.js";

const DIALECTS: readonly Dialect[] = ["postgresql", "mysql"];

/**
 * `athanor init [--dialect D] [--versions DIR]`: writes `athanor.config.ts` and creates the
 * versions folder in the working directory. Refuses to overwrite either.
 */
export default defineCommand<{ dialect?: Dialect; versions?: string; json?: boolean }>({
  name: "init",
  summary: "Create athanor.config.ts and the versions folder",
  json: true,
  options: [
    { flags: "--dialect <dialect>", description: "database dialect", choices: DIALECTS },
    { flags: "--versions <dir>", description: `versions folder (default: ${DEFAULT_VERSIONS})` },
  ],
  async run(ctx, { options }) {
    const existing = CONFIG_NAMES.map((name) => join(ctx.cwd, name)).find((file) => existsSync(file));
    const versionsPath = options.versions ?? DEFAULT_VERSIONS;
    const versions = resolve(ctx.cwd, versionsPath);
    if (existing !== undefined || (existsSync(versions) && readdirSync(versions).length > 0)) {
      const what = existing ?? versions;
      throw new AthanorError(
        "ATHANOR_ALREADY_INITIALISED",
        `${displayPath(ctx, what)} already exists; init never overwrites a project.`,
        { file: what, hint: "edit the existing config, or run init in an empty folder" },
      );
    }
    const dialect = options.dialect ?? (await promptDialect(ctx));
    const config = join(ctx.cwd, "athanor.config.ts");
    mkdirSync(versions, { recursive: true });
    writeFileSync(config, renderConfig(dialect, versionsPath), { flag: "wx" });
    if (options.json) {
      printJson(ctx, {
        config: displayPath(ctx, config),
        versions: displayPath(ctx, versions),
        dialect: dialect ?? null,
      });
      return;
    }
    printLines(ctx, [
      `Created ${displayPath(ctx, config)}`,
      `Created ${displayPath(ctx, versions)}/`,
      "",
      "Next: write your first revision with",
      '  athanor revision -m "create users table"',
    ]);
  },
});

function renderConfig(dialect: Dialect | undefined, versions: string): string {
  return [
    'import { defineConfig } from "athanor";',
    "",
    "export default defineConfig({",
    dialect === undefined
      ? '  // dialect: "postgresql", // or "mysql"'
      : `  dialect: ${JSON.stringify(dialect)},`,
    `  versions: ${JSON.stringify(versions.split("\\").join("/"))},`,
    "  // url: defaults to the DATABASE_URL environment variable",
    "});",
    "",
  ].join("\n");
}

async function promptDialect(ctx: Context): Promise<Dialect | undefined> {
  if (!ctx.isTTY || ctx.json) return undefined;
  const { select, isCancel } = await import("@clack/prompts");
  const answer = await select({
    message: "Which database?",
    options: [
      { value: "postgresql" as const, label: "PostgreSQL (server or PGlite)" },
      { value: "mysql" as const, label: "MySQL / MariaDB" },
    ],
  });
  if (isCancel(answer)) throw new AthanorError("ATHANOR_USAGE", "Cancelled; nothing was written.");
  return answer;
}
