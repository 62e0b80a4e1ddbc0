import {
  type DataLossWarning,
  diffSchemas,
  type RenameHint,
  writtenDependentsChecks,
} from "@athanor/autogenerate";
import type { DifferHooks, Operation, RequireNoDependents, SchemaModel } from "@athanor/core";
import { emptySchemaModel } from "@athanor/core";
import { type MysqlKitSnapshot, mysqlSnapshotToSchemaModel } from "./mysql-snapshot-model.js";
import { isMysqlSnapshotV6, mysqlSnapshotV6ToV5 } from "./mysql-snapshot-v6.js";
import { type PgKitSnapshot, pgSnapshotToSchemaModel } from "./pg-snapshot-model.js";
import { isPgSnapshotV8, pgSnapshotV8ToV7 } from "./pg-snapshot-v8.js";
import type { DrizzleKitDialect } from "./read-drizzle-kit-folder.js";
import { renamesFromStatements, reverseRenames } from "./renames-from-sql.js";
import { unmodelledViewParts } from "./snapshot-views.js";
import { type SqliteKitSnapshot, sqliteSnapshotToSchemaModel } from "./sqlite-snapshot-model.js";

/**
 * How a migration's downgrade is obtained: operations from the snapshot pair, or a reason why
 * there is none.
 *
 * @example
 * ```ts
 * const d: SnapshotDowngrade = { kind: "irreversible", reason: "no snapshot was written for 0003_seed" };
 * ```
 */
export type SnapshotDowngrade =
  | {
      readonly kind: "operations";
      readonly operations: readonly Operation[];
      readonly notes: readonly string[];
      readonly dataLoss: readonly DataLossWarning[];
    }
  | { readonly kind: "irreversible"; readonly reason: string };

/** What {@link snapshotDowngrade} compares. */
export interface SnapshotPair {
  /** The snapshots' format (drizzle-kit's dialect). */
  readonly dialect: DrizzleKitDialect;
  /** The differ hooks of the database the migrations are for (its dialect module's `differHooks`). */
  readonly hooks: DifferHooks;
  /** The snapshot before the migration; `null` for the first migration (an empty database). */
  readonly previous: unknown;
  readonly current: unknown;
  /** The migration's statements: a change the snapshots do not show is hand-written SQL. */
  readonly statementCount: number;
  /**
   * The statements themselves: drizzle-kit 1.0 snapshots record no renames, so a 1.0 step's
   * renames are read from its `RENAME` statements.
   */
  readonly statements?: readonly string[];
  /** MySQL: the database name the models are placed in (any name works; both sides agree). */
  readonly database?: string;
}

// Parts of a snapshot the schema model does not describe; a change there has no generated inverse.
// (Top-level `policies` are policies on tables the schema does not declare.)
const UNMODELLED: Readonly<Record<DrizzleKitDialect, readonly string[]>> = {
  postgresql: ["roles", "policies"],
  mysql: [],
  // The SQLite reader does not read views yet.
  sqlite: ["views"],
};

/**
 * The downgrade of one drizzle-kit migration, derived from its snapshot pair: both snapshots
 * become schema models and the differ computes the operations that turn the migration's
 * result back into its start (`diffSchemas(previous, current)`). Renames kit recorded in the
 * snapshot's `_meta` are reversed as renames. It is irreversible (with a reason) when a
 * snapshot is missing or in a format not read, when something outside the model changed
 * (views, policies, roles, row-level security), or when the snapshots are equal but the SQL is
 * not empty: a hand-written (`generate --custom`) migration whose inverse nobody knows.
 *
 * @example
 * ```ts
 * const down = snapshotDowngrade({ dialect: "postgresql", hooks: postgresDifferHooks, previous: snap0, current: snap1, statementCount: 2 });
 * if (down.kind === "operations") down.operations; // e.g. [dropColumn users.email]
 * ```
 */
