import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Connection, IntrospectScope, SchemaModel } from "@athanor/core";
import type { DialectModule, DialectTarget } from "@athanor/core/dialect";
import { packageRoot } from "../package-root.js";
import { isBuiltInModule } from "./dialect-registry.js";
import type { WorkerRequest } from "./introspect-worker.js";
import { received, revivedError, type Sent, type SentError } from "./worker-transfer.js";

/** The worker's answer to one request (introspect-worker.ts). */
type Answer = {
  readonly id: number;
  readonly model?: Sent;
  readonly error?: SentError;
  /** Set when the failure was opening the worker's session. */
  readonly opening?: boolean;
};

/** The live database read on a worker thread's own session (see {@link startIntrospectionWorker}). */
export interface IntrospectionWorker {
  /** The dialect module's introspection of the target, read on the worker's session. */
  introspect(scope: IntrospectScope): Promise<SchemaModel>;
  /**
   * Sends the read of `scope` now; the next {@link introspect}, when its scope is equal, takes
   * this answer instead of asking again (any other scope is asked as usual, and the answer
   * dropped). Settles when the worker has answered, and never rejects (the failure is
   * `introspect`'s to report).
   */
  prefetch(scope: IntrospectScope): Promise<void>;
  /** Closes the worker's session and waits for the thread to end. */
  close(): Promise<void>;
  /** Ends the thread now, whatever it is doing (a failed command: nothing more is asked of it). */
  terminate(): Promise<void>;
}

// Servers the CLI reaches over a socket: the worker opens a second session on them. PGlite and
// SQLite live in this process's files and stay on the main thread.
const ON_A_WORKER = new Set(["postgresql", "mysql"]);

/** The built worker (the same file from the sources' tests: a thread runs JavaScript only). */
const WORKER_FILE = new URL("dist/database/introspect-worker.js", packageRoot(import.meta.url));

/**
 * Starts a worker thread that connects to `target` on a session of its own and reads the live
 * database there when asked, so that parsing and assembling the catalogue's rows (~150 ms at
 * 1,000 tables) runs on another core while the main thread loads and runs the models.
 * Undefined where the target is read on the main thread: an embedded database, a dialect a
 * project registered itself (the worker could not load it), or no built worker.
 *
 * A worker that cannot open its session hands every request to `fallback` (the main session),
 * so a server that allows one session per user still gets its check. Any other failure is
 * raised as the main thread would raise it: the same code, message and meta.
 *
 * @example
 * ```ts
 * const worker = await startIntrospectionWorker(run.module, run.target, () => conn);
 * const live = await worker?.introspect({ schemas: ["public"] });
 * await worker?.close();
 * ```
 */
export async function startIntrospectionWorker(
  module: DialectModule,
  target: DialectTarget,
  fallback: () => Promise<Connection>,
): Promise<IntrospectionWorker | undefined> {
  if (
    !ON_A_WORKER.has(module.name) ||
    target.url === undefined ||
    target.dataDir !== undefined ||
    !existsSync(WORKER_FILE) ||
    !(await isBuiltInModule(module, target))
  )
    return undefined;
  // no flags of this process (a profiler, a preload, the TypeScript loader): the worker runs the built CLI alone
  const worker = new Worker(WORKER_FILE, { workerData: target, execArgv: [] });
  const pending = new Map<number, { resolve(answer: Answer): void; reject(error: unknown): void }>();
  let ended: Error | undefined;
  const endAll = (error: Error) => {
    ended ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (answer: Answer) => {
    pending.get(answer.id)?.resolve(answer);
    pending.delete(answer.id);
  });
  worker.on("error", endAll);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      exited = true;
      endAll(new Error("the introspection worker ended before answering"));
      resolve();
    }),
  );
  let next = 0;
  const post = (request: WorkerRequest) => worker.postMessage(request);
  const ask = (scope: IntrospectScope) =>
    new Promise<Answer>((resolve, reject) => {
      if (ended !== undefined) return reject(ended);
      const id = next++;
      pending.set(id, { resolve, reject });
      post({ type: "introspect", id, scope });
    });
  let prefetched: { readonly key: string; readonly answer: Promise<Answer> } | undefined;
  return {
    prefetch(scope) {
      const answer = ask(scope);
      prefetched = { key: JSON.stringify(scope), answer };
      // taken by introspect, or never: a failure nobody asked for is not unhandled
      return answer.then(
        () => undefined,
        () => undefined,
      );
    },
    async introspect(scope) {
      const sent = prefetched?.key === JSON.stringify(scope) ? prefetched.answer : undefined;
      prefetched = undefined;
      const answer = await (sent ?? ask(scope));
      if (answer.model !== undefined) return received(answer.model) as SchemaModel;
      // the worker's own session did not open (a server allowing one session per user): the main session reads it
      if (answer.opening === true) return module.introspect(await fallback(), scope);
      throw revivedError(answer.error as SentError);
    },
    async close() {
      if (!exited) {
        post({ type: "close" });
        await exit;
      }
    },
    async terminate() {
      if (!exited) await worker.terminate();
    },
  };
}
