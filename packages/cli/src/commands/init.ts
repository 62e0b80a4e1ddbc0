import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { makeDirectory } from "@athanor/core/dialect";
import { AthanorError } from "@athanor/core/errors";
import { urlCarriesSecret } from "@athanor/core/text";
import { defineCommand } from "../command.js";
import type { DialectName } from "../config/define-config.js";
import { CONFIG_NAMES, DRIZZLE_CONFIG_NAMES } from "../config/find-config.js";
import { DEFAULT_VERSIONS, loadConfig } from "../config/load-config.js";
import type { ResolvedConfig } from "../config/resolved-config.js";
import type { Context } from "../context.js";
import { builtInDialectChoices } from "../database/dialect-registry.js";
import { displayPath, printJson, printLines } from "../output.js";

// The built-in dialects (an outside one is registered from a config, which init is about to write).
const CHOICES = builtInDialectChoices();
const DIALECTS: readonly DialectName[] = CHOICES.map((choice) => choice.value);

/**
 * `athanor init [--dialect D] [--versions DIR] [--schema FILE]`: writes `athanor.config.ts` and
 * creates the versions folder in the working directory. Refuses to overwrite either. Beside a
 * drizzle.config it takes that config's dialect and schema, and the folder `athanor import
 * drizzle` writes to (`athanor/versions`), so an imported history stays the project's history.
 */
export default defineCommand<{ dialect?: DialectName; versions?: string; schema?: string; json?: boolean }>({
  name: "init",
  summary: "Create athanor.config.ts and the versions folder",
  json: true,
  options: [
    { flags: "--dialect <dialect>", description: "database dialect", choices: DIALECTS },
    { flags: "--versions <dir>", description: `versions folder (default: ${DEFAULT_VERSIONS})` },
    { flags: "--schema <file>", description: "the Drizzle schema module autogenerate reads" },
  ],
  async run(ctx, { options }) {
    const existing = CONFIG_NAMES.map((name) => join(ctx.cwd, name)).find((file) => existsSync(file));
    const drizzle = await drizzleKitConfig(ctx);
    const versionsPath =
      options.versions ?? (drizzle === undefined ? DEFAULT_VERSIONS : relativePath(ctx, drizzle.versions));
    const versions = resolve(ctx.cwd, versionsPath);
    const revisions = existsSync(versions) ? readdirSync(versions).length : 0;
    // An imported drizzle-kit history is adopted; any other filled folder belongs to a project.
    if (existing !== undefined || (revisions > 0 && drizzle === undefined)) {
      const what = existing ?? versions;
      throw new AthanorError(
        "ATHANOR_ALREADY_INITIALISED",
        `${displayPath(ctx, what)} already exists; init never overwrites a project.`,
        { file: what, hint: "edit the existing config, or run init in an empty folder" },
      );
    }
    const dialect = options.dialect ?? drizzle?.dialect ?? (await promptDialect(ctx));
    const kitSchema = drizzle?.schema;
    const schema =
      options.schema ??
      (kitSchema === undefined
        ? undefined
        : typeof kitSchema === "string"
          ? relativePath(ctx, kitSchema)
          : kitSchema.map((path) => relativePath(ctx, path)));
    const config = join(ctx.cwd, "athanor.config.ts");
    const connection = connectionOf(ctx, drizzle);
    const sqlite = sqliteSectionOf(ctx, drizzle);
    const postgresql = postgresqlSectionOf(ctx, drizzle);
    makeDirectory(versions);
    writeFileSync(
      config,
      renderConfig(dialect, versionsPath, schema, [connection.line, ...postgresql, ...sqlite.lines], {
        casing: drizzle?.casing,
        tablesFilter: drizzle?.tablesFilter,
        schemaFilter: drizzle?.schemaFilter,
      }),
      { flag: "wx" },
    );
    for (const note of [connection.note, sqlite.note])
      if (note !== undefined) ctx.stderr.write(`athanor: ${note}\n`);
    if (options.json) {
      printJson(ctx, {
        config: displayPath(ctx, config),
        versions: displayPath(ctx, versions),
        dialect: dialect ?? null,
        schema: schema ?? null,
        existingRevisions: revisions,
      });
      return;
    }
    printLines(ctx, [
      `Created ${displayPath(ctx, config)}`,
      revisions > 0
        ? `Using ${displayPath(ctx, versions)}/ (${revisions} file(s), imported from drizzle-kit)`
        : `Created ${displayPath(ctx, versions)}/`,
      "",
      ...nextLines(revisions > 0, drizzle !== undefined && hasKitMigrations(drizzle.drizzleKit?.out)),
    ]);
  },
});

