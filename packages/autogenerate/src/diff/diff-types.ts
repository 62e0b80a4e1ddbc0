import type { DifferHooks, Operation } from "@athanor/core";

/**
 * A rename decided up front (a `--rename` flag, a hints file): the differ then emits a rename
 * instead of a drop and an add. `schema` absent means the default schema (or, for a table, the
 * only schema that has a table of that name).
 *
 * @example
 * ```ts
 * const hints: RenameHint[] = [
 *   { kind: "table", from: "people", to: "users" },
 *   { kind: "column", table: "users", from: "mail", to: "email" },
 * ];
 * ```
 */
export type RenameHint =
  | { readonly kind: "table"; readonly schema?: string; readonly from: string; readonly to: string }
  | {
      readonly kind: "column";
      readonly schema?: string;
      readonly table: string;
      readonly from: string;
      readonly to: string;
      /** Written `a.b:c` without a kind: table `b` of schema `a` when only that reading fits. */
      readonly orTable?: boolean;
    }
  /** An enum type renamed (`--rename enum:[schema.]old:new`, PostgreSQL). */
  | { readonly kind: "enum"; readonly schema?: string; readonly from: string; readonly to: string }
  /** One value of an enum renamed in place (`--rename enum-value:[schema.]type.old:new`, PostgreSQL). */
  | {
      readonly kind: "enum-value";
      readonly schema?: string;
      readonly enum: string;
      readonly from: string;
      readonly to: string;
    };

/**
 * A dropped and an added object of the same shape: maybe a rename, maybe not. The differ never
 * decides; `hint` is the `--rename` value that turns it into a rename.
 *
 * @example
 * ```ts
 * const c: RenameCandidate = { kind: "column", schema: "public", table: "users", from: "mail", to: "email", hint: "users.mail:email" };
 * ```
 */
export interface RenameCandidate {
  readonly kind: "table" | "column";
  readonly schema: string;
  /** The table holding the column (column candidates only). */
  readonly table?: string;
  readonly from: string;
  readonly to: string;
  /** The value of `--rename` that accepts this candidate. */
  readonly hint: string;
}

/**
 * An operation of the upgrade that destroys data (or may, for a narrowing type change).
 *
 * @example
 * ```ts
 * const w: DataLossWarning = { operationIndex: 3, kind: "dropColumn", target: "users.mail", reason: "drops column users.mail and its data" };
 * ```
 */
export interface DataLossWarning {
  /** Index into `operations`. */
  readonly operationIndex: number;
  readonly kind: Operation["kind"];
  readonly target: string;
  readonly reason: string;
}

/** An object the include filter is asked about (Alembic's `include_object`, for both models). */
export type IncludeObject =
  | { readonly type: "schema"; readonly name: string }
  | {
      readonly type: "table" | "enum" | "sequence" | "view";
      readonly schema: string;
      readonly name: string;
    };

/**
 * Options of {@link diffSchemas}.
 *
 * @example
 * ```ts
 * const options: DiffOptions = { hooks: postgresDifferHooks, renames: [{ kind: "table", from: "people", to: "users" }],
 *   include: (o) => !(o.type === "table" && o.name === "spatial_ref_sys") };
 * ```
 */
export interface DiffOptions {
  /** The dialect's decisions: its module's `differHooks(flavour)` (`postgresDifferHooks`, `mysqlDifferHooks`). */
  readonly hooks: DifferHooks;
  readonly renames?: readonly RenameHint[];
  /** Asked once per rename candidate not settled by a hint; `true` makes it a rename. Never prompts itself. */
  readonly resolveRename?: (candidate: RenameCandidate) => boolean;
  /** Return `false` to leave an object (and, for a schema, everything in it) out of the comparison. */
  readonly include?: (object: IncludeObject) => boolean;
  /**
   * Names in this schema are emitted unqualified (`"users"`, not `{ schema: "public", name: "users" }`).
   * Default `public` on PostgreSQL; on MySQL the live database's name.
   */
  readonly defaultSchema?: string;
}

/**
 * What {@link diffSchemas} found: the upgrade operations in an order that applies, rename
 * candidates nobody decided, data-losing steps, and notes for a human (things it could not
 * express as operations, or steps to review).
 */
export interface DiffResult {
  readonly operations: readonly Operation[];
  readonly renameCandidates: readonly RenameCandidate[];
  readonly dataLoss: readonly DataLossWarning[];
  readonly notes: readonly string[];
  /**
   * Differences no operation was written for, to be made by hand (a sequence bound beyond 2^53,
   * a MySQL collation change); each is in `notes` too. `check` counts them as differences.
   */
  readonly byHand?: readonly string[];
  /**
   * The downgrade of operations that have no automatic inverse but that the differ can undo
   * from what it knows (an added enum value: the type rebuilt without it); an empty list
   * means the step is undone by another entry. Operations not in the map use `reverse()`.
   */
  readonly inverses?: ReadonlyMap<Operation, readonly Operation[]>;
}