export function snapshotDowngrade(given: SnapshotPair): SnapshotDowngrade {
  const models = pairModels(given);
  if (typeof models === "string") return { kind: "irreversible", reason: models };
  const { pair, previous, current, fromKit10, database } = models;
  const changedOutside = UNMODELLED[pair.dialect].filter(
    (key) => !sameJson(field(pair.previous, key), field(pair.current, key)),
  );
  const viewParts = (snapshot: unknown) => unmodelledViewParts(field(snapshot, "views") as never);
  if (!sameJson(viewParts(pair.previous), viewParts(pair.current)) || viewParts(pair.current).length > 0)
    changedOutside.push(`views with ${[...viewParts(pair.previous), ...viewParts(pair.current)].join(", ")}`);
  if (changedOutside.length > 0) {
    return {
      kind: "irreversible",
      reason: `it changes ${changedOutside.join(", ")}, which athanor cannot reverse from the snapshots`,
    };
  }
  const result = diffSchemas(previous, current, {
    hooks: pair.hooks,
    renames: fromKit10
      ? reverseRenames(renamesFromStatements(pair.dialect, pair.statements ?? []))
      : reversedRenames(pair.previous, pair.current),
    defaultSchema: DEFAULT_SCHEMA[pair.dialect] ?? database,
  });
  if (result.operations.length === 0 && pair.statementCount > 0) {
    return {
      kind: "irreversible",
      reason:
        "its snapshot equals the previous one, so the SQL is hand-written (data, or objects drizzle-kit does not track)",
    };
  }
  const undecided = result.renameCandidates.map(
    (c) =>
      `${c.kind} ${c.table === undefined ? "" : `${c.table}.`}${c.from} → ${c.to} may be a rename; it is written as drop + add (edit if it was renamed).`,
  );
  return {
    kind: "operations",
    operations: result.operations,
    notes: [...result.notes, ...undecided],
    dataLoss: result.dataLoss,
  };
}

/** Both snapshots as schema models (drizzle-kit 1.0 read through the 0.31 shapes), or why not. */
function pairModels(given: SnapshotPair):
  | string
  | {
      pair: SnapshotPair;
      previous: SchemaModel;
      current: SchemaModel;
      fromKit10: boolean;
      database: string;
    } {
  // drizzle-kit 1.0 (PostgreSQL snapshot version 8, MySQL version 6) is read through the
  // 0.31 shapes (PostgreSQL version 7, MySQL version 5).
  const legacy = (s: unknown) =>
    given.dialect === "postgresql" && isPgSnapshotV8(s)
      ? pgSnapshotV8ToV7(s as never)
      : given.dialect === "mysql" && isMysqlSnapshotV6(s)
        ? mysqlSnapshotV6ToV5(s as never)
        : s;
  const fromKit10 = isPgSnapshotV8(given.current) || isMysqlSnapshotV6(given.current);
  const pair = { ...given, previous: legacy(given.previous), current: legacy(given.current) };
  const database = pair.database ?? "app";
  const current = modelOf(pair.dialect, pair.current, database);
  if (typeof current === "string") return current;
  const previous =
    pair.previous === null
      ? emptyFor(pair.dialect, database)
      : modelOf(pair.dialect, pair.previous, database);
  if (typeof previous === "string") return previous;
  return { pair, previous, current, fromKit10, database };
}

/**
 * The `op.requireNoDependents` checks an imported migration's upgrade opens with, as
 * autogenerate writes them: its SQL runs byte for byte, so what it drops or renames is read
 * from the snapshot pair (the operations from `previous` to `current`). None where the dialect
 * has no such check, or a snapshot cannot be read (there is nothing to derive them from).
 *
 * @example
 * ```ts
 * snapshotUpgradeChecks({ dialect: "mysql", hooks: mysqlDifferHooks, previous: snap0, current: snap1, statementCount: 1 });
 * // [requireNoDependents("users", ["email"])]
 * ```
 */
