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

function printerFor(options: { isTTY: boolean; json?: boolean; now?: () => Date }) {
  let stdout = "";
  let stderr = "";
  const ctx = createContext(
    {
      isTTY: options.isTTY,
      color: false,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      ...(options.now === undefined ? {} : { now: options.now }),
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

  describe("backfills", () => {
    const progress = (rowsDone: number, estimatedTotal?: number): RunnerEvent => ({
      type: "backfill-progress",
      revision: "b2",
      table: "users",
      rowsDone,
      batches: rowsDone / 1000,
      rowsPerSecond: 25_000,
      estimatedTotal,
      etaMs: estimatedTotal === undefined ? undefined : ((estimatedTotal - rowsDone) / 25_000) * 1000,
      lastBatchMs: 40,
    });
    const start: RunnerEvent = {
      type: "backfill-start",
      revision: "b2",
      table: "users",
      resumedAtRows: 0,
      estimatedTotal: 10_000,
    };
    const end: RunnerEvent = {
      type: "backfill-end",
      revision: "b2",
      summary: {
        table: "users",
        rows: 10_000,
        batches: 10,
        durationMs: 400,
        longestBatchMs: 45,
        resumed: false,
      },
    };
    // a clock the test moves: each event happens `step` ms after the one before
    const clock = (step: number) => {
      let t = 0;
      return () => {
        t += step;
        return new Date(t);
      };
    };

    it("draws a live bar with rows, rows/s and ETA on a TTY, redrawn in place, then the summary", () => {
      const { printer, out } = printerFor({ isTTY: true, now: clock(1_000) });
      for (const e of [start, progress(5_000, 10_000), end]) printer.onRunnerEvent(e);
      expect(out()).toBe(
        "backfill users: starting, ~10,000 rows" +
          "\r\x1b[2Kbackfill users ████████████░░░░░░░░░░░░ 5,000 / ~10,000 rows (50%), 25,000 rows/s, ETA 0.2 s" +
          "\r\x1b[2Kbackfill users: done, 10,000 rows in 10 batches, 0.4 s, longest batch 45 ms\n",
      );
    });

    it("redraws a terminal line at most every 100 ms", () => {
      const { printer, out } = printerFor({ isTTY: true, now: clock(10) });
      for (let rows = 1_000; rows <= 9_000; rows += 1_000) printer.onRunnerEvent(progress(rows, 10_000));
      // nine batches within 90 ms: only the first is drawn
      expect(
        out()
          .split("\r\x1b[2K")
          .filter((l) => l !== ""),
      ).toHaveLength(1);
    });

    it("shows rows and rate without a bar when the total is unknown", () => {
      const { printer, out } = printerFor({ isTTY: true, now: clock(1_000) });
      printer.onRunnerEvent(progress(3_000));
      expect(out()).toBe("backfill users: 3,000 rows, 25,000 rows/s");
    });

    it("writes plain lines when piped: the start, at most one per 5 s, the summary", () => {
      const { printer, out } = printerFor({ isTTY: false, now: clock(2_000) });
      printer.onRunnerEvent(start); // t = 2 s
      for (let rows = 1_000; rows <= 6_000; rows += 1_000) printer.onRunnerEvent(progress(rows, 10_000)); // 4 … 14 s
      printer.onRunnerEvent(end);
      expect(out().split("\n")).toEqual([
        "backfill users: starting, ~10,000 rows",
        "backfill users: 3,000 / ~10,000 rows (30%), 25,000 rows/s, ETA 0.3 s",
        "backfill users: 6,000 / ~10,000 rows (60%), 25,000 rows/s, ETA 0.2 s",
        "backfill users: done, 10,000 rows in 10 batches, 0.4 s, longest batch 45 ms",
        "",
      ]);
    });

    it("prints nothing of a backfill with --json", () => {
      const { printer, out } = printerFor({ isTTY: true, json: true });
      for (const e of [start, progress(5_000, 10_000), end]) printer.onRunnerEvent(e);
      expect(out()).toBe("");
    });

    it("keeps a hostile table name inert", () => {
      const { printer, out } = printerFor({ isTTY: false, now: clock(1_000) });
      printer.onRunnerEvent({ ...start, table: "users\x1b[2J" } as RunnerEvent);
      expect(out()).not.toContain("\x1b[2J");
    });
  });

  describe("step lines written after the next revision's send (deferStepLines)", () => {
    const three = RevisionGraph.build([
      header("a1", [], "create users"),
      header("b2", ["a1"], "add email"),
      header("c3", ["b2"], "add name"),
    ]);
    const deferring = () => {
      const { printer: plain, out, err } = printerFor({ isTTY: false });
      const printer = new ProgressPrinter(plain.ctx, three);
      printer.deferStepLines();
      return { printer, out, err };
    };
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const at = (revision: string, index: number, status: StepResult["status"] = "applied") => ({
      start: { type: "step-start", revision, direction: "upgrade", index, total: 3 } as RunnerEvent,
      end: { type: "step-end", result: step(revision, status, 12), index, total: 3 } as RunnerEvent,
    });
    const lines = [
      "applied  <base> -> a1, create users  12 ms\n",
      "applied  a1 -> b2, add email  12 ms\n",
      "applied  b2 -> c3, add name  12 ms\n",
    ];

    it("writes revision N's line one turn after N+1 started, in order and in the same text", async () => {
      const { printer, out } = deferring();
      const [a, b, c] = [at("a1", 0), at("b2", 1), at("c3", 2)];
      printer.onRunnerEvent(a.start);
      printer.onRunnerEvent(a.end);
      expect(out()).toBe("");
      printer.onRunnerEvent(b.start);
      // the runner hands N+1's batch to the driver in this turn: the line waits for the next
      expect(out()).toBe("");
      await turn();
      expect(out()).toBe(lines[0]);
      printer.onRunnerEvent(b.end);
      printer.onRunnerEvent(c.start);
      // the last revision's line is written at once: nothing follows to carry it
      printer.onRunnerEvent(c.end);
      expect(out()).toBe(lines.join(""));
      await turn();
      expect(out()).toBe(lines.join(""));
    });

    it("writes a waiting line before any other line, and on flush (the run returned, a signal came)", () => {
      const { printer, out, err } = deferring();
      const [a, b] = [at("a1", 0), at("b2", 1, "failed")];
      printer.onRunnerEvent(a.end);
      printer.onLockEvent({ type: "waiting", holderPid: 7 } as never);
      expect(out()).toBe(lines[0]);
      expect(err()).toContain("waiting for the migration lock");
      printer.onRunnerEvent(a.end);
      printer.onRunnerEvent(b.end);
      // a revision that did not apply ends the run: its line is written at once, after the waiting one
      expect(out()).toBe(`${lines[0]}${lines[0]}FAILED   a1 -> b2, add email  12 ms\n`);
      printer.onRunnerEvent(a.end);
      expect(out()).toBe(`${lines[0]}${lines[0]}FAILED   a1 -> b2, add email  12 ms\n`);
      printer.flush();
      expect(out()).toBe(`${lines[0]}${lines[0]}FAILED   a1 -> b2, add email  12 ms\n${lines[0]}`);
    });

    it("leaves a terminal's live lines as they were", () => {
      const { printer: plain, out } = printerFor({ isTTY: true });
      const printer = new ProgressPrinter(plain.ctx, three);
      printer.deferStepLines();
      const a = at("a1", 0);
      printer.onRunnerEvent(a.start);
      printer.onRunnerEvent(a.end);
      expect(out()).toBe(
        "… upgrade  <base> -> a1, create users [1/3]\r\x1b[2Kapplied  <base> -> a1, create users  12 ms\n",
      );
    });
  });
});
