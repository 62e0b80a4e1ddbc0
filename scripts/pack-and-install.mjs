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
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { lintTarballs } from "./lint-tarballs.mjs";

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
  // a timeout or a signal leaves no exit status: say so, rather than an empty failure
  const ended = result.status === null ? `\n(${result.error?.message ?? `killed by ${result.signal}`})` : "";
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}${ended}`;
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
 * `env` with the pinned pnpm on PATH (a shim in `shimParent` running the executable `npm exec`
 * fetched), for a machine that has only Node and npm. `changeset publish` runs a bare
 * `pnpm publish`, and an `npm exec pnpm@<pinned>` at publish time would ask the release rehearsal's
 * fake registry for pnpm (404); scripts/pnpm.mjs finds the pinned pnpm on PATH and runs it
 * directly instead of through `npm exec` (~1.3 s of CPU a call).
 */
export function withPinnedPnpm(env, shimParent) {
  const pinned = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).packageManager.split("@")[1];
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
  if (probe.status === 0 && probe.stdout.trim() === pinned) return env;
  const where = spawnSync(
    "npm",
    ["exec", "--yes", "--prefer-offline", `--package=pnpm@${pinned}`, "--", "sh", "-c", "command -v pnpm"],
    { encoding: "utf8", env, cwd: shimParent },
  );
  const executable = where.stdout.trim().split("\n").at(-1) ?? "";
  if (where.status !== 0 || !executable.startsWith("/"))
    throw new Error(`could not fetch pnpm ${pinned} with npm exec:\n${where.stderr}${where.stdout}`);
  const bin = join(shimParent, "pnpm-shim");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "pnpm"), `#!/bin/sh\nexec ${JSON.stringify(executable)} "$@"\n`, { mode: 0o755 });
  return { ...env, PATH: `${bin}${delimiter}${env.PATH ?? ""}` };
}

/**
 * Packs each package with the pinned pnpm into `destination` and returns the tarball paths. The
 * first is packed from inside its own folder, as a maintainer would (`pnpm pack` there must pack
 * that package: the wrapper must leave cwd alone); the rest in one recursive `pnpm pack` (a pnpm
 * start is ~1 s of CPU, eight of them were most of the packing).
 *
 * @example
 * const packed = packPackages(publishablePackages(), "/tmp/tarballs");
 */
