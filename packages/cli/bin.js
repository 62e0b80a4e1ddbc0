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
  const [{ main }, { runProcess, exitWhenIdle }] = await Promise.all([
    import("./dist/main.js"),
    import("./dist/process-guards.js"),
  ]);
  exitWhenIdle(await runProcess(args, (argv) => main(argv)));
}
