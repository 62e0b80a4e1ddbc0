#!/usr/bin/env node
import { readFileSync } from "node:fs";
import module from "node:module";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // `--version` alone is answered here, from package.json as commander would print it: no module
  // of the CLI is loaded (16 fewer; start-up.test.ts). A closed stdout is not an error.
  process.stdout.on("error", () => {});
  const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
  process.stdout.write(`${version}\n`);
} else {
  // Node 22.1+ keeps compiled bytecode of the CLI's modules on disk, so later runs skip parsing
  // and compiling them (NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such API.
  module.enableCompileCache?.();
  // `upgrade` (the no-op at every deploy) first tries the no-op summary from one file of its own
  // (dist/noop-upgrade.js): main.js and its chunks load only when the full run goes on.
  // `heads` likewise from dist/heads-direct.js.
  const [{ runProcess, exitWhenIdle }, noop, heads] = await Promise.all([
    import("./dist/process-guards.js"),
    args[0] === "upgrade" ? import("./dist/noop-upgrade.js") : undefined,
    args[0] === "heads" ? import("./dist/heads-direct.js") : undefined,
  ]);
  exitWhenIdle(
    await runProcess(args, async (argv) => {
      const answered = await heads?.answerPlainHeads(argv);
      if (answered !== undefined) return answered;
      const first = await noop?.answerPlainUpgrade(argv);
      if (typeof first === "number") return first;
      const { main } = await import("./dist/main.js");
      return main(argv, first === undefined ? {} : { prepared: first });
    }),
  );
}
