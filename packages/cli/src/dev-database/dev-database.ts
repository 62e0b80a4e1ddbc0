import { randomBytes } from "node:crypto";
import type { Dialect, DialectModule } from "@athanor/core";
import { dialectEntryForUrl, urlScheme } from "@athanor/core/dialect";
import { hideUrlSecrets } from "@athanor/core/text";
import type { DatabaseRun } from "../database/open-database-run.js";
import {
  devDatabaseNotEmptied,
  devDatabaseNotEmpty,
  devUrlInvalid,
  scratchCreateFailed,
} from "./dev-database-error.js";

/**
 * An empty database to build in (Atlas's and Prisma's "dev database"): the models are created
 * there to be read back as the server prints them, and revisions are replayed there to compare
 * with the live database. Never the live database itself.
 */
export interface DevDatabase {
  /** Connects to the empty database. */
  readonly dialect: Dialect;
  /** Where a schema is a database (MySQL): its name (tables are read from it and moved to the live name). */
  readonly database: string | undefined;
  /** `the dev database (PostgreSQL at localhost:5432/dev)`, `a scratch database athanor_scratch_… on …`. */
  readonly description: string;
}

/** The value of devUrl that picks the target dialect's in-memory database (PGlite for PostgreSQL). */
export const PGLITE_DEV_URL = "pglite";

/**
 * How a command will get its dev database, in words, for `status` and docs: never connects.
 *
 * @example
 * ```ts
 * describeDevDatabase(run); // "scratch databases on the target server (no devUrl set)"
 * ```
 */
export function describeDevDatabase(run: Pick<DatabaseRun, "config" | "target" | "module">): string {
  const devUrl = run.config.devUrl;
  const memory = run.module.scratch.inMemory?.label ?? "database";
  if (devUrl === PGLITE_DEV_URL) return `an in-memory ${memory} (devUrl: ${PGLITE_DEV_URL})`;
  if (devUrl !== undefined)
    return `the dev database ${redactedPlace(devUrl, devUrlLabel(run, devUrl))} (devUrl)`;
  if (run.target.dataDir !== undefined || run.module.scratch.serverless === true)
    return `an in-memory ${memory} (the target is ${run.module.label(run.target.flavour, run.target)})`;
  return "scratch databases created and dropped on the target server (no devUrl set)";
}

/**
 * Runs `body` with an empty dev database and leaves nothing behind on every path:
 * - devUrl `pglite`: the dialect's in-memory database (PGlite); a server of another major
 *   version is announced. A dialect without one refuses it.
 * - devUrl set: that database, which must be empty to begin with and is emptied afterwards.
 * - no devUrl, embedded target: the in-memory database (the same engine).
 * - no devUrl, server target: a database `athanor_<purpose>_<random>` created on the target
 *   server and dropped afterwards, announced once per command on stderr; a missing privilege is
 *   ATHANOR_DEV_DATABASE_FAILED naming it and how to set devUrl.
 *
 * @example
 * ```ts
 * await withDevDatabase(run, "replay", async (dev) => upgrade({ ...run.migration.options, dialect: dev.dialect }, "heads"));
 * ```
 */
export async function withDevDatabase<T>(
  run: DatabaseRun,
  purpose: "scratch" | "replay",
  body: (dev: DevDatabase) => Promise<T>,
  /** The scratch database's name, where one is created on the target ({@link scratchDatabaseName}). */
  name?: string,
): Promise<T> {
  const devUrl = run.config.devUrl;
  const { target, module } = run;
  // An embedded target, or a dialect with no server to make scratch databases on (SQLite), builds
  // in its in-memory engine.
  const embedded = target.dataDir !== undefined || module.scratch.serverless === true;
  if (devUrl === PGLITE_DEV_URL || (devUrl === undefined && embedded)) {
    const memory = module.scratch.inMemory;
    if (memory === undefined)
      throw devUrlInvalid(
        `\`${PGLITE_DEV_URL}\` is an in-memory PostgreSQL; a ${run.serverLabel} target needs a ${module.urlSchemes[0]}:// dev database`,
      );
    if (!embedded) await announceVersionGap(run, memory);
    const opened = memory.open();
    try {
      return await body({
        dialect: opened.dialect,
        database: undefined,
        description: `an in-memory ${memory.label}`,
      });
    } finally {
      await opened.close();
    }
  }
  if (devUrl === undefined) return withScratchOnTarget(run, target.url as string, purpose, body, name);
  return withDevUrl(run, devUrl, body);
}

