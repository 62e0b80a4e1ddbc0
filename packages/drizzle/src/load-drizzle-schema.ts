import { readdir, stat } from "node:fs/promises";
import { basename, extname, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { AthanorError } from "@athanor/core";
import { collectDrizzleSchema, coreFamiliesOf, type DrizzleSchemaExports } from "./collect-drizzle-schema.js";
import { loadDialectCores } from "./dialect-cores.js";
import type { DrizzleCasing } from "./sql-fragment.js";

/** Imports one module by absolute path; the CLI passes jiti's `import` so `.ts` files load. */
export type SchemaImporter = (absolutePath: string) => Promise<Readonly<Record<string, unknown>>>;

/** Options of {@link loadDrizzleSchema}. */
export interface LoadDrizzleSchemaOptions {
  /** Default: native `import()` (enough for `.js`/`.mjs`, or `.ts` under a TS-aware runtime). */
  readonly importer?: SchemaImporter;
  /** Base for relative paths; default `process.cwd()`. */
  readonly cwd?: string;
  /** The application's column casing (`drizzle({ casing })`), kept on the result for the readers. */
  readonly casing?: DrizzleCasing | undefined;
}

const MODULE_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"]);

function isSchemaModule(name: string): boolean {
  if (!MODULE_EXTENSIONS.has(extname(name))) return false;
  return !/\.d\.[cm]?ts$/.test(name) && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(name);
}

async function modulesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && isSchemaModule(e.name))
    .map((e) => resolve(e.parentPath, e.name))
    .sort();
}

// A path that exists is taken as written (Next.js folders like `[id]` are not patterns).
const GLOB_MAGIC = /[*?[\]{}]/;

/** The modules a glob matches, as drizzle-kit's `schema: "src/db/*.ts"` does; the part before the first pattern is its base. */
async function modulesMatching(pattern: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const first = parts.findIndex((part) => GLOB_MAGIC.test(part));
  const base = parts.slice(0, first).join(sep) || sep;
  const { glob } = await import("tinyglobby");
  const found = await glob(parts.slice(first).join("/"), { cwd: base, absolute: true, onlyFiles: true });
  return found
    .map((file) => resolve(file))
    .filter((file) => isSchemaModule(basename(file)))
    .sort();
}

async function expand(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (cause) {
    if (GLOB_MAGIC.test(path)) return modulesMatching(path);
    throw new AthanorError(
      "ATHANOR_SCHEMA_LOAD_FAILED",
      `The Drizzle schema path ${path} does not exist. Check the \`schema\` entry of athanor.config.ts (or drizzle.config.ts).`,
      { path },
      { cause },
    );
  }
  return info.isDirectory() ? modulesUnder(path) : [path];
}

/**
 * Imports the user's Drizzle schema — one file, several files, folders (every module under
 * a folder, tests and `.d.ts` excepted) or globs as drizzle-kit takes them (`src/db/*.ts`,
 * `src/**\/schema.ts`; a path that exists is never read as a pattern) — and collects its tables, enums, schemas and
 * sequences. Each file is imported once, in sorted order, through `importer`.
 *
 * @example
 * ```ts
 * import { createJiti } from "jiti";
 * const jiti = createJiti(import.meta.url);
 * const collected = await loadDrizzleSchema(["src/db/schema"], { importer: (p) => jiti.import(p) });
 * const model = drizzleToSchemaModel(collected, { dialect: "postgresql" });
 * ```
 */
export async function loadDrizzleSchema(
  paths: string | readonly string[],
  options: LoadDrizzleSchemaOptions = {},
): Promise<DrizzleSchemaExports> {
  const cwd = options.cwd ?? process.cwd();
  const importer: SchemaImporter =
    options.importer ?? ((p) => import(pathToFileURL(p).href) as Promise<Record<string, unknown>>);
  const files: string[] = [];
  for (const path of typeof paths === "string" ? [paths] : paths)
    files.push(...(await expand(resolve(cwd, path))));
  const unique = [...new Set(files)];
  if (unique.length === 0) {
    throw new AthanorError(
      "ATHANOR_SCHEMA_LOAD_FAILED",
      `No schema modules were found in ${JSON.stringify(paths)}. Point \`schema\` at a file, a folder of .ts/.js modules or a glob that matches some.`,
      { paths: typeof paths === "string" ? [paths] : [...paths] },
    );
  }
  const modules: Readonly<Record<string, unknown>>[] = [];
  for (const file of unique) {
    try {
      modules.push(await importer(file));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new AthanorError(
        "ATHANOR_SCHEMA_LOAD_FAILED",
        `Importing the Drizzle schema module ${file} failed: ${reason}. Fix the module (it must import without side effects such as connecting to a database).`,
        { file },
        { cause },
      );
    }
  }
  const collected =
    options.casing === undefined
      ? collectDrizzleSchema(modules)
      : { ...collectDrizzleSchema(modules), casing: options.casing };
  // the readers take the dialect cores synchronously: load the ones this schema uses, and only those
  await loadDialectCores(coreFamiliesOf(collected));
  return collected;
}
