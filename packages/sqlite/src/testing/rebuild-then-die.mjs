// Child process of kill.test.ts: upgrades `file` to "r2" (a rebuild of `big`), writing "copying"
// to fd 1 synchronously as the rebuild's statements are sent, so the parent can kill -9 it mid-way.
// With driver "d1", `file` is miniflare's persistence folder and the D1 engine (workerd) runs in
// this process's group: the parent kills the whole group, engine included.
import { writeSync } from "node:fs";

const [file, dist, driver] = process.argv.slice(2);
const { upgrade } = await import("@athanor/core");
const { sqliteDialect, d1Dialect } = await import(dist);
const { revisions } = await import("./kill-history.mjs");
let dialect;
if (driver === "d1") {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response('athanor') } }",
    d1Databases: ["DB"],
    d1Persist: file,
  });
  dialect = d1Dialect({ database: await mf.getD1Database("DB") });
} else dialect = sqliteDialect({ file, driver });
const result = await upgrade({ dialect, revisions: revisions() }, "heads", {
  onStatement: (sql) => {
    if (sql.includes('INSERT INTO "__athanor_new_')) writeSync(1, "copying\n");
  },
});
writeSync(1, result.error === undefined ? "done\n" : `failed ${result.error.message}\n`);
process.exit(0);