async function withDevUrl<T>(
  run: DatabaseRun,
  devUrl: string,
  body: (dev: DevDatabase) => Promise<T>,
): Promise<T> {
  const { module, target } = run;
  if (dialectEntryForUrl(devUrl)?.name !== module.name)
    throw devUrlInvalid(
      `a ${urlScheme(devUrl) ?? "scheme-less"}:// URL cannot be the dev database of a ${run.serverLabel} target: give a ${module.urlSchemes.map((scheme) => `${scheme}://`).join(" or ")} URL`,
    );
  const devTarget = { dialect: module.name, flavour: target.flavour, url: devUrl };
  const opened = module.open(devTarget);
  const conn = await opened.dialect.connect().catch((error: unknown) => {
    const where = redactedPlace(devUrl, devUrlLabel(run, devUrl));
    throw devUrlInvalid(
      `connecting to ${where} failed (${(error as Error)?.message ?? String(error)})`,
      error,
    );
  });
  // connected: named as the server says (MariaDB behind a mysql:// URL)
  const where = redactedPlace(devUrl, opened.dialect.serverLabel ?? devUrlLabel(run, devUrl));
  try {
    const database = module.schemasAreDatabases ? await module.currentDatabase(conn) : undefined;
    if (database === "")
      throw devUrlInvalid(
        `the ${module.urlSchemes[0]}:// devUrl names no database (add /<database> to the URL)`,
      );
    const objects = await module.scratch.countObjects(conn);
    if (objects > 0) throw devDatabaseNotEmpty(where, objects);
    const outcome = await body({
      dialect: opened.dialect,
      database,
      description: `the dev database ${where}`,
    }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    // nothing was built (a replay refused at its first statement): leave schemas the role may not own alone
    const emptying =
      (await module.scratch.countObjects(conn).catch(() => 1)) === 0
        ? undefined
        : await module.scratch.empty(conn).then(
            () => undefined,
            (error: unknown) => error ?? new Error("unknown error"),
          );
    // a failure to empty must neither hide the work's own error nor go unsaid
    if (emptying !== undefined)
      throw devDatabaseNotEmptied(where, emptying, outcome.ok ? undefined : outcome.error);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  } finally {
    await conn.close();
    await opened.close();
  }
}

/**
 * The name {@link withDevDatabase} will give the scratch database it creates on the target
 * server (no devUrl, a server target), chosen now so a caller can name it before it exists;
 * `undefined` where the dev database is another one (devUrl, in memory).
 *
 * @example
 * ```ts
 * const name = scratchDatabaseName(run, "scratch"); // "athanor_scratch_5f0c…", or undefined
 * ```
 */
export function scratchDatabaseName(
  run: Pick<DatabaseRun, "config" | "target" | "module">,
  purpose: "scratch" | "replay",
): string | undefined {
  const onTarget =
    run.config.devUrl === undefined &&
    run.target.dataDir === undefined &&
    run.module.scratch.serverless !== true;
  return onTarget ? `athanor_${purpose}_${randomBytes(6).toString("hex")}` : undefined;
}

async function withScratchOnTarget<T>(
  run: DatabaseRun,
  url: string,
  purpose: "scratch" | "replay",
  body: (dev: DevDatabase) => Promise<T>,
  chosen: string | undefined,
): Promise<T> {
  const { module, target } = run;
  const name = chosen ?? `athanor_${purpose}_${randomBytes(6).toString("hex")}`;
  const server = redactedPlace(url, run.serverLabel, "");
  run.announce(
    `athanor: creating a scratch database on ${server} (${name}, dropped afterwards) to build the schema in; set devUrl to use a database of its own`,
  );
  const admin = await run.migration.options.dialect.connect();
  try {
    await admin.executeScript(module.scratch.createDatabase(name)).catch((error: unknown) => {
      throw scratchCreateFailed(
        { dialect: module.name, server, database: name, privilege: module.scratch.createPrivilege },
        error,
      );
    });
    try {
      // the dialect's defaults: the config's settings (MySQL's online-DDL clauses) are for the live database
      const opened = module.open({
        dialect: module.name,
        flavour: target.flavour,
        url: module.scratch.databaseUrl(url, name),
      });
      try {
        return await body({
          dialect: opened.dialect,
          database: module.schemasAreDatabases ? name : undefined,
          description: `a scratch database on the same server (${name}, dropped afterwards)`,
        });
      } finally {
        await opened.close();
      }
    } finally {
      await admin.executeScript(module.scratch.dropDatabase(name));
    }
  } finally {
    await admin.close();
  }
}

// The in-memory database is one server major; a server of another major prints some types and
// expressions differently, so the gap is said out loud rather than found in a diff.
async function announceVersionGap(
  run: DatabaseRun,
  memory: NonNullable<DialectModule["scratch"]["inMemory"]>,
): Promise<void> {
  const { module } = run;
  const major = async (dialect: Dialect) => {
    const conn = await dialect.connect();
    try {
      return Number.parseInt(await module.serverVersionText(conn), 10);
    } finally {
      await conn.close();
    }
  };
  const lite = memory.open();
  try {
    const server = await major(run.migration.options.dialect);
    const embedded = await major(lite.dialect);
    const label = run.serverLabel;
    if (server !== embedded)
      run.announce(
        `athanor: the dev database is an in-memory ${memory.label} (${label} ${embedded}) but the server runs ${label} ${server}; types and expressions that print differently across versions may show as differences. Set devUrl to a ${label} ${server} database for an exact comparison`,
      );
  } finally {
    await lite.close();
  }
}

/** How a dev database is named before connecting to it: as its URL says (`mariadb://`: MariaDB). */
function devUrlLabel(run: Pick<DatabaseRun, "target" | "module">, devUrl: string): string {
  return run.module.label(run.target.flavour, { ...run.target, url: devUrl });
}

/** `PostgreSQL at host:5432/db`, never a password (an unreadable URL as hideUrlSecrets shows it); `path` "" leaves the database out. */
function redactedPlace(url: string, label: string, path?: string): string {
  try {
    const parsed = new URL(url);
    return `${label} at ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${path ?? parsed.pathname}`;
  } catch {
    return `${label} at ${hideUrlSecrets(url)}`;
  }
}