export function snapshotUpgradeChecks(given: SnapshotPair): RequireNoDependents[] {
  if (given.hooks.dependentsCheck !== true) return [];
  const models = pairModels(given);
  if (typeof models === "string") return [];
  const { pair, previous, current, fromKit10, database } = models;
  const result = diffSchemas(current, previous, {
    hooks: pair.hooks,
    renames: fromKit10
      ? renamesFromStatements(pair.dialect, pair.statements ?? [])
      : reverseRenames(reversedRenames(pair.previous, pair.current)),
    defaultSchema: DEFAULT_SCHEMA[pair.dialect] ?? database,
  });
  return writtenDependentsChecks(result.operations, pair.hooks);
}

function modelOf(dialect: DrizzleKitDialect, snapshot: unknown, database: string): SchemaModel | string {
  if (snapshot === null || typeof snapshot !== "object") return "drizzle-kit wrote no snapshot for it";
  const s = snapshot as { version?: unknown; tables?: unknown; ddl?: unknown };
  if (Array.isArray(s.ddl) || s.version === "9")
    return `its snapshot is in a drizzle-kit 1.0 format athanor does not read yet (version ${JSON.stringify(s.version)}; athanor reads PostgreSQL version "8" and MySQL version "6")`;
  const expected = EXPECTED_VERSION[dialect];
  if (s.version !== expected || typeof s.tables !== "object" || s.tables === null) {
    return `its snapshot has version ${JSON.stringify(s.version)} (athanor reads version ${expected}; run \`drizzle-kit up\` first)`;
  }
  if (dialect === "sqlite") return sqliteSnapshotToSchemaModel(snapshot as SqliteKitSnapshot);
  return dialect === "postgresql"
    ? pgSnapshotToSchemaModel(snapshot as PgKitSnapshot)
    : mysqlSnapshotToSchemaModel(snapshot as MysqlKitSnapshot, database);
}

const EXPECTED_VERSION: Readonly<Record<DrizzleKitDialect, string>> = {
  postgresql: "7",
  mysql: "5",
  sqlite: "6",
};
const DEFAULT_SCHEMA: Readonly<Record<DrizzleKitDialect, string | undefined>> = {
  postgresql: "public",
  mysql: undefined, // the database's own name
  sqlite: "main",
};

function emptyFor(dialect: DrizzleKitDialect, database: string): SchemaModel {
  return { ...emptySchemaModel(), schemas: [DEFAULT_SCHEMA[dialect] ?? database] };
}

function field(snapshot: unknown, key: string): unknown {
  return snapshot !== null && typeof snapshot === "object"
    ? ((snapshot as Record<string, unknown>)[key] ?? {})
    : {};
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Parses kit's `"schema"."table"."column"` keys (MySQL writes `table.column` unquoted in older files). */
function parts(key: string): string[] {
  const quoted = [...key.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? "").replaceAll('""', '"'));
  return quoted.length > 0 ? quoted : key.split(".");
}

/** Renames kit recorded while generating this migration, turned around for the downgrade. */
function reversedRenames(previous: unknown, current: unknown): RenameHint[] {
  const meta = (s: unknown, kind: string) => (field(field(s, "_meta"), kind) ?? {}) as Record<string, string>;
  const fresh = (kind: string) =>
    Object.entries(meta(current, kind)).filter(([from]) => meta(previous, kind)[from] === undefined);
  const hints: RenameHint[] = [];
  for (const [from, to] of fresh("tables")) {
    const [fromTable] = parts(from).slice(-1);
    const [schema, toTable] = parts(to).slice(-2);
    if (fromTable !== undefined && toTable !== undefined)
      hints.push({
        kind: "table",
        ...(schema === undefined || parts(to).length < 2 ? {} : { schema }),
        from: toTable,
        to: fromTable,
      });
  }
  for (const [from, to] of fresh("columns")) {
    const [fromColumn] = parts(from).slice(-1);
    const toParts = parts(to);
    const [table, column] = toParts.slice(-2);
    const schema = toParts.length >= 3 ? toParts[toParts.length - 3] : undefined;
    if (fromColumn !== undefined && table !== undefined && column !== undefined)
      hints.push({
        kind: "column",
        ...(schema === undefined ? {} : { schema }),
        table,
        from: column,
        to: fromColumn,
      });
  }
  return hints;
}
