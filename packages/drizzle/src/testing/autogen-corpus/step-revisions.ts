// The revision files one autogenerate step writes, as the CLI writes them — with `--no-stage`
// one plain revision (plus, on PostgreSQL, the non-transactional one with the non-blocking
// forms), by default the staged expand/migrate/contract chain — and their bodies run on a
// recording `op` whose backfills become one UPDATE each. Test-only.
import { type DiffResult, renderStagedRevision, stageDiff, TODO_EXPRESSION } from "@athanor/autogenerate";
import {
  createOp,
  type NormalizedBackfill,
  type Operation,
  operations,
  type RevisionHeader,
  type SchemaModel,
} from "@athanor/core";
import { bodyOf, type CorpusBackend, revisionText } from "./run-corpus-case.js";

/** How a step is written: one plain revision, or staged as autogenerate does by default. */
export type StepMode = "no-stage" | "staged";

const HEADER: RevisionHeader = {
  id: "5ce4a1000001",
  parents: [],
  message: "scenario",
  branchLabels: [],
  dependsOn: [],
  transactional: true,
};

/**
 * The texts of the revisions for `diff`, in chain order; backfill stubs filled with `fill`
 * (the value a user writes for existing rows of a new NOT NULL column).
 *
 * @example
 * ```ts
 * const texts = stepRevisions(backend, diff, desired, live, "staged", "'UTC'");
 * ```
 */
export function stepRevisions(
  backend: CorpusBackend,
  input: { readonly diff: DiffResult; readonly desired: SchemaModel; readonly live: SchemaModel },
  mode: StepMode,
  fill: string | undefined,
): string[] {
  // As the CLI: `--no-stage` still takes the dialect's non-blocking forms (PostgreSQL's) (a second revision).
  const staged = stageDiff({
    diff: input.diff,
    desired: input.desired,
    live: input.live,
    hooks: backend.hooks,
    stage: mode === "staged",
  });
  if (staged.revisions.length === 0) return [revisionText(backend, input.diff)];
  return staged.revisions.map((revision) => {
    const text = renderStagedRevision({ header: HEADER, revision, hooks: backend.hooks });
    return fill === undefined ? text : text.replaceAll(JSON.stringify(TODO_EXPRESSION), JSON.stringify(fill));
  });
}

function quote(backend: CorpusBackend, name: string): string {
  return backend.hooks.quoteIdentifier(name);
}

/** A backfill in one statement: what the batched one ends with. */
function backfillSql(backend: CorpusBackend, spec: NormalizedBackfill): string {
  if (spec.mode !== "set") throw new Error("scenario revisions backfill with SQL expressions only");
  const table =
    spec.table.schema === undefined
      ? quote(backend, spec.table.name)
      : `${quote(backend, spec.table.schema)}.${quote(backend, spec.table.name)}`;
  const set = Object.entries(spec.set).map(
    ([column, expression]) => `${quote(backend, column)} = ${expression}`,
  );
  return `UPDATE ${table} SET ${set.join(", ")}${spec.where === undefined ? "" : ` WHERE ${spec.where}`}`;
}

// A revision's body may `await op.backfill(...)`: it runs as an async function.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

/**
 * Runs the `upgrade` or `downgrade` of a revision text on a recording `op`.
 *
 * @example
 * ```ts
 * const ops = await recordRevision(backend, text, "upgrade");
 * ```
 */
export async function recordRevision(
  backend: CorpusBackend,
  text: string,
  method: "upgrade" | "downgrade",
): Promise<Operation[]> {
  const seen: Operation[] = [];
  const op = createOp({
    dialect: backend.dialect,
    emit: (o) => seen.push(o),
    query: () => Promise.reject(new Error("offline")),
    backfill: async (spec) => {
      seen.push(operations.execute(backfillSql(backend, spec)));
      return undefined;
    },
  });
  await new AsyncFunction("op", "AthanorError", bodyOf(text, method))(
    op,
    class AthanorError extends Error {},
  );
  return seen;
}
