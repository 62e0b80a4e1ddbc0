import {
  type CurrentState,
  type LintFinding,
  type LintReport,
  type LockReading,
  type Phase,
  RevisionGraph,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import { pendingWork } from "./pending-work.js";
import { describeHolder, statusLines } from "./status-lines.js";
import { buildStatusReport, type StatusInput } from "./status-report.js";

const rev = (id: string, parents: string[], phase?: Phase, dependsOn: string[] = []) => ({
  id,
  parents,
  message: `message of ${id}`,
  branchLabels: [],
  dependsOn,
  transactional: true,
  ...(phase ? { phase } : {}),
});

const state = (heads: string[], graph: RevisionGraph, extra: Partial<CurrentState> = {}): CurrentState => ({
  heads,
  unknownHeads: [],
  applied: [...graph.ancestors(heads.filter((h) => graph.get(h) !== undefined))],
  tablesExist: true,
  partial: [],
  partialRuns: [],
  ...extra,
});

const noLint: LintReport = {
  dialect: "postgresql",
  revisions: [],
  findings: [],
  silenced: [],
  counts: { error: 0, warning: 0, info: 0 },
};
const free: LockReading = { state: "free", holder: null };

function input(graph: RevisionGraph, heads: string[], extra: Partial<StatusInput> = {}): StatusInput {
  return {
    graph,
    database: "PostgreSQL at db:5432/app",
    devDatabase: "scratch databases created and dropped on the target server (no devUrl set)",
    state: state(heads, graph),
    checksums: [],
    lint: noLint,
    lock: free,
    ...extra,
  };
}

// root ─ e1 (expand) ─ e2 (expand) ─ m1 (migrate) ─ c1 (contract)
const linear = RevisionGraph.build([
  rev("root", []),
  rev("e1", ["root"], "expand"),
  rev("e2", ["e1"], "expand"),
  rev("m1", ["e2"], "migrate"),
  rev("c1", ["m1"], "contract"),
]);

describe("pendingWork", () => {
  it("names the nearest contract step a revision waits for, and where the database is on each branch", () => {
    // root ─ c1 (contract) ─ c2 (contract) ─ o1 ;  root ─ x1 (expand), which o1 depends on
    const graph = RevisionGraph.build([
      rev("root", []),
      rev("c1", ["root"], "contract"),
      rev("c2", ["c1"], "contract"),
      rev("x1", ["root"], "expand"),
      rev("o1", ["c2"], undefined, ["x1"]),
      rev("side", ["root"]),
    ]);
    const work = pendingWork(graph, ["side"]);
    const main = work.find((w) => w.head === "o1");
    expect(main?.databaseAt).toEqual(["root"]);
    expect(main?.pending.map((p) => [p.revision, p.waitsFor])).toEqual([
      ["x1", null],
      ["c1", { kind: "old-code-gone" }],
      ["c2", { kind: "old-code-gone" }],
      ["o1", { kind: "after-contract", contract: ["c2"] }],
    ]);
    expect(work.find((w) => w.head === "side")).toMatchObject({ databaseAt: ["side"], pending: [] });
  });
});

describe("status verdict", () => {
  it("suggests the expand stage when contract steps wait", () => {
    const report = buildStatusReport(input(linear, ["root"]));
    expect(report.verdict).toEqual({
      kind: "ready-expand",
      command: "athanor upgrade --phase expand",
      line: "ready to run `athanor upgrade --phase expand`: 2 expand, 1 migrate pending; 1 contract waits",
    });
    expect(report.problems).toEqual([]);
  });

  it("suggests a plain upgrade when nothing waits, and `heads` when the graph has several", () => {
    expect(buildStatusReport(input(linear, ["m1"])).verdict.line).toBe(
      "contract stage: run `athanor upgrade` once no running code uses what it removes: 1 contract pending",
    );
    const twoHeads = RevisionGraph.build([rev("a", []), rev("b", ["a"], "expand"), rev("c", ["a"])]);
    expect(buildStatusReport(input(twoHeads, ["a"])).verdict).toEqual({
      kind: "ready",
      command: "athanor upgrade heads",
      line: "ready to run `athanor upgrade heads`: 1 expand, 1 ordinary pending",
    });
    expect(buildStatusReport(input(twoHeads, ["b", "c"])).verdict.kind).toBe("up-to-date");
    expect(buildStatusReport(input(RevisionGraph.build([]), [])).verdict.line).toMatch(
      /^up to date: there are no revisions yet/,
    );
  });

  it("reports a held lock as busy (exit 0) and lists the holder", () => {
    const lock: LockReading = {
      state: "held",
      holder: {
        pid: 4242,
        applicationName: "deploy-bot",
        user: "deploy",
        clientAddr: "10.0.0.7",
        backendStart: "2026-01-02T03:04:05Z",
        state: "idle",
        query: null,
      },
    };
    const report = buildStatusReport(input(linear, ["root"], { lock }));
    expect(report.verdict.kind).toBe("busy");
    expect(report.problems).toEqual([]);
    expect(statusLines({ color: false }, report).at(-1)).toBe(
      'Lock:          held by pid 4242, application "deploy-bot", user deploy from 10.0.0.7, session since 2026-01-02T03:04:05Z, idle',
    );
    expect(
      describeHolder({ ...lock.holder, applicationName: null, backendStart: null, state: "Sleep for 3 s" }),
    ).toBe("pid 4242, user deploy from 10.0.0.7, Sleep for 3 s");
  });

  it("shows the cluster the server reports (Galera, streaming replicas) last, and nothing for a plain server", () => {
    const cluster = { kind: "galera", summary: "Galera: 3 nodes; node2 Synced, Primary component" };
    const report = buildStatusReport({ ...input(linear, ["root"]), cluster });
    expect(report.cluster).toEqual(cluster);
    expect(statusLines({ color: false }, report).at(-1)).toBe(
      "Cluster:       Galera: 3 nodes; node2 Synced, Primary component",
    );
    const plain = buildStatusReport({ ...input(linear, ["root"]), cluster: null });
    expect("cluster" in plain).toBe(false);
    expect(statusLines({ color: false }, plain).at(-1)).toMatch(/^Lock:/);
  });

  // Found walking PostgreSQL: pg_terminate_backend during a generated CREATE INDEX CONCURRENTLY
  // left the index invalid; status said "ready to run `athanor upgrade`", which then refused it.
  it("asks to repair an invalid index an interrupted CREATE INDEX CONCURRENTLY left, with the statement that drops it", () => {
    const invalid = {
      schema: "public",
      table: "posts",
      index: "posts_slug_idx",
      definition: "CREATE INDEX posts_slug_idx ON public.posts USING btree (slug)",
      fix: 'DROP INDEX CONCURRENTLY IF EXISTS "public"."posts_slug_idx"',
      visible: true,
    };
    const report = buildStatusReport(input(linear, ["root"], { invalidIndexes: [invalid] }));
    expect(report.problems).toEqual([{ kind: "invalid-indexes", indexes: [invalid] }]);
    expect(report.verdict).toEqual({
      kind: "repair",
      command: null,
      line: 'repair first: an interrupted CREATE INDEX CONCURRENTLY left invalid index public.posts_slug_idx (writes maintain it, no query uses it, a revision that creates it refuses): `DROP INDEX CONCURRENTLY IF EXISTS "public"."posts_slug_idx"`',
    });
    expect(statusLines({ color: false }, report).at(-1)).toBe(
      'Invalid index: public.posts_slug_idx on posts — drop it with `DROP INDEX CONCURRENTLY IF EXISTS "public"."posts_slug_idx"`',
    );
    // a refusal still comes first, the index said after it
    const both = buildStatusReport(
      input(linear, ["gone"], {
        state: state(["gone"], linear, { unknownHeads: ["gone"] }),
        checksums: null,
        invalidIndexes: [invalid],
      }),
    );
    expect(both.verdict.kind).toBe("blocked");
    expect(both.verdict.line).toContain("; also an interrupted CREATE INDEX CONCURRENTLY left invalid index");
    // a hostile name is one inert line
    const hostile = buildStatusReport(
      input(linear, ["root"], { invalidIndexes: [{ ...invalid, index: "x\n\u001b[2Jy" }] }),
    );
    expect(hostile.verdict.line.includes("\n") || hostile.verdict.line.includes("\u001b")).toBe(false);
    expect(report.invalidIndexes).toEqual([invalid]);
  });

  it("is blocked by unknown version-table rows (checksums unchecked) before anything else", () => {
    const report = buildStatusReport(
      input(linear, ["gone"], {
        state: state(["gone"], linear, { unknownHeads: ["gone"] }),
        checksums: null,
      }),
    );
    expect(report.verdict).toEqual({
      kind: "blocked",
      command: null,
      line: "blocked: `athanor upgrade` would refuse — the version table names gone, which no revision file declares",
    });
    expect(report.checksums.state).toBe("unchecked");
    expect(report.problems).toEqual([{ kind: "unknown-heads", revisions: ["gone"] }]);
  });

  // Found in the review: a partial run whose file was deleted (regenerated after a failure) was
  // described as a file that "changed since".
  it("says a partial run's file is gone when no revision declares it any more", () => {
    const gone = {
      revision: "gone1",
      direction: "upgrade" as const,
      statementsDone: 1,
      note: null,
      checksum: null,
      summary: "the upgrade of revision gone1 stopped part-way: statement #0 is applied and committed",
      resume: null,
      undo: "undo statement #0 by hand, then `athanor stamp c1`",
      fileMissing: true,
    };
    const report = buildStatusReport(
      input(linear, ["c1"], { state: state(["c1"], linear, { partial: ["gone1"], partialRuns: [gone] }) }),
    );
    expect(report.verdict.line).toContain(
      "a run of gone1 stopped part-way (its file is gone: see `athanor current`)",
    );
    expect(statusLines({ color: false }, report).join("\n")).toContain(
      "no revision file declares it any more, so it cannot be resumed: undo statement #0 by hand, then `athanor stamp c1`",
    );
  });

  it("says athanor renders a partial run's done statements differently, not that its file changed", () => {
    const run = {
      revision: "c2",
      direction: "upgrade" as const,
      statementsDone: 3,
      note: null,
      checksum: null,
      summary: "the upgrade of revision c2 stopped part-way: statements #0–#2 are applied and committed",
      resume: null,
      undo: "undo statements #0–#2 by hand, then `athanor stamp c1`",
      fileMissing: false,
      renderingChanged: true,
    };
    const report = buildStatusReport(
      input(linear, ["c1"], { state: state(["c1"], linear, { partial: ["c2"], partialRuns: [run] }) }),
    );
    expect(report.verdict.line).toContain(
      "a run of c2 stopped part-way (athanor renders its done statements differently now: see `athanor current`)",
    );
  });

  it("shows the worst lint findings first, at most five", () => {
    const finding = (severity: LintFinding["severity"], n: number): LintFinding => ({
      ruleId: `pg/rule-${n}`,
      severity,
      revision: "e1",
      file: null,
      operationIndex: n,
      operationKind: "addColumn",
      table: "users",
      message: `finding ${n}`,
      lock: null,
      rewritesTable: false,
      scansTable: false,
      breaksRunningCode: false,
      safeRecipe: null,
    });
    const findings = [
      ...[0, 1, 2, 3].map((n) => finding("warning", n)),
      finding("info", 4),
      finding("error", 5),
      finding("error", 6),
    ];
    const lint: LintReport = {
      ...noLint,
      revisions: ["e1"],
      findings,
      counts: { error: 2, warning: 4, info: 1 },
    };
    const report = buildStatusReport(input(linear, ["root"], { lint }));
    expect(report.lint.top.map((f) => f.ruleId)).toEqual([
      "pg/rule-5",
      "pg/rule-6",
      "pg/rule-0",
      "pg/rule-1",
      "pg/rule-2",
    ]);
    expect(report.verdict.kind).toBe("fix-lint");
    const lines = statusLines({ color: false }, report);
    expect(lines).toContain("  … 2 more: `athanor lint`");
    expect(lines).toContain("Lint:          2 errors, 4 warnings, 1 info in 1 pending revision");
  });
});
