// One athanor apply for sqlite-worker-probe.mjs: the bench's N revisions (apply-sqlite.mjs), each
// marked op-calls-only so the runner may prepare revision N+1 ahead of its turn, through
// sqliteDialect's own connection ("sync") or through a connection whose better-sqlite3 handle
// lives on a worker thread ("worker": neither synchronous nor in-process, so the runner prepares
// N+1 while the worker commits N). Prints one JSON line of what the worker side measured.
import { Worker } from "node:worker_threads";

const [core, sqlite, tableModule, driver, file, n, mode] = process.argv.slice(2);
const { defineRevision, markOpCallsOnly, upgrade } = await import(core);
const { sqliteDialect } = await import(sqlite);
const { table } = await import(tableModule);

const seen = { inFlight: 0, runEarly: 0 };
const revisions = Array.from({ length: Number(n) }, (_, i) =>
  defineRevision({
    id: `r${String(i).padStart(5, "0")}`,
    parents: i === 0 ? [] : [`r${String(i - 1).padStart(5, "0")}`],
    upgrade: markOpCallsOnly((op) => {
      if (seen.inFlight > 0) seen.runEarly++;
      op.execute(table(i));
    }),
    downgrade: (op) => op.execute(`DROP TABLE "t_${i}"`),
  }),
);

/** A Connection whose SQLite handle is on a worker thread: one message per query and per script. */
async function workerConnection() {
  const worker = new Worker(new URL("./sqlite-worker-probe-worker.cjs", import.meta.url), {
    workerData: { driver, file },
  });
  const pending = new Map();
  let next = 0;
  worker.on("message", ({ id, reply, error }) => {
    const { resolve, reject } = pending.get(id);
    pending.delete(id);
    if (error === undefined) resolve(reply);
    else reject(Object.assign(new Error(error.message), error));
  });
  const send = (message) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  const bindable = (v) =>
    typeof v === "boolean" ? Number(v) : v instanceof Date ? v.toISOString() : (v ?? null);
  return {
    file,
    driver: "better-sqlite3",
    query: (sql, params = []) => send({ kind: "query", sql, params: params.map(bindable) }),
    executeScript: async (statements) => {
      seen.inFlight++;
      try {
        await send({ kind: "script", statements: [...statements] });
      } finally {
        seen.inFlight--;
      }
    },
    async close() {
      seen.worker = await send({ kind: "close" });
      await worker.terminate();
    },
  };
}

const base = sqliteDialect({ file });
const dialect = mode === "worker" ? { ...base, connect: workerConnection } : base;
const result = await upgrade({ dialect, revisions }, "heads");
if (result.error) {
  console.error(result.error.message);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ runEarly: seen.runEarly, worker: seen.worker })}\n`);
