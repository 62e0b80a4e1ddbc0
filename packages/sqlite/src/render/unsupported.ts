import { AthanorError } from "@athanor/core";

/**
 * ATHANOR_UNSUPPORTED for an operation SQLite cannot run faithfully: never a statement that does
 * something else than the operation says.
 *
 * @example
 * ```ts
 * throw unsupported("createEnum", "named enum types", "use a text column with a CHECK (col IN (...))");
 * ```
 */
export function unsupported(kind: string, what: string, instead: string): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `SQLite has no ${what}, so the ${kind} operation cannot be rendered faithfully. ${instead}.`,
    { kind, what, dialect: "sqlite" },
  );
}

/**
 * ATHANOR_UNSUPPORTED for an operation SQLite can only run by rebuilding the table, which needs
 * the table's current definition; the renderer is not given it yet (docs/sqlite.md, "Rebuilds").
 */
export function needsRebuild(kind: string, table: string): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `SQLite's ALTER TABLE cannot ${kind} on ${JSON.stringify(table)}: it needs a table rebuild (create, copy, drop, rename), ` +
      "which this version of @athanor/sqlite does not render yet. Nothing was run. Write the rebuild with op.execute " +
      '(docs/sqlite.md, "Rebuild rules").',
    { kind, table, dialect: "sqlite", needs: "rebuild" },
  );
}
