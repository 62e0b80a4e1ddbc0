import { describe, expect, it } from "vitest";
import type { Operation } from "../ops/operation.js";
import { defineRevision } from "../revision/revision.js";
import { runRevisionFunction, runRevisionFunctionNow } from "./step-script.js";

// An operation a revision builds once its function is over would be missing from a batch already
// sent: it is refused, by the same rule on every path (a function that returns no promise is over
// when it returns; an async one when its promise settles).
const sink = (ops: Operation[]) => ({ emit: (op: Operation) => ops.push(op), query: async () => [] });

/** A revision whose upgrade builds one operation now and one at `later`; the late one's error. */
function lateRevision(later: (build: () => void) => Promise<unknown> | undefined, async: boolean) {
  let late: unknown;
  let done: Promise<unknown> = Promise.resolve();
  const revision = defineRevision({
    id: "late",
    parents: [],
    upgrade: (op) => {
      op.execute("SELECT 1");
      done = (later(() => op.execute("SELECT 2")) ?? Promise.resolve()).catch((error: unknown) => {
        late = error;
      });
      return async ? Promise.resolve() : undefined;
    },
    downgrade: () => {},
  });
  return { revision, late: async () => (await done, late) };
}

describe("an operation built after the revision's function is over", () => {
  for (const [name, run] of [
    ["runRevisionFunction", runRevisionFunction],
    ["runRevisionFunctionNow", runRevisionFunctionNow],
  ] as const) {
    it(`${name}: a function that returned no promise is over as it returns (a microtask later is late)`, async () => {
      const ops: Operation[] = [];
      const { revision, late } = lateRevision((build) => Promise.resolve().then(build), false);
      await run(revision, "upgrade", sink(ops), "postgresql");
      expect(await late()).toMatchObject({
        message: expect.stringMatching(/after its upgrade\(\) had returned/),
      });
      expect(ops).toHaveLength(1);
    });

    it(`${name}: an async function is over when its promise settles`, async () => {
      const ops: Operation[] = [];
      const { revision, late } = lateRevision(
        (build) => new Promise((resolve) => setTimeout(resolve, 5)).then(build),
        true,
      );
      await run(revision, "upgrade", sink(ops), "postgresql");
      expect(await late()).toMatchObject({
        message: expect.stringMatching(/had returned \(a missing await\?\)/),
      });
      expect(ops).toHaveLength(1);
    });
  }
});
