// Child process of galera-lock.test.ts: takes the Galera migration lock on the node in argv[2]
// with the lease in argv[3] (ms), prints "holding", then waits to be killed (kill -9).
import { mysqlDialect } from "../../dist/index.js";

const dialect = mysqlDialect({
  url: process.argv[2],
  galera: "auto",
  galeraLockLeaseMs: Number(process.argv[3]),
});
const conn = await dialect.connect();
await dialect.acquireLock(conn, "athanor:.athanor_version", { timeoutMs: 30_000, pollMs: 50 });
process.stdout.write("holding\n");
setInterval(() => undefined, 1_000);
