// The differential proof of check --against's in-memory replay: every autogenerate corpus case is
// applied to a real server revision by revision (empty → before → after, each as the revision
// text autogenerate writes), and after each revision the in-memory model of all revisions so far
// must either refuse or equal the server's own introspection exactly. Test-only.
import { diffSchemas, parseRenameHint } from "@athanor/autogenerate";
import { diffSchemaModels, type Operation, type SchemaDifference, type SchemaModel } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type {
  CorpusBackend,
  CorpusCase,
} from "../../../drizzle/src/testing/autogen-corpus/run-corpus-case.js";
import {
  apply,
  bodyOf,
  desiredOf,
  liveOf,
  record,
  revisionText,
} from "../../../drizzle/src/testing/autogen-corpus/run-corpus-case.js";
import { applyOperations } from "../drift/memory-replay/apply-operations.js";
import type { ReplayConventions } from "../drift/memory-replay/replay-conventions.js";

/** One revision of a case: the in-memory model's verdict next to the server's. */
export interface ReplayComparison {
  readonly state: string;
  readonly refused: string | undefined;
  /** Empty when the model equals the server's introspection (or the replay refused). */
  readonly differences: readonly SchemaDifference[];
}

/**
 * Runs `c` on the backend's live database and compares, after each of its two revisions, the
 * in-memory replay of every operation so far with `read()` — the live database as
 * `check --against` reads it.
 *
 * @example
 * ```ts
 * for (const cmp of await compareMemoryReplay(backend, c, conventions, read)) expect(cmp.differences).toEqual([]);
 * ```
 */
export async function compareMemoryReplay(
  backend: CorpusBackend,
  c: CorpusCase,
  conventions: ReplayConventions,
  read: () => Promise<SchemaModel>,
): Promise<ReplayComparison[]> {
  await backend.reset();
  const before = await desiredOf(backend, c.before());
  const after = await desiredOf(backend, c.after());
  const schemas = [...new Set([...before.schemas, ...after.schemas])];
  const differ = { hooks: backend.hooks };
  const applied: Operation[] = [];
  const out: ReplayComparison[] = [];
  const step = async (state: string, desired: SchemaModel, options: Parameters<typeof diffSchemas>[2]) => {
    const diff = diffSchemas(desired, await liveOf(backend, schemas), options);
    const ops = record(bodyOf(revisionText(backend, diff), "upgrade"), backend.dialect);
    await apply(backend, ops);
    applied.push(...ops);
    const outcome = applyOperations(applied, conventions);
    const live = await read();
    out.push({
      state,
      refused: outcome.refused,
      differences: outcome.model === undefined ? [] : diffSchemaModels(outcome.model, live),
    });
  };
  await step("empty → before", before, differ);
  await step("before → after", after, { ...differ, renames: (c.renames ?? []).map(parseRenameHint) });
  return out;
}

/**
 * The corpus suite of one server: every case, each revision's model exact or refused, and a
 * share of the corpus modelled (the replay does not pass by refusing everything).
 *
 * @example
 * ```ts
 * defineMemoryReplaySuite("PostgreSQL", PG_CASES, () => postgresCorpusBackend("p"), () => postgresDialectModule.replayConventions?.(undefined), (b) => introspectPostgres(b.live, {}));
 * ```
 */
export function defineMemoryReplaySuite(
  server: string,
  cases: readonly CorpusCase[],
  open: () => Promise<CorpusBackend & { dispose(): Promise<void> }>,
  conventionsOf: (backend: CorpusBackend) => Promise<ReplayConventions | undefined> | undefined,
  read: (backend: CorpusBackend) => Promise<SchemaModel>,
): void {
  describe(`in-memory replay equals the ${server} server's on the corpus`, () => {
    let backend: CorpusBackend & { dispose(): Promise<void> };
    const seen: ReplayComparison[] = [];
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.dispose();
    });

    test.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      const conventions = await conventionsOf(backend);
      if (conventions === undefined)
        throw new Error(`the ${server} dialect module offers no replay conventions`);
      const comparisons = await compareMemoryReplay(backend, c, conventions, () => read(backend));
      expect(comparisons).toHaveLength(2);
      for (const cmp of comparisons)
        expect(cmp.differences, `${cmp.state}: ${JSON.stringify(cmp.differences)}`).toEqual([]);
      seen.push(...comparisons);
    });

    test("the replay models a share of the corpus (it is not refusing everything)", () => {
      const modelled = seen.filter((s) => s.refused === undefined).length;
      const reasons = new Set(
        seen.flatMap((s) => (s.refused === undefined ? [] : [s.refused.replace(/^operation \d+: /, "")])),
      );
      console.log(`${server}: ${modelled} of ${seen.length} corpus revisions modelled; refused for`, [
        ...reasons,
      ]);
      expect(modelled).toBeGreaterThan(seen.length / 2);
    });
  });
}