/**
 * What to run next. After `import drizzle` the history exists and the database is stamped: the
 * first step is `check` (do the models match the database?), then revisions from model changes.
 */
function nextLines(imported: boolean, kitMigrations: boolean): string[] {
  // a drizzle-kit project not imported yet: its history becomes the first revisions
  if (!imported && kitMigrations)
    return [
      "Next: adopt drizzle-kit's migrations as revisions (the database is stamped, nothing replayed):",
      "  athanor import drizzle",
    ];
  if (!imported)
    return ["Next: write your first revision with", '  athanor revision -m "create users table"'];
  return [
    "Next: check that the database matches the models, then write revisions from model changes:",
    "  athanor check",
    '  athanor revision --autogenerate -m "describe the change"',
  ];
}

/** True when drizzle-kit's `out` folder holds migrations (a 0.x journal or 1.0 migration folders). */
function hasKitMigrations(out: string | undefined): boolean {
  if (out === undefined || !existsSync(out)) return false;
  if (existsSync(join(out, "meta", "_journal.json"))) return true;
  return readdirSync(out).some((name) => existsSync(join(out, name, "migration.sql")));
}

/** The drizzle.config in the working directory, read as athanor reads it; undefined without one. */
async function drizzleKitConfig(ctx: Context): Promise<ResolvedConfig | undefined> {
  const file = DRIZZLE_CONFIG_NAMES.map((name) => join(ctx.cwd, name)).find((f) => existsSync(f));
  return file === undefined ? undefined : loadConfig(file, ctx.env);
}

/** A path as the config writes it: relative to the working directory, with forward slashes. */
function relativePath(ctx: Context, path: string): string {
  return relative(ctx.cwd, path).split("\\").join("/");
}

const DEFAULT_URL_LINE = "  // url: defaults to the DATABASE_URL environment variable";

/**
 * The `url` line that keeps athanor on the database drizzle.config reached: without one, a
 * PostgreSQL project without DATABASE_URL would silently run on an embedded PGlite database
 * instead. The environment variable holding that URL where one does; the URL itself when it
 * holds no secret (urlCarriesSecret); else the default, and a note to set DATABASE_URL (a password is not copied
 * into a second file).
 */
function connectionOf(ctx: Context, drizzle: ResolvedConfig | undefined): { line: string; note?: string } {
  const url = drizzle?.url;
  if (drizzle === undefined || url === undefined || url === ctx.env.DATABASE_URL)
    return { line: DEFAULT_URL_LINE };
  const variable = variableHolding(ctx, url);
  const from = displayPath(ctx, drizzle.file);
  if (variable !== undefined) return { line: `  url: process.env.${variable}, // as ${from} connects` };
  if (!urlCarriesSecret(url)) return { line: `  url: ${JSON.stringify(url)}, // as ${from} connects` };
  return {
    line: DEFAULT_URL_LINE,
    note: `${from} connects with a password or another secret in its URL, which init does not copy into athanor.config.ts: set DATABASE_URL (or \`url\` in the config) to that database before you run athanor against it.`,
  };
}

