import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { hostname, userInfo } from "node:os";
import type { RunIdentity } from "./bookkeeping-sql.js";

/**
 * Who is running athanor, for the history table. Each part is best-effort: containers often
 * have no passwd entry for the uid, and a bundle may not ship package.json.
 *
 * @example
 * ```ts
 * currentIdentity(); // { host: "build-7", osUser: "ci", athanorVersion: "0.3.0" }
 * ```
 */
export function currentIdentity(): RunIdentity {
  return {
    host: attempt(() => hostname()),
    osUser: attempt(() => userInfo().username),
    athanorVersion: athanorVersion(),
  };
}

/** A fresh id grouping the history rows of one run (Liquibase's deployment id). */
export function newRunId(): string {
  return randomUUID();
}

// Read on first use, not at import: the first require() sets up the CommonJS loader, a cost every
// no-op `upgrade` would otherwise pay for a value only written into history rows.
let version: { readonly value: string | undefined } | undefined;
/** This @athanor/core's version (every athanor package shares it), or undefined without a package.json. */
export function athanorVersion(): string | undefined {
  version ??= {
    value: attempt(
      () =>
        // by name (the package's own exports), not by path: this code runs from src/ and from a
        // bundle chunk at another depth of dist/
        (createRequire(import.meta.url)("@athanor/core/package.json") as { version?: string }).version,
    ),
  };
  return version.value;
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
