// The worker side of sqlite-worker-probe.mjs: owns a better-sqlite3 handle on the file and runs
// each message (a query or a script) as the in-thread connection would; it reports, on close, how
// long it was busy and how long it waited between a reply and the next message (the round trip).
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);

const db = new Database(workerData.file, { timeout: 5000 });
db.exec("PRAGMA foreign_keys = OFF"); // as sqliteDialect's connect leaves its migration session
let busy = 0;
let lastReply;
const gaps = [];
parentPort.on("message", (m) => {
  const start = performance.now();
  if (lastReply !== undefined) gaps.push(start - lastReply);
  let reply;
  try {
    if (m.kind === "query") {
      const statement = db.prepare(m.sql);
      reply = statement.reader
        ? { rows: statement.all(...m.params) }
        : { rows: [], rowCount: Number(statement.run(...m.params).changes) };
    } else if (m.kind === "script") {
      for (let index = 0; index < m.statements.length; index++) {
        try {
          db.exec(m.statements[index]);
        } catch (error) {
          throw Object.assign(error, { statementIndex: index });
        }
      }
    } else {
      db.close();
      gaps.sort((a, b) => a - b);
      reply = { busyMs: busy, gaps: gaps.length, gapMedianMs: gaps[gaps.length >> 1] ?? 0 };
    }
    lastReply = performance.now();
    busy += lastReply - start;
    parentPort.postMessage({ id: m.id, reply });
  } catch (error) {
    lastReply = performance.now();
    busy += lastReply - start;
    const { message, code, statementIndex } = error;
    parentPort.postMessage({ id: m.id, error: { message, code, statementIndex } });
  }
});
