import { join } from "node:path";

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
  | { readonly kind: "mysql"; readonly url: string };

/**
 * Reads `DATABASE_URL` the way the athanor CLI does: `mysql://`/`mariadb://` means MySQL, any
 * other URL PostgreSQL, and none the embedded PGlite folder `.athanor/pglite` under `root`
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
  const name = choice.kind === "mysql" ? "MySQL/MariaDB" : "PostgreSQL";
  try {
    const url = new URL(choice.url);
    return `${name} at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return name;
  }
}
