#!/usr/bin/env node
// Proves that every published package works outside the monorepo: packs each one with pnpm
// (so `workspace:` and `catalog:` ranges are rewritten exactly as `pnpm publish` would), lints
// the tarballs with publint and attw, installs them with npm into a fresh project under the
// system's temp folder, and drives the installed CLI and libraries there.
//
//   node scripts/pack-and-install.mjs            # needs `pnpm run build` first
//   node scripts/pack-and-install.mjs --keep     # leave the temp project for a look around
//
// The functions are exported for tests/publish/pack-and-install.test.ts, which runs the same
// steps under vitest as part of `npm test`.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root (this file lives in `<root>/scripts`). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Registry packages the consumer installs next to the tarballs: the embedded database and the ORM. */
export const CONSUMER_EXTRAS = ["@electric-sql/pglite", "drizzle-orm"];

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];
// Protocols only a workspace understands; any of them in a published manifest breaks installs.
const LOCAL_PROTOCOLS = /^(workspace|catalog|link|file|portal):/;

/**
 * Runs a command to completion and captures its output; never throws on a non-zero exit, so a
 * caller can show what the command printed.
 *
 * @example
 * const { status, stdout } = run("npm", ["--version"], { cwd: ROOT });
 */
export function run(command, args, { cwd, env = process.env, timeoutMs = 600_000 } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === "win32",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "", output };
}

/** Like `run`, but throws with the command's output when it fails. */
export function mustRun(command, args, options) {
  const result = run(command, args, options);
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` exited ${result.status} in ${options?.cwd}:\n${result.output}`,
    );
  }
  return result;
}

/**
 * The non-private packages under `packages/`, i.e. what `changeset publish` would publish.
 *
 * @example
 * publishablePackages().map((p) => p.name); // ["athanor", "@athanor/core", ...]
 */
export function publishablePackages(root = ROOT) {
  const dir = join(root, "packages");
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, "package.json")))
    .map((name) => {
      const manifest = JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8"));
      return { name: manifest.name, dir: join(dir, name), manifest };
    })
    .filter((pkg) => pkg.manifest.private !== true)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Packs each package with the pinned pnpm into `destination` and returns the tarball paths.
 *
 * @example
 * const packed = packPackages(publishablePackages(), "/tmp/tarballs");
 */
export function packPackages(packages, destination, root = ROOT) {
  mkdirSync(destination, { recursive: true });
  return packages.map((pkg) => {
    const before = new Set(readdirSync(destination));
    mustRun(
      process.execPath,
      [join(root, "scripts", "pnpm.mjs"), "--dir", pkg.dir, "pack", "--pack-destination", destination],
      { cwd: root },
    );
    const created = readdirSync(destination).filter((file) => file.endsWith(".tgz") && !before.has(file));
    if (created.length !== 1) throw new Error(`pnpm pack of ${pkg.name} produced ${created.length} tarballs`);
    return { ...pkg, tarball: join(destination, created[0]) };
  });
}

/** The `package/package.json` inside a tarball, parsed. */
export function readPackedManifest(tarball) {
  return JSON.parse(mustRun("tar", ["-xzOf", tarball, "package/package.json"]).stdout);
}

/** Every file path inside a tarball, without the leading `package/`. */
export function listPackedFiles(tarball) {
  return mustRun("tar", ["-tzf", tarball])
    .stdout.split("\n")
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ""));
}

/**
 * Dependency ranges a registry cannot resolve (`workspace:^`, `catalog:`...), as
 * `field name range` strings; empty when the manifest is publishable.
 *
 * @example
 * unresolvableRanges({ dependencies: { "@athanor/core": "workspace:^" } }); // ["dependencies @athanor/core workspace:^"]
 */
export function unresolvableRanges(manifest) {
  return DEPENDENCY_FIELDS.flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([, range]) => LOCAL_PROTOCOLS.test(String(range)))
      .map(([name, range]) => `${field} ${name} ${range}`),
  );
}

/**
 * publint (strict) and attw (esm-only profile) on a packed tarball, as `{ ok, output }` each.
 *
 * @example
 * const { publint, attw } = lintTarball("/tmp/tarballs/athanor-core-0.1.0.tgz");
 */
export function lintTarball(tarball, root = ROOT) {
  const bin = (name) => join(root, "node_modules", ".bin", name);
  const publint = run(bin("publint"), ["run", tarball, "--strict"], { cwd: root });
  const attw = run(
    bin("attw"),
    [tarball, "--profile", "esm-only", "--format", "ascii", "--no-color", "--no-emoji"],
    {
      cwd: root,
    },
  );
  return {
    publint: { ok: publint.status === 0, output: publint.output },
    attw: { ok: attw.status === 0, output: attw.output },
  };
}

