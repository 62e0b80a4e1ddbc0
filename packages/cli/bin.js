#!/usr/bin/env node
import module from "node:module";

// Node 22.1+ keeps compiled bytecode of the CLI's modules on disk, so later runs skip parsing
// and compiling them (NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such API.
module.enableCompileCache?.();

const [{ main }, { runProcess }] = await Promise.all([
  import("./dist/main.js"),
  import("./dist/process-guards.js"),
]);
process.exitCode = await runProcess(process.argv.slice(2), (argv) => main(argv));
