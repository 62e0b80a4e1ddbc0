import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { type PreparedRun, prepareRun } from "./prepare-run.js";
import type { RunnerOptions } from "./runner-options.js";
import { withSession } from "./session.js";

/**
 * An index PostgreSQL marks invalid (`pg_index.indisvalid = false`): what an interrupted or
 * failed `CREATE INDEX CONCURRENTLY` leaves behind. It is maintained on every write but never
 * used by queries, and `CREATE INDEX IF NOT EXISTS` of the same name silently keeps it.
 */
export interface InvalidIndex {
  readonly schema: string;
  readonly table: string;
  readonly index: string;
  readonly definition: string;
  /** The statement that removes it without blocking writes. */
  readonly fix: string;
  /**
   * Whether an unqualified name reaches it (PostgreSQL: `pg_table_is_visible`, its schema on the
   * session's search_path); true where the dialect does not say.
   */
  readonly visible: boolean;
}

/**
 * Reads the invalid indexes of the database (empty where the dialect has none to report).
 *
 * @example
 * ```ts
 * for (const i of await readInvalidIndexes(conn, dialect)) console.warn(`${i.index}: run ${i.fix}`);
 * ```
 */
export async function readInvalidIndexes(conn: Connection, dialect: Dialect): Promise<InvalidIndex[]> {
  const query = dialect.lockSafety?.invalidIndexesQuery;
  const drop = dialect.lockSafety?.dropInvalidIndex;
  if (query === undefined || drop === undefined) return [];
  const rows = (await conn.query<Record<string, unknown>>(query)).rows;
  return rows.map((r) => {
    const schema = String(r.schema);
    const index = String(r.index);
    return {
      schema,
      table: String(r.table),
      index,
      definition: String(r.definition ?? ""),
      fix: drop(schema, index),
      visible: r.visible !== false,
    };
  });
}

/**
 * Lists invalid indexes left by interrupted `CREATE INDEX CONCURRENTLY` runs, for `current
 * --verbose` and health checks. Takes no lock and changes nothing.
 *
 * @example
 * ```ts
 * const broken = await findInvalidIndexes({ dialect, revisions: "migrations/versions" });
 * ```
 */
export async function findInvalidIndexes(options: RunnerOptions | PreparedRun): Promise<InvalidIndex[]> {
  const run = await prepareRun(options);
  return withSession(run.options, { lock: false }, ({ conn }) =>
    readInvalidIndexes(conn, run.options.dialect),
  );
}

const CREATE_INDEX =
  /^\s*create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)/i;

/** The index name an operation creates (a `createIndex`, or raw `CREATE INDEX` SQL), unquoted. */
export function indexCreatedBy(
  op: Operation,
): { readonly schema?: string; readonly name: string } | undefined {
  if (op.kind === "createIndex") return { schema: op.table.schema, name: op.name };
  if (op.kind !== "execute") return undefined;
  const match = CREATE_INDEX.exec(op.sql);
  if (match?.[1] === undefined) return undefined;
  const parts = match[1].split(/\s*\.\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/).map(unquote);
  return parts.length === 2 ? { schema: parts[0], name: parts[1] as string } : { name: parts[0] as string };
}

function unquote(part: string): string {
  return part.startsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part.toLowerCase();
}

/**
 * Throws ATHANOR_INVALID_INDEX when `op` creates an index whose name an invalid index already
 * holds: the statement would fail ("already exists") or, with IF NOT EXISTS, keep the broken one.
 *
 * @example
 * ```ts
 * assertNoInvalidIndexInTheWay(op, invalid, "3f2a9c1b7d4e");
 * ```
 */
export function assertNoInvalidIndexInTheWay(
  op: Operation,
  invalid: readonly InvalidIndex[],
  revision: string,
): void {
  if (invalid.length === 0) return;
  const created = indexCreatedBy(op);
  if (created === undefined) return;
  // an unqualified index goes beside its table, found on the search_path: an invalid index of
  // another schema (another tenant's, on a fleet) is not in its way
  const hit = invalid.find(
    (i) =>
      i.index === created.name && (created.schema === undefined ? i.visible : created.schema === i.schema),
  );
  if (hit === undefined) return;
  throw new AthanorError(
    "ATHANOR_INVALID_INDEX",
    `Revision ${revision} creates index ${created.name}, but an invalid index of that name is on ${hit.schema}.${hit.table} ` +
      `(left by an interrupted CREATE INDEX CONCURRENTLY; it slows writes and no query uses it). ` +
      `Drop it with \`${hit.fix}\`, then re-run the upgrade.`,
    {
      revision,
      schema: hit.schema,
      table: hit.table,
      index: hit.index,
      definition: hit.definition,
      fix: hit.fix,
    },
  );
}
