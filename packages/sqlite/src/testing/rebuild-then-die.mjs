// Child process of kill.test.ts: upgrades `file` to "r2" (a rebuild of `big`), writing "copying"
// to fd 1 synchronously as the rebuild's statements are sent, so the parent can kill -9 it mid-way.
import { writeSync } from "node:fs";

const [file, dist, driver] = process.argv.slice(2);
const { upgrade } = await import("@athanor/core");
const { sqliteDialect } = await import(dist);
const { revisions } = await import("./kill-history.mjs");
const result = await upgrade({ dialect: sqliteDialect({ file, driver }), revisions: revisions() }, "heads", {
  onStatement: (sql) => {
    if (sql.startsWith('INSERT INTO "__athanor_new_')) writeSync(1, "copying\n");
  },
});
writeSync(1, result.error === undefined ? "done\n" : `failed ${result.error.message}\n`);