export function packPackages(packages, destination, root = ROOT) {
  mkdirSync(destination, { recursive: true });
  const shim = mkdtempSync(join(tmpdir(), "athanor-pnpm-"));
  try {
    const env = withPinnedPnpm(process.env, shim);
    const pack = (cwd, args) => {
      const { stdout } = mustRun(
        process.execPath,
        [join(root, "scripts", "pnpm.mjs"), ...args, "pack", "--pack-destination", destination, "--json"],
        { cwd, env },
      );
      const reports = JSON.parse(stdout);
      return Array.isArray(reports) ? reports : [reports];
    };
    const [first, ...rest] = packages;
    const reports = [
      ...(first === undefined ? [] : pack(first.dir, [])),
      ...(rest.length === 0 ? [] : pack(root, ["-r", ...rest.flatMap((pkg) => ["--filter", pkg.name])])),
    ];
    return packages.map((pkg) => {
      const made = reports.filter((report) => report.name === pkg.name);
      if (made.length !== 1 || !existsSync(made[0].filename))
        throw new Error(`pnpm pack of ${pkg.name} produced ${made.length} tarballs`);
      return { ...pkg, tarball: made[0].filename };
    });
  } finally {
    rmSync(shim, { recursive: true, force: true });
  }
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
 * Source-map links in a tarball that lead nowhere: a JS file whose `sourceMappingURL` names a map
 * the tarball does not ship (`file → map`), and a map whose `sources` name a file it does not
 * ship (`map → source`); empty when every link resolves or there are none.
 *
 * @example
 * unresolvedSourceMaps("/tmp/tarballs/athanor-core-0.1.0.tgz"); // []
 */
export function unresolvedSourceMaps(tarball) {
  const files = new Set(listPackedFiles(tarball));
  const maps = [...files].filter((file) => file.endsWith(".map"));
  const scripts = [...files].filter((file) => /\.(m?js|cjs)$/.test(file));
  const dir = mkdtempSync(join(tmpdir(), "athanor-maps-"));
  try {
    mustRun("tar", ["-xzf", tarball, "-C", dir]);
    const dangling = scripts.flatMap((file) => {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(
        readFileSync(join(dir, "package", file), "utf8"),
      )?.[1];
      if (url === undefined || url.startsWith("data:")) return [];
      const map = posix.normalize(posix.join(posix.dirname(file), url));
      return files.has(map) ? [] : [`${file} → ${map}`];
    });
    const unresolved = maps.flatMap((map) => {
      const { sources = [] } = JSON.parse(readFileSync(join(dir, "package", map), "utf8"));
      return sources
        .map((source) => posix.normalize(posix.join(posix.dirname(map), source)))
        .filter((source) => !files.has(source))
        .map((source) => `${map} → ${source}`);
    });
    return [...dangling, ...unresolved];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * publint (strict) and attw (esm-only profile) on packed tarballs, as `{ publint, attw }` per
 * tarball with `{ ok, output }` each: one process for all of them (scripts/lint-tarballs.mjs).
 *
 * @example
 * const [{ publint, attw }] = await lintTarballs(["/tmp/tarballs/athanor-core-0.1.0.tgz"]);
 */
export { lintTarballs };

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
  const dir = emptyConsumerProject(root);
  npmInstall(dir, [...tarballs, ...extras]);
  return dir;
}

/** An empty npm project under the system temp folder (never inside the monorepo). */
export function emptyConsumerProject(root = ROOT) {
  const dir = mkdtempSync(join(tmpdir(), "athanor-consumer-"));
  if (!relative(root, dir).startsWith("..")) throw new Error(`${dir} is inside the monorepo ${root}`);
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "athanor-consumer", version: "1.0.0", private: true }, null, 2)}\n`,
  );
  return dir;
}

/**
 * `npm install` of tarballs and registry specs into a consumer project.
 *
 * @example
 * npmInstall(dir, ["postgres@4.2.0"]);
 */
export function npmInstall(dir, specs) {
  mustRun("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...specs], {
    cwd: dir,
    env: consumerEnv(),
  });
}

/**
 * The oldest and the newest published version inside a peer range, as the registry has them:
 * the two ends a peer matrix installs, so the range a manifest declares is the range tested.
 *
 * @example
 * peerRangeEnds("postgres", "^3.4.9 || ^4.0.0"); // { oldest: "3.4.9", newest: "4.2.0" }
 */
export function peerRangeEnds(name, range) {
  const { stdout } = mustRun("npm", ["view", `${name}@${range}`, "version", "--json"], {
    cwd: tmpdir(),
    env: consumerEnv(),
  });
  const parsed = JSON.parse(stdout);
  // npm lists them in publication order, not version order
  const versions = (Array.isArray(parsed) ? parsed : [parsed])
    .filter((v) => !v.includes("-"))
    .sort(compareVersions);
  if (versions.length === 0) throw new Error(`no published ${name} matches ${range}`);
  return { oldest: versions[0], newest: versions.at(-1) };
}

function compareVersions(a, b) {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * Bytes on disk of the top-level packages under `node_modules` (npm's flat layout), leaving out
 * `exclude` (the packages the user asked for themselves, such as the driver and the ORM, and
 * their own dependencies): what athanor adds to a project.
 *
 * @example
 * nodeModulesShare(dir, ["postgres", "drizzle-orm"]); // 6_512_345
 */
export function nodeModulesShare(dir, exclude) {
  const root = join(dir, "node_modules");
  const names = readdirSync(root)
    .filter((entry) => !entry.startsWith("."))
    .flatMap((entry) =>
      entry.startsWith("@") ? readdirSync(join(root, entry)).map((sub) => `${entry}/${sub}`) : [entry],
    );
  return names
    .filter((name) => !exclude.includes(name))
    .reduce((sum, name) => sum + diskBytes(join(root, name)), 0);
}

function diskBytes(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + diskBytes(join(path, entry)), 0);
}

/**
 * Runs the consumer project's installed bin, `node_modules/.bin/athanor ...args` (in `dir` or the
 * nearest folder above): what `npx athanor` finds and runs, without npx's own start-up (~1 s of
 * CPU a call, 27 calls a run).
 *
 * @example
 * athanor(dir, ["--help"]).stdout; // "Usage: athanor [options] [command]..."
 */
export function athanor(dir, args) {
  return run(installedBin(dir, "athanor"), args, {
    cwd: dir,
    env: consumerEnv(),
    timeoutMs: 300_000, // PGlite's first start on a loaded 2-core machine
  });
}

/** `node_modules/.bin/<name>` in `dir` or the nearest folder above it that has one, as npx looks. */
function installedBin(dir, name) {
  for (let folder = dir; ; folder = dirname(folder)) {
    const bin = join(folder, "node_modules", ".bin", name);
    if (existsSync(bin) || dirname(folder) === folder) return bin;
  }
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
 * Fills the empty `upgrade() {}` / `downgrade() {}` (or `upgrade(op) {}`) of a generated
 * revision file.
 *
 * @example
 * writeRevisionBody("/tmp/x/migrations/versions/1a2b_create_users.ts", CREATE_USERS);
 */
export function writeRevisionBody(file, body) {
  const source = readFileSync(file, "utf8");
  const up = /(?<!down)upgrade\((op)?\) \{\},/;
  const down = /downgrade\((op)?\) \{\},/;
  if (!up.test(source) || !down.test(source)) {
    throw new Error(`${file} does not have the empty upgrade/downgrade the template writes:\n${source}`);
  }
  writeFileSync(file, source.replace(up, body.upgrade).replace(down, body.downgrade));
}

/**
 * What a user installs for each database: athanor, the dialect package, the driver (the peer
 * whose oldest and newest versions are tried) and the ORM. `server` is the admin URL of the test
 * server, `undefined` for the embedded database.
 */
export const DIALECT_SETUPS = {
  postgresql: {
    packages: ["athanor", "@athanor/postgres"],
    driver: "postgres",
    server: process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  },
  pglite: { packages: ["athanor", "@athanor/postgres"], driver: "@electric-sql/pglite", server: undefined },
  mysql: {
    packages: ["athanor", "@athanor/mysql"],
    driver: "mysql2",
    server: process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
  },
};

/** The packed tarballs `names` need: the packages themselves and their athanor dependencies. */
export function tarballClosure(packed, names) {
  const byName = new Map(packed.map((pkg) => [pkg.name, pkg]));
  const wanted = new Set();
  const visit = (name) => {
    const pkg = byName.get(name);
    if (pkg === undefined || wanted.has(name)) return;
    wanted.add(name);
    for (const dep of Object.keys(readPackedManifest(pkg.tarball).dependencies ?? {})) visit(dep);
  };
  for (const name of names) visit(name);
  return [...wanted].map((name) => byName.get(name).tarball);
}

/** `names` and every package they depend on (peers included), as installed under `dir/node_modules`. */
function installedClosure(dir, names) {
  const seen = new Set();
  const visit = (name) => {
    const manifest = join(dir, "node_modules", ...name.split("/"), "package.json");
    if (seen.has(name) || !existsSync(manifest)) return;
    seen.add(name);
    const { dependencies = {}, peerDependencies = {} } = JSON.parse(readFileSync(manifest, "utf8"));
    for (const dep of Object.keys({ ...dependencies, ...peerDependencies })) visit(dep);
  };
  for (const name of names) visit(name);
  return [...seen];
}

// A snippet creating or dropping a database on the test server through the consumer's own driver.
function serverSnippet(kind, server, sql) {
  if (kind === "mysql")
    return `import mysql from "mysql2/promise"; const c = await mysql.createConnection(${JSON.stringify(server)}); await c.query(${JSON.stringify(sql)}); await c.end();`;
  return `import postgres from "postgres"; const s = postgres(${JSON.stringify(server)}, { max: 1, onnotice: () => {} }); await s.unsafe(${JSON.stringify(sql)}); await s.end();`;
}

function projectUrl(server, database) {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A consumer project with what a user installs for `kind`'s database before its driver:
 * `npm i athanor @athanor/<dialect> drizzle-orm` (the tarballs of those packages and of their
 * athanor dependencies, drizzle-orm from the registry).
 *
 * @example
 * const dir = installDialectPackages(packed, "postgresql");
 */
export function installDialectPackages(packed, kind) {
  const dir = emptyConsumerProject();
  npmInstall(dir, [...tarballClosure(packed, DIALECT_SETUPS[kind].packages), "drizzle-orm"]);
  return dir;
}

/**
 * A copy of the consumer project `dir` in a fresh temp folder. `node_modules/.bin` holds relative
 * links, kept as they are: a link resolved to `dir` would run the other project's CLI.
 */
function copyConsumerProject(dir, root = ROOT) {
  const copy = emptyConsumerProject(root);
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/**
 * One dialect's install, as a user does it: `npm i athanor @athanor/<dialect> drizzle-orm`
 * ({@link installDialectPackages}; `dir` is a project that ran exactly that, when another
 * dialect with the same packages already did), then the CLI without the driver (it must name the
 * `npm i` line), then for the oldest and the newest driver version in the dialect package's peer
 * range: install it, and `revision` (once), `upgrade`, `current`, `downgrade base` on a fresh
 * database. Returns every step's result and athanor's share of node_modules (everything but the
 * driver, the ORM and their dependencies).
 *
 * @example
 * const report = dialectInstallTrial(packed, "postgresql");
 */
export function dialectInstallTrial(packed, kind, dir = installDialectPackages(packed, kind)) {
  const setup = DIALECT_SETUPS[kind];
  const dialectPackage = packed.find((pkg) => pkg.name === setup.packages[1]);
  const range = readPackedManifest(dialectPackage.tarball).peerDependencies[setup.driver];
  const ends = peerRangeEnds(setup.driver, range);
  const database = `athanor_pack_${kind}_${process.pid}_${Date.now().toString(36)}`;
  const url = setup.server === undefined ? undefined : projectUrl(setup.server, database);
  const dialect = kind === "mysql" ? "mysql" : "postgresql";
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(
    join(dir, "athanor.config.mjs"),
    `export default ${JSON.stringify({ dialect, versions: "migrations/versions", ...(url ? { url } : {}) })};\n`,
  );
  const report = { kind, dir, range, ends, missingDriver: athanor(dir, ["current"]), runs: [] };
  const other = kind === "mysql" ? "postgres://postgres@127.0.0.1:5432/x" : "mysql://root@127.0.0.1:3306/x";
  mkdirSync(join(dir, "other"), { recursive: true });
  writeFileSync(
    join(dir, "other", "athanor.config.mjs"),
    `export default { url: ${JSON.stringify(other)} };\n`,
  );
  report.missingDialect = athanor(join(dir, "other"), ["current"]);
  let revisionFile;
  for (const version of [ends.oldest, ends.newest]) {
    npmInstall(dir, [`${setup.driver}@${version}`]);
    const share = nodeModulesShare(dir, installedClosure(dir, [setup.driver, "drizzle-orm"]));
    const steps = [];
    const step = (args) => {
      const result = athanor(dir, args);
      steps.push({ args, ...result });
      return result;
    };
    if (url !== undefined)
      runSnippet(dir, "module", serverSnippet(kind, setup.server, `CREATE DATABASE ${database}`));
    else rmSync(join(dir, ".athanor"), { recursive: true, force: true });
    try {
      if (revisionFile === undefined) {
        step(["revision", "-m", "create users"]);
        const versions = join(dir, "migrations", "versions");
        revisionFile = readdirSync(versions).find((name) => name.endsWith("_create_users.ts"));
        if (revisionFile !== undefined) writeRevisionBody(join(versions, revisionFile), CREATE_USERS);
      }
      for (const args of [["upgrade"], ["current"], ["downgrade", "base"]]) step(args);
    } finally {
      if (url !== undefined)
        runSnippet(dir, "module", serverSnippet(kind, setup.server, `DROP DATABASE IF EXISTS ${database}`));
    }
    report.runs.push({ version, share, steps, revision: revisionFile?.split("_")[0] });
  }
  return report;
}

/**
 * Runs {@link dialectInstallTrial} for several dialects at once, each in a child process (npm
 * installs wait on the network, so side by side they take about as long as one). Dialects that
 * install the same packages (PostgreSQL and PGlite: athanor and @athanor/postgres) share one
 * `npm install` (~11 s of CPU), each trial on its own copy of the project made before any driver
 * goes in: the same command on the same tarballs installs the same tree.
 *
 * @example
 * const [pg, lite, my] = await dialectInstallTrials(packed, ["postgresql", "pglite", "mysql"]);
 */
export async function dialectInstallTrials(packed, kinds) {
  const groups = new Map();
  for (const kind of kinds) {
    const key = DIALECT_SETUPS[kind].packages.join(" ");
    groups.set(key, [...(groups.get(key) ?? []), kind]);
  }
  const reports = new Map();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      if (group.length === 1) {
        reports.set(group[0], await child(packed, ["--trial", group[0]]));
        return;
      }
      const { dir } = await child(packed, ["--install", group[0]]);
      const dirs = [dir, ...group.slice(1).map(() => copyConsumerProject(dir))];
      await Promise.all(
        group.map(async (kind, i) =>
          reports.set(kind, await child(packed, ["--trial", kind, "--dir", dirs[i]])),
        ),
      );
    }),
  );
  return kinds.map((kind) => reports.get(kind));
}

/** This script as a child process (`--trial`, `--install`), its JSON report on stdout. */
function child(packed, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
      env: { ...process.env, ATHANOR_PACKED: JSON.stringify(packed) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolvePromise(JSON.parse(stdout))
        : reject(new Error(`\`${args.join(" ")}\` exited ${code}:\n${stdout}${stderr}`)),
    );
  });
}

