import type { Operation } from "@athanor/core";
import { tableAtATime } from "./table-at-a-time.js";

/**
 * The buckets an upgrade is assembled from, in the order they run. Every rule of ordering
 * lives here: namespaces and types before the tables that use them; renames next, so every
 * later step names tables and columns by their new names; everything that goes away (foreign
 * keys first) is dropped before creations that could collide with it;
 * foreign keys are added after every table exists; columns, tables, types and schemas are
 * dropped last, dependants before what they depend on. PostgreSQL generated columns that must
 * stop depending on a column while its type changes are dropped (or made plain) before the
 * column steps and added back after them. Views and policies go first and come
 * back after every table change, since they read tables.
 *
 * @example
 * ```ts
 * const phases = new Phases();
 * phases.add("createTables", operations.createTable("users", { columns: [...] }));
 * phases.operations(); // in run order
 * ```
 */
export class Phases {
  static readonly ORDER = [
    "createSchemas",
    "createEnums",
    "sequences",
    "dropViews",
    "dropPolicies",
    "renames",
    "dropForeignKeys",
    "dropConstraints",
    "dropIndexes",
    "dropGenerated",
    "createTables",
    "columns",
    "addGenerated",
    "addConstraints",
    "addIndexes",
    "addForeignKeys",
    "dropColumns",
    "dropTableDependents",
    "dropTables",
    "createPolicies",
    "createViews",
    "dropEnums",
    "dropSequences",
    "dropSchemas",
  ] as const;

  readonly #buckets = new Map<Phase, Operation[]>(Phases.ORDER.map((p) => [p, []]));

  add(phase: Phase, ...ops: Operation[]): void {
    this.#buckets.get(phase)?.push(...ops);
  }

  /**
   * In run order; `tableAtATime` (DifferHooks.tableAtATime): the buckets from dropping foreign
   * keys to dropping columns regrouped so each table's changes are written together.
   */
  operations(options: { readonly tableAtATime?: boolean | undefined } = {}): Operation[] {
    const of = (phases: readonly Phase[]) => phases.flatMap((p) => this.#buckets.get(p) ?? []);
    if (options.tableAtATime !== true) return of(Phases.ORDER);
    const first = Phases.ORDER.indexOf("dropForeignKeys");
    const last = Phases.ORDER.indexOf("dropColumns") + 1;
    return [
      ...of(Phases.ORDER.slice(0, first)),
      ...tableAtATime(of(Phases.ORDER.slice(first, last))),
      ...of(Phases.ORDER.slice(last)),
    ];
  }
}

/** One bucket of {@link Phases}. */
export type Phase = (typeof Phases.ORDER)[number];
