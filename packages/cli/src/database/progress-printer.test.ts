import { RevisionGraph, type RunnerEvent, type StepResult } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { createContext } from "../context.js";
import { ProgressPrinter } from "./progress-printer.js";

const header = (id: string, parents: string[], message: string) => ({
  id,
  parents,
  message,
  branchLabels: [],
  dependsOn: [],
  transactional: true,
});
const graph = RevisionGraph.build([header("a1", [], "create users"), header("b2", ["a1"], "add email")]);

function printerFor(options: { isTTY: boolean; json?: boolean }) {
  let stdout = "";
  let stderr = "";
  const ctx = createContext(
    {
      isTTY: options.isTTY,
      color: false,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    },
    options.json ? ["upgrade", "--json"] : ["upgrade"],
  );
  return { printer: new ProgressPrinter(ctx, graph), out: () => stdout, err: () => stderr };
}

const step = (revision: string, status: StepResult["status"], durationMs: number): StepResult => ({
  revision,
  direction: "upgrade",
  status,
  durationMs,
  statements: 1,
});

const events: RunnerEvent[] = [
  { type: "step-start", revision: "a1", direction: "upgrade", index: 0, total: 2 },
  { type: "step-end", result: step("a1", "applied", 12.4), index: 0, total: 2 },
  { type: "step-start", revision: "b2", direction: "upgrade", index: 1, total: 2 },
  { type: "step-end", result: step("b2", "failed", 1534), index: 1, total: 2 },
];

describe("ProgressPrinter", () => {
  it("prints one plain line per finished revision when not on a TTY", () => {
    const { printer, out } = printerFor({ isTTY: false });
    for (const e of events) printer.onRunnerEvent(e);
    expect(out()).toBe("applied  <base> -> a1, create users  12 ms\nFAILED   a1 -> b2, add email  1.5 s\n");
  });

  it("shows the running revision as a live line on a TTY, then replaces it with the result", () => {
    const { printer, out } = printerFor({ isTTY: true });
    for (const e of events.slice(0, 2)) printer.onRunnerEvent(e);
    expect(out()).toBe(
      "… upgrade  <base> -> a1, create users [1/2]\r\x1b[2Kapplied  <base> -> a1, create users  12 ms\n",
    );
  });

  it("keeps stdout for the JSON document with --json", () => {
    const { printer, out } = printerFor({ isTTY: false, json: true });
    for (const e of events) printer.onRunnerEvent(e);
    expect(out()).toBe("");
  });

  it("reports lock waits on stderr, naming the holder", () => {
    const { printer, err } = printerFor({ isTTY: false, json: true });
    printer.onLockEvent({ type: "waiting", holderPid: 4242 });
    printer.onLockEvent({ type: "acquired", waitedMs: 1234, holderPid: 4242 });
    printer.onLockEvent({ type: "acquired", waitedMs: 80, holderPid: null });
    expect(err()).toBe(
      "waiting for the migration lock held by pid 4242 …\n" +
        "waited 1.2 s for the migration lock held by pid 4242\n" +
        "waited 80 ms for the migration lock held by another session\n",
    );
  });

  it("prints downgrades top-down and stamps without an arrow", () => {
    const { printer, out } = printerFor({ isTTY: false });
    printer.onRunnerEvent({
      type: "step-end",
      result: { ...step("b2", "applied", 3), direction: "downgrade" },
      index: 0,
      total: 1,
    });
    printer.onRunnerEvent({
      type: "step-end",
      result: { ...step("b2", "applied", 0), direction: "stamp" },
      index: 0,
      total: 1,
    });
    expect(out()).toBe("reverted b2 -> a1, add email  3 ms\nstamped  b2, add email\n");
  });
});
