// Child process of runner.test.ts: one `upgrade heads` through the built packages, as every
// instance of an app would run it at start-up. Prints the run result as JSON.
import { upgrade } from "@athanor/core";
import { postgresDialect } from "../../dist/index.js";

const [url, revisions] = process.argv.slice(2);
const run = await upgrade(
  { dialect: postgresDialect({ url }), revisions, lock: { timeoutMs: 60_000, pollMs: 20 } },
  "heads",
);
process.stdout.write(JSON.stringify(run));
process.exitCode = run.error ? 1 : 0;
