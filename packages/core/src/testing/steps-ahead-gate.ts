import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { defineRevision, type RevisionDefinition } from "../revision/revision.js";
import { markOpCallsOnly, upgrade } from "../runner/index.js";
import type { RunResult } from "../runner/runner-result.js";

/**
 * `inner` with every statement its sessions are handed (reads and scripts) recorded in `sent`,
 * in order: what a test reads to see what reached the server, and when.
 *
 * @example
 * ```ts
 * const sent: string[] = [];
 * await upgrade({ dialect: recordingDialect(postgresDialect({ url }), sent), revisions });
 * ```
 */
export function recordingDialect(inner: Dialect, sent: string[]): Dialect {
  return {
    ...inner,
    async connect(): Promise<Connection> {
      const conn = await inner.connect();
      return {
        ...conn,
        query: (sql, params) => {
          sent.push(sql);
          return conn.query(sql, params);
        },
        executeScript: (script) => {
          sent.push(...script);
          return conn.executeScript(script);
        },
        close: () => conn.close(),
      };
    },
  };
}

/** How a dialect's steps-ahead test holds revision 1 on its server ({@link gatedStepsAheadRun}). */
export interface StepsAheadGate {
  /** A fresh dialect on the test's database (the run's, the holder's, the test's reads). */
  dialect(): Dialect;
  /**
   * Creates the table `gate` and returns a session of its own holding the lock that revision 1's
   * `INSERT INTO gate (id) VALUES (1)` will wait for; the test ends it (COMMIT or ROLLBACK).
   */
  hold(gate: string): Promise<Connection>;
  /** Whether the run's `INSERT INTO gate …` is on the server, waiting for the holder's lock. */
  waiting(gate: string): Promise<boolean>;
  /** Sleeps on the server between two looks (the test reads nothing from the client's clock). */
  pause(): Promise<void>;
}

/** A run held on the server by {@link gatedStepsAheadRun}. */
export interface GatedStepsAheadRun {
  readonly run: Promise<RunResult>;
  /** Every statement the run's sessions were handed so far (it grows as the run goes on). */
  readonly sent: string[];
  /** What had been handed when revision 1 was seen waiting and revision 2 had been prepared. */
  readonly sentWhileWaiting: readonly string[];
  readonly holder: Connection;
  readonly revisions: RevisionDefinition[];
}

/**
 * Starts an upgrade of two revisions and returns once revision 1 is on the server, waiting for
 * `gate.hold`'s lock (seen on the server by `gate.waiting`, not guessed by timing), and revision
 * 2 — marked op-calls-only, its statements `secondStatements` — has been prepared meanwhile. A run
 * that prepares nothing ahead waits here until the test times out. Revision 1 inserts into the
 * gate, then creates `<name>_one`; the version table is `v_<name>`; no lock timeout of athanor's.
 *
 * @example
 * ```ts
 * const gated = await gatedStepsAheadRun(gate, "commits", ["CREATE TABLE commits_two (id int)"]);
 * await gated.holder.executeScript(["COMMIT"]);
 * const result = await gated.run;
 * ```
 */
export async function gatedStepsAheadRun(
  gate: StepsAheadGate,
  name: string,
  secondStatements: readonly string[],
  options: { readonly signal?: AbortSignal | undefined } = {},
): Promise<GatedStepsAheadRun> {
  const table = `gate_${name}`;
  const holder = await gate.hold(table);
  let prepared!: () => void;
  const nextPrepared = new Promise<void>((resolve) => {
    prepared = resolve;
  });
  const sent: string[] = [];
  const revisions: RevisionDefinition[] = [
    defineRevision({
      id: `${name}_1`,
      upgrade: (op) => {
        op.execute(`INSERT INTO ${table} (id) VALUES (1)`);
        op.execute(`CREATE TABLE ${name}_one (id int)`);
      },
      downgrade: () => undefined,
    }),
    defineRevision({
      id: `${name}_2`,
      parents: [`${name}_1`],
      // op calls only, but for the test's own note that it ran
      upgrade: markOpCallsOnly((op: Parameters<RevisionDefinition["upgrade"]>[0]) => {
        prepared();
        for (const sql of secondStatements) op.execute(sql);
      }),
      downgrade: () => undefined,
    }),
  ];
  const run = upgrade(
    {
      dialect: recordingDialect(gate.dialect(), sent),
      revisions,
      versionTable: { name: `v_${name}` },
      lockRetry: false,
    },
    "heads",
    { signal: options.signal },
  );
  run.catch(() => undefined);
  while (!(await gate.waiting(table))) await gate.pause();
  await nextPrepared;
  return { run, sent, sentWhileWaiting: [...sent], holder, revisions };
}