/**
 * The environment for commands in the consumer project: no npm/pnpm settings inherited from the
 * monorepo's own script runner, and no DATABASE_URL, so the CLI falls back to embedded PGlite.
 */
export function consumerEnv(base = process.env) {
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (
      /^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|DATABASE_URL$|VITEST|TEST$)/.test(key)
    )
      continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: "1", npm_config_update_notifier: "false", TURBO_TELEMETRY_DISABLED: "1" };
}

/**
 * Creates a fresh npm project under the system temp folder (never inside the monorepo) and
 * installs the tarballs plus `extras` from the registry into it.
 *
 * @example
 * const dir = createConsumerProject(packed.map((p) => p.tarball));
 */
export function createConsumerProject(tarballs, extras = CONSUMER_EXTRAS, root = ROOT) {
  const dir = mkdtempSync(join(tmpdir(), "athanor-consumer-"));
  if (!relative(root, dir).startsWith("..")) throw new Error(`${dir} is inside the monorepo ${root}`);
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "athanor-consumer", version: "1.0.0", private: true }, null, 2)}\n`,
  );
  mustRun("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs, ...extras], {
    cwd: dir,
    env: consumerEnv(),
  });
  return dir;
}

/**
 * Runs `npx --no-install athanor ...args` in the consumer project (the installed bin, never a
 * download).
 *
 * @example
 * athanor(dir, ["--help"]).stdout; // "Usage: athanor [options] [command]..."
 */
export function athanor(dir, args) {
  return run("npx", ["--no-install", "athanor", ...args], {
    cwd: dir,
    env: consumerEnv(),
    timeoutMs: 120_000,
  });
}

/**
 * Runs a snippet with the consumer project's Node resolution: `module` as ESM
 * (`--input-type=module`), `commonjs` through `require()`.
 *
 * @example
 * runSnippet(dir, "commonjs", "console.log(typeof require('@athanor/core').defineRevision)");
 */
export function runSnippet(dir, type, source) {
  return run(process.execPath, [`--input-type=${type}`, "-e", source], {
    cwd: dir,
    env: consumerEnv(),
    timeoutMs: 120_000,
  });
}

/** The revision body written into the first revision: real SQL both ways. */
export const CREATE_USERS = {
  upgrade:
    'upgrade(op) {\n    op.execute("CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL)");\n  },',
  downgrade: 'downgrade(op) {\n    op.execute("DROP TABLE users");\n  },',
};

/**
 * Fills the empty `upgrade() {}` / `downgrade() {}` of a generated revision file.
 *
 * @example
 * writeRevisionBody("/tmp/x/migrations/versions/1a2b_create_users.ts", CREATE_USERS);
 */
export function writeRevisionBody(file, body) {
  const source = readFileSync(file, "utf8");
  if (!source.includes("upgrade() {},") || !source.includes("downgrade() {},")) {
    throw new Error(`${file} does not have the empty upgrade/downgrade the template writes:\n${source}`);
  }
  writeFileSync(
    file,
    source.replace("upgrade() {},", body.upgrade).replace("downgrade() {},", body.downgrade),
  );
}

async function main() {
  const keep = process.argv.includes("--keep");
  const work = mkdtempSync(join(tmpdir(), "athanor-pack-"));
  const packed = packPackages(publishablePackages(), join(work, "tarballs"));
  let failed = false;
  for (const pkg of packed) {
    const bad = unresolvableRanges(readPackedManifest(pkg.tarball));
    const lint = lintTarball(pkg.tarball);
    const ok = bad.length === 0 && lint.publint.ok && lint.attw.ok;
    failed ||= !ok;
    console.log(`${ok ? "ok  " : "FAIL"} ${pkg.name} (${relative(work, pkg.tarball)})`);
    if (bad.length) console.log(`  unrewritten ranges: ${bad.join(", ")}`);
    if (!lint.publint.ok) console.log(lint.publint.output);
    if (!lint.attw.ok) console.log(lint.attw.output);
  }
  const dir = createConsumerProject(packed.map((pkg) => pkg.tarball));
  const steps = [["--help"], ["init"], ["revision", "-m", "create users"], ["upgrade"], ["current"]];
  for (const args of steps) {
    if (args[0] === "upgrade") {
      const versions = join(dir, "migrations", "versions");
      const file = readdirSync(versions).find((name) => name.endsWith(".ts"));
      writeRevisionBody(join(versions, file), CREATE_USERS);
    }
    const result = athanor(dir, args);
    failed ||= result.status !== 0;
    console.log(`${result.status === 0 ? "ok  " : "FAIL"} npx athanor ${args.join(" ")}`);
    if (result.status !== 0) console.log(result.output);
  }
  console.log(keep ? `consumer project kept in ${dir}` : "");
  if (!keep) {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) await main();
