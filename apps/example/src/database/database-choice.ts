import { join } from "node:path";
import { sqliteFileOf } from "@athanor/sqlite";

/**
 * Where the rollout runs: the embedded PGlite folder (no set-up), or a server given by URL.
 *
 * @example
 * ```ts
 * const choice: DatabaseChoice = { kind: "postgresql", url: "postgres://postgres@127.0.0.1:5432/test" };
 * ```
 */
export type DatabaseChoice =
  | { readonly kind: "pglite"; readonly dataDir: string }
  | { readonly kind: "postgresql"; readonly url: string }
  | { readonly kind: "mysql"; readonly url: string }
  /** `url` is `file:` and the absolute path, as the athanor CLI is given it. */
  | { readonly kind: "sqlite"; readonly url: string; readonly file: string };

/**
 * Reads `DATABASE_URL` the way the athanor CLI does: `mysql://`/`mariadb://` means MySQL,
 * `file:`/`sqlite:` a SQLite file as @athanor/sqlite's `sqliteFileOf` reads it (a relative path is
 * taken from `root`, the config's folder; `file://app.db` names a host and is refused),
 * any other URL PostgreSQL, and none the embedded PGlite folder `.athanor/pglite` under `root`
 * (pass `"memory://"` as `root`-independent `dataDir` for an in-memory run).
 *
 * @example
 * ```ts
 * databaseChoiceOf(undefined, "/app"); // { kind: "pglite", dataDir: "/app/.athanor/pglite" }
 * ```
 */
export function databaseChoiceOf(url: string | undefined, root: string): DatabaseChoice {
  if (url === undefined || url === "") return { kind: "pglite", dataDir: join(root, ".athanor", "pglite") };
  if (/^(mysql|mariadb):/i.test(url)) return { kind: "mysql", url };
  if (/^(?:file|sqlite):/i.test(url)) {
    // the CLI's own reading (file://app.db and sqlite://app.db name a host and are refused), so the
    // app's connection and the runner's open the same file
    const file = url.includes("?") ? MEMORY : sqliteFileOf(url, root);
    if (file === MEMORY) {
      // the app and the runner are two connections: they must share a file, and no URL options
      throw new Error(`DATABASE_URL ${url}: give the rollout a SQLite file (file:./rollout.db), no options`);
    }
    return { kind: "sqlite", url: `file:${file}`, file };
  }
  return { kind: "postgresql", url };
}

/**
 * The choice as a person may read it: never a password.
 *
 * @example
 * ```ts
 * describeChoice({ kind: "mysql", url: "mysql://root:pw@db:3306/app" }); // "MySQL/MariaDB at db:3306/app"
 * ```
 */
export function describeChoice(choice: DatabaseChoice): string {
  if (choice.kind === "pglite") {
    return choice.dataDir.startsWith("memory://")
      ? "embedded PGlite (in memory)"
      : `embedded PGlite in ${choice.dataDir}`;
  }
  if (choice.kind === "sqlite") return `SQLite file ${choice.file}`;
  const name = choice.kind === "mysql" ? "MySQL/MariaDB" : "PostgreSQL";
  try {
    const url = new URL(choice.url);
    return `${name} at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return name;
  }
}

const MEMORY = ":memory:";
