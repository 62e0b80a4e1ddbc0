// The introspection worker's thread (see introspection-worker.ts): it opens a session of its own
// on the target as soon as it starts, answers each `introspect` request with the dialect
// module's introspection on that session, and closes the session on `close`. Every answer,
// failures included, is a message: nothing is thrown across the thread boundary.
import { parentPort, workerData } from "node:worker_threads";
import type { Connection, IntrospectScope } from "@athanor/core";
import type { DialectTarget } from "@athanor/core/dialect";
import { dialectModule } from "./dialect-registry.js";
import { sendable, sendableError } from "./worker-transfer.js";

/** What the main thread sends. */
export type WorkerRequest =
  | { readonly type: "introspect"; readonly id: number; readonly scope: IntrospectScope }
  | { readonly type: "close" };

const port = parentPort;
if (port === null) throw new Error("introspect-worker runs as a worker thread");
const target = workerData as DialectTarget;

const ready = (async () => {
  const module = await dialectModule(target.dialect, target);
  const opened = module.open(target);
  const conn: Connection = await opened.dialect.connect().catch(async (error: unknown) => {
    await opened.close();
    throw error;
  });
  return { module, opened, conn };
})();
// a failure to open is every request's answer, and the close's business
ready.catch(() => undefined);

let queue: Promise<unknown> = Promise.resolve();
port.on("message", (request: WorkerRequest) => {
  // one request at a time on the session, in the order sent
  queue = queue.then(() => (request.type === "close" ? close() : answer(request.id, request.scope)));
});

async function answer(id: number, scope: IntrospectScope): Promise<void> {
  let opened: Awaited<typeof ready>;
  try {
    opened = await ready;
  } catch (error) {
    port?.postMessage({ id, error: sendableError(error), opening: true });
    return;
  }
  try {
    const model = await opened.module.introspect(opened.conn, scope);
    port?.postMessage({ id, model: sendable(model) });
  } catch (error) {
    port?.postMessage({ id, error: sendableError(error) });
  }
}

async function close(): Promise<void> {
  try {
    const { opened, conn } = await ready;
    try {
      await conn.close();
    } finally {
      await opened.close();
    }
  } catch {
    // a session that never opened, or one the server already dropped: nothing is left to close
  } finally {
    port?.close();
  }
}
