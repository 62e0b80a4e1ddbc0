import { defineRevision, type RevisionDefinition } from "../../revision/revision.js";

/**
 * A revision that runs raw SQL statements up and down, for runner tests.
 *
 * @example
 * ```ts
 * const r = sqlRevision("a1", [], ["CREATE TABLE t (id int)"], ["DROP TABLE t"]);
 * ```
 */
export function sqlRevision(
  id: string,
  parents: readonly string[],
  up: readonly string[],
  down: readonly string[],
  extra: Partial<Omit<RevisionDefinition, "id" | "parents" | "upgrade" | "downgrade">> = {},
): RevisionDefinition {
  return defineRevision({
    id,
    parents,
    ...extra,
    upgrade(op) {
      for (const sql of up) op.execute(sql);
    },
    downgrade(op) {
      for (const sql of down) op.execute(sql);
    },
  });
}

/**
 * The text of a `.mjs` revision file that a folder-mode test can import natively (it defines a
 * local `defineRevision` because a temporary folder cannot resolve `@athanor/core`).
 */
export function sqlRevisionFile(
  id: string,
  parents: readonly string[],
  up: readonly string[],
  down: readonly string[],
): string {
  return [
    `const defineRevision = (definition) => definition;`,
    `export default defineRevision({`,
    `  id: ${JSON.stringify(id)},`,
    `  parents: ${JSON.stringify(parents)},`,
    `  upgrade(op) { for (const s of ${JSON.stringify(up)}) op.execute(s); },`,
    `  downgrade(op) { for (const s of ${JSON.stringify(down)}) op.execute(s); },`,
    `});`,
    ``,
  ].join("\n");
}

/** Tables, columns and indexes of a schema, as one comparable string (the catalogue dump). */
export const CATALOGUE_DUMP_SQL = `
SELECT 'column' AS what, c.table_name || '.' || c.column_name || ' ' || c.data_type || ' ' || c.is_nullable || ' ' || coalesce(c.column_default, '') AS detail
FROM information_schema.columns c
WHERE c.table_schema = 'public' AND c.table_name NOT LIKE 'athanor_version%'
UNION ALL
SELECT 'index', indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'athanor_version%'
UNION ALL
SELECT 'constraint', conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'athanor_version%'
ORDER BY 1, 2`;