/** `6.1 MB`. */
export function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Prints a dialect trial the way `main` and the test log it; returns whether every step passed. */
export function printDialectTrial(report, log = console.log) {
  let ok = report.missingDriver.status !== 0 && report.missingDialect.status !== 0;
  log(`${ok ? "ok  " : "FAIL"} ${report.kind}: without the driver the CLI says to install it`);
  for (const run of report.runs) {
    const failed = run.steps.filter((step) => step.status !== 0);
    ok &&= failed.length === 0;
    log(
      `${failed.length === 0 ? "ok  " : "FAIL"} ${report.kind} with ${DIALECT_SETUPS[report.kind].driver}@${run.version}: ${run.steps.map((step) => step.args[0]).join(", ")}; athanor's share of node_modules ${megabytes(run.share)}`,
    );
    for (const step of failed)
      log(`  npx athanor ${step.args.join(" ")} exited ${step.status}:\n${step.output}`);
  }
  return ok;
}

async function main() {
  const keep = process.argv.includes("--keep");
  const work = mkdtempSync(join(tmpdir(), "athanor-pack-"));
  const packed = packPackages(publishablePackages(), join(work, "tarballs"));
  let failed = false;
  const lints = await lintTarballs(packed.map((pkg) => pkg.tarball));
  for (const [i, pkg] of packed.entries()) {
    const bad = unresolvableRanges(readPackedManifest(pkg.tarball));
    const maps = unresolvedSourceMaps(pkg.tarball);
    const lint = lints[i];
    const ok = bad.length === 0 && maps.length === 0 && lint.publint.ok && lint.attw.ok;
    failed ||= !ok;
    console.log(`${ok ? "ok  " : "FAIL"} ${pkg.name} (${relative(work, pkg.tarball)})`);
    if (bad.length) console.log(`  unrewritten ranges: ${bad.join(", ")}`);
    if (maps.length) console.log(`  source-map links to unshipped files: ${maps.slice(0, 5).join(", ")}`);
    if (!lint.publint.ok) console.log(lint.publint.output);
    if (!lint.attw.ok) console.log(lint.attw.output);
  }
  const dirs = [];
  for (const report of await dialectInstallTrials(packed, Object.keys(DIALECT_SETUPS))) {
    dirs.push(report.dir);
    failed ||= !printDialectTrial(report);
  }
  console.log(keep ? `consumer projects kept in ${dirs.join(", ")}` : "");
  if (!keep) {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  const option = (name) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? undefined : process.argv[at + 1];
  };
  const [trial, install, dir] = [option("--trial"), option("--install"), option("--dir")];
  const packed = () => JSON.parse(process.env.ATHANOR_PACKED);
  if (trial === undefined && install === undefined) await main();
  // for dialectInstallTrials: one dialect's trial (in `--dir` when given), or the shared install,
  // reported as JSON on stdout
  else if (install !== undefined)
    process.stdout.write(JSON.stringify({ dir: installDialectPackages(packed(), install) }));
  else process.stdout.write(JSON.stringify(dialectInstallTrial(packed(), trial, dir)));
}