/** The environment variable whose value is `value` (the first by name), if any. */
function variableHolding(ctx: Context, value: string): string | undefined {
  return Object.keys(ctx.env)
    .filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && ctx.env[name] === value)
    .sort()[0];
}

/**
 * drizzle-kit's `driver: "pglite"` as athanor's `postgresql` section: without it the copied `url`
 * (the PGlite data folder) would be taken for a server URL and every command refused.
 */
function postgresqlSectionOf(ctx: Context, drizzle: ResolvedConfig | undefined): string[] {
  // a dialect's section rides on the resolved config under its name (load-config.ts)
  const driver = (drizzle as { postgresql?: { driver?: string } } | undefined)?.postgresql?.driver;
  if (drizzle === undefined || driver !== "pglite") return [];
  return [
    `  postgresql: { driver: "pglite" }, // as ${displayPath(ctx, drizzle.file)} connects: url is its data folder`,
  ];
}

/**
 * drizzle-kit's `turso` dialect as athanor's `sqlite` section: its driver (`@libsql/client`), and
 * its auth token as the environment variable holding it — a token is never copied into the file.
 */
function sqliteSectionOf(
  ctx: Context,
  drizzle: ResolvedConfig | undefined,
): { lines: string[]; note?: string } {
  // a dialect's section rides on the resolved config under its name (load-config.ts)
  const settings = (drizzle as { sqlite?: { driver?: string; authToken?: string } } | undefined)?.sqlite;
  if (drizzle === undefined || settings === undefined) return { lines: [] };
  const from = displayPath(ctx, drizzle.file);
  const fields = settings.driver === undefined ? [] : [`driver: ${JSON.stringify(settings.driver)}`];
  let note: string | undefined;
  if (settings.authToken !== undefined) {
    const variable = variableHolding(ctx, settings.authToken);
    if (variable !== undefined) fields.push(`authToken: process.env.${variable}`);
    else
      note = `${from} passes an auth token, which init does not copy into athanor.config.ts: add \`authToken: process.env.<NAME>\` to its \`sqlite\` section.`;
  }
  if (fields.length === 0) return note === undefined ? { lines: [] } : { lines: [], note };
  const line = `  sqlite: { ${fields.join(", ")} }, // as ${from} connects`;
  return note === undefined ? { lines: [line] } : { lines: [line], note };
}

function renderConfig(
  dialect: DialectName | undefined,
  versions: string,
  schema: string | readonly string[] | undefined,
  connectionLines: readonly string[],
  kit: Pick<ResolvedConfig, "casing" | "tablesFilter" | "schemaFilter">,
): string {
  return [
    'import { defineConfig } from "athanor";',
    "",
    "export default defineConfig({",
    dialect === undefined
      ? `  // dialect: ${DIALECTS.map((name) => JSON.stringify(name)).join(" | ")},`
      : `  dialect: ${JSON.stringify(dialect)},`,
    `  versions: ${JSON.stringify(versions.split("\\").join("/"))},`,
    ...(schema === undefined ? [] : [`  schema: ${JSON.stringify(schema)},`]),
    // what drizzle-kit read the models and the database with, so nothing reads differently after init
    ...(["casing", "tablesFilter", "schemaFilter"] as const).flatMap((key) =>
      kit[key] === undefined ? [] : [`  ${key}: ${JSON.stringify(kit[key])},`],
    ),
    ...connectionLines,
    "});",
    "",
  ].join("\n");
}

async function promptDialect(ctx: Context): Promise<DialectName | undefined> {
  if (!ctx.isTTY || ctx.json) return undefined;
  const { select, isCancel } = await import("@clack/prompts");
  const answer = await select({
    message: "Which database?",
    options: CHOICES.map((choice) => ({ value: choice.value, label: choice.label })),
  });
  if (isCancel(answer)) throw new AthanorError("ATHANOR_USAGE", "Cancelled; nothing was written.");
  return answer;
}
