// Child process of lock-race.test.ts: takes the migration lock through the built package, then
// does a deliberately racy read-sleep-write of a counter. Only the lock keeps it correct.
import { postgresDialect } from "../../dist/index.js";

const [url, key, children] = process.argv.slice(2);
const dialect = postgresDialect({ url });
const conn = await dialect.connect();
try {
  // Start together: process start-up on a loaded machine takes longer than one lock hold, and
  // without a common start the children would barely contend. A fixed start time (8 s ahead) was
  // a guess that a loaded machine can miss; each child says it is here and waits for all of them.
  await conn.query("INSERT INTO arrived VALUES ($1)", [process.pid]);
  const deadline = Date.now() + 100_000;
  for (;;) {
    const { rows } = await conn.query("SELECT count(*)::int AS n FROM arrived");
    if (rows[0].n >= Number(children)) break;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${children} children arrived`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const { waitedMs } = await dialect.acquireLock(conn, key, { timeoutMs: 60_000, pollMs: 10 });
  const { rows } = await conn.query("SELECT n FROM counter");
  await new Promise((resolve) => setTimeout(resolve, 40));
  await conn.query("UPDATE counter SET n = $1", [Number(rows[0].n) + 1]);
  await dialect.releaseLock(conn, key);
  process.stdout.write(JSON.stringify({ waitedMs }));
} finally {
  await conn.close();
}
