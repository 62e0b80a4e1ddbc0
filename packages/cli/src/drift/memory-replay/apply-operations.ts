import {
  type Operation,
  type OperationKind,
  type OperationOf,
  replacementSteps,
  type SchemaModel,
} from "@athanor/core";
import {
  addCheck,
  addForeignKey,
  addPrimaryKey,
  addUnique,
  createIndex,
  dropConstraint,
  dropIndex,
  renameConstraint,
  renameIndex,
  validateConstraint,
} from "./index-operations.js";
import { ReplayState } from "./model-state.js";
import { type ReplayConventions, ReplayRefused, refuse } from "./replay-conventions.js";
import {
  addColumn,
  alterColumn,
  createTable,
  dropColumn,
  dropTable,
  renameColumn,
  renameTable,
  setTableComment,
} from "./table-operations.js";
import {
  addEnumValue,
  createEnum,
  createSchema,
  dropEnum,
  renameEnumValue,
  setRowLevelSecurity,
  syncTrigger,
} from "./type-operations.js";

type Handler = (state: ReplayState, op: Operation) => void;
const as = <K extends OperationKind>(fn: (state: ReplayState, op: OperationOf<K>) => void) => fn as Handler;

/** What each modelled kind does; every kind not listed (raw SQL, views, sequences, policies...) refuses. */
const HANDLERS: Partial<Record<OperationKind, Handler>> = {
  createTable: as(createTable),
  dropTable: as(dropTable),
  renameTable: as(renameTable),
  addColumn: as(addColumn),
  dropColumn: as(dropColumn),
  alterColumn: as(alterColumn),
  renameColumn: as(renameColumn),
  setTableComment: as(setTableComment),
  createIndex: as(createIndex),
  dropIndex: as(dropIndex),
  addPrimaryKey: as(addPrimaryKey),
  addUnique: as(addUnique),
  addForeignKey: as(addForeignKey),
  addCheck: as(addCheck),
  dropConstraint: as(dropConstraint),
  renameConstraint: as(renameConstraint),
  renameIndex: as(renameIndex),
  validateConstraint: as(validateConstraint),
  createEnum: as(createEnum),
  dropEnum: as(dropEnum),
  addEnumValue: as(addEnumValue),
  renameEnumValue: as(renameEnumValue),
  createSchema: as(createSchema),
  enableRowLevelSecurity: as<"enableRowLevelSecurity">((state, op) =>
    setRowLevelSecurity(state, op.table, true),
  ),
  disableRowLevelSecurity: as<"disableRowLevelSecurity">((state, op) =>
    setRowLevelSecurity(state, op.table, false),
  ),
  createSyncTrigger: as(syncTrigger),
  dropSyncTrigger: as(syncTrigger),
  // a check that changes nothing; what it looks for (objects outside the models) is not replayed
  requireNoDependents: () => undefined,
  requireValuesFit: () => undefined,
};

/** What {@link applyOperations} made of a list: the model, or why it cannot say. */
export type ReplayOutcome =
  | { readonly model: SchemaModel; readonly refused?: undefined }
  | { readonly model?: undefined; readonly refused: string };

/**
 * The schema `ops` build from an empty database, as the dialect's introspector would read it,
 * without a server — or `refused` naming the first operation it cannot model exactly (raw SQL,
 * a kind it does not know, anything the server might refuse, rename or cascade). Text is kept
 * as written, so the model matches a server's reading only where the revisions hold the text
 * the server prints (what autogenerate writes).
 *
 * @example
 * ```ts
 * const { model, refused } = applyOperations(ops, await postgresDialectModule.replayConventions(undefined));
 * ```
 */
export function applyOperations(ops: Iterable<Operation>, conventions: ReplayConventions): ReplayOutcome {
  const state = new ReplayState(conventions);
  let at = 0;
  try {
    for (const op of ops) {
      // an index that replaces another of its name ends as the drop and the create would
      const steps = op.kind === "createIndex" || op.kind === "addUnique" ? replacementSteps(op) : undefined;
      for (const step of steps ?? [op])
        (HANDLERS[step.kind] ?? refuse(`${step.kind} is not modelled`))(state, step);
      at++;
    }
    return { model: state.toModel() };
  } catch (error) {
    if (error instanceof ReplayRefused) return { refused: `operation ${at + 1}: ${error.message}` };
    throw error;
  }
}
