#!/usr/bin/env node
// publint --strict and attw --profile esm-only on packed tarballs, all of them in one process.
// The attw CLI loads TypeScript (~1.7 s of CPU) and warms it up on its first package (~2 s more)
// in every run: eight runs, one per package, cost ~30 s of CPU, one process for the eight ~8 s.
// Same checks as the two CLIs: attw's own core, renderer and exit rule with the esm-only profile's
// ignored resolutions; publint's own function with `strict` (warnings are errors) and its message
// format; a tarball passes when the CLI would have exited 0.
//
//   node scripts/lint-tarballs.mjs a.tgz b.tgz   # JSON: [{ tarball, publint, attw }] on stdout
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
// @arethetypeswrong/core is the CLI's dependency, not the workspace's: resolve it from the CLI
const fromAttwCli = createRequire(require.resolve("@arethetypeswrong/cli/package.json"));
// `attw --profile esm-only` (the CLI's profiles.js): these resolutions' problems do not fail it
const ESM_ONLY_IGNORED_RESOLUTIONS = ["node10", "node16-cjs"];

/**
 * Lints every tarball in one child process: `{ publint, attw }` per tarball, in order, each
 * `{ ok, output }` as the CLI's exit status and what it printed (without colours).
 *
 * @example
 * const [core] = await lintTarballs(["/tmp/tarballs/athanor-core-0.1.0.tgz"]);
 * if (!core.attw.ok) console.log(core.attw.output);
 */
export async function lintTarballs(tarballs) {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...tarballs], {
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) throw new Error(`lint-tarballs.mjs exited ${code}:\n${stderr}${stdout}`);
  return JSON.parse(stdout);
}

async function lintAll(tarballs) {
  const core = await import(fromAttwCli.resolve("@arethetypeswrong/core"));
  const render = await import(require.resolve("@arethetypeswrong/cli/internal/render"));
  const { getExitCode } = await import(require.resolve("@arethetypeswrong/cli/internal/getExitCode"));
  const { publint } = await import("publint");
  const { formatMessage } = await import("publint/utils");
  const attwOptions = {
    format: "ascii",
    emoji: false,
    summary: true,
    ignoreRules: [],
    ignoreResolutions: ESM_ONLY_IGNORED_RESOLUTIONS,
  };
  const results = [];
  for (const tarball of tarballs) {
    const bytes = await readFile(tarball);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

    const { messages, pkg } = await publint({ pack: { tarball: buffer }, strict: true });
    const lines = [];
    for (const type of ["error", "warning", "suggestion"]) {
      const ofType = messages.filter((message) => message.type === type);
      for (const [n, message] of ofType.entries())
        lines.push(`${type} ${n + 1}. ${formatMessage(message, pkg, { color: false })}`);
    }

    const analysis = await core.checkPackage(core.createPackageFromTarballData(new Uint8Array(buffer)));
    const attwOutput = analysis.types ? await render.typed(analysis, attwOptions) : render.untyped(analysis);

    results.push({
      tarball,
      publint: { ok: !messages.some((message) => message.type === "error"), output: lines.join("\n") },
      attw: { ok: getExitCode(analysis, attwOptions) === 0, output: attwOutput },
    });
  }
  return results;
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  process.env.FORCE_COLOR = "0"; // attw's renderer colours through chalk
  process.stdout.write(JSON.stringify(await lintAll(process.argv.slice(2).map((path) => resolve(path)))));
}
