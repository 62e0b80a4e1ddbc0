#!/usr/bin/env node
// Rehearses `pnpm release` (changeset version, then changeset publish) without touching this
// working tree or the real registry: clones the committed HEAD into the system temp folder,
// installs and builds there (turbo restores what this tree already built: turboCacheEnv), adds
// one patch changeset so there is always something to release, runs `changeset version`,
// checks that the fixed group moved together and that each package got a CHANGELOG.md, then runs
// `changeset publish --no-git-tag` against a throwaway registry served by this process on
// 127.0.0.1 and checks what arrived there.
//
//   node scripts/release-dry-run.mjs          # prints one line per check, exit 1 on failure
//   node scripts/release-dry-run.mjs --keep   # keep the clone for a look around
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  consumerEnv,
  mustRun,
  publishablePackages,
  ROOT,
  unresolvableRanges,
  withPinnedPnpm,
} from "./pack-and-install.mjs";

const BUMPS = ["patch", "minor", "major"];

/**
 * The largest bump the pending changesets ask for any package (frontmatter `"name": bump`).
 *
 * @example
 * largestBump(["---\n\"@athanor/core\": minor\n---\n\nAdds x."]); // "minor"
 */
export function largestBump(changesetTexts) {
  let largest = -1;
  for (const text of changesetTexts) {
    const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
    for (const match of frontmatter.matchAll(/:\s*(patch|minor|major)\s*$/gm)) {
      largest = Math.max(largest, BUMPS.indexOf(match[1]));
    }
  }
  return largest < 0 ? undefined : BUMPS[largest];
}

/**
 * `version` after a bump, the way changesets computes it for a stable version.
 *
 * @example
 * bumpVersion("0.1.3", "minor"); // "0.2.0"
 */
export function bumpVersion(version, bump) {
  const [major, minor, patch] = version.split(".").map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * Runs a command without blocking the event loop; resolves with its exit status and output.
 *
 * @example
 * const { status, output } = await runAsync("npm", ["--version"], { cwd: "/tmp" });
 */
export function runAsync(command, args, { cwd, env, timeoutMs = 600_000 }) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (status) => done({ status: status ?? 1, output }));
  });
}

/**
 * `env` with turbo reading, and only reading, the cache this working tree builds into, so the
 * clone's `turbo run build` restores every package whose inputs are as committed instead of
 * compiling the repository a second time (tsc and the bundles: ~65 s of CPU on CI's machine,
 * most of the rehearsal's cost). A package changed in the working tree hashes differently and
 * builds in the clone as before; so does everything when this tree has not been built. A linked
 * git worktree shares its main worktree's cache, as turbo does. An explicit TURBO_CACHE_DIR wins.
 */
export function turboCacheEnv(env, root = ROOT) {
  if (env.TURBO_CACHE_DIR) return { ...env, TURBO_CACHE: "local:r" };
  const common = spawnSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], {
    cwd: root,
    encoding: "utf8",
  });
  if (common.status !== 0) return env;
  return {
    ...env,
    TURBO_CACHE_DIR: join(dirname(common.stdout.trim()), ".turbo", "cache"),
    TURBO_CACHE: "local:r",
  };
}

/**
 * The files a package's `exports` name that are missing from its folder (checked after the
 * build: a restored cache must leave what a compile would).
 */
export function missingExportFiles(pkg) {
  const targets = Object.values(pkg.manifest.exports ?? {}).flatMap((target) =>
    typeof target === "string" ? [target] : Object.values(target).filter((v) => typeof v === "string"),
  );
  return targets.filter((file) => !existsSync(join(pkg.dir, file)));
}

/** The changeset files waiting in `.changeset/` (its README is not one). */
export function pendingChangesets(root) {
  const dir = join(root, ".changeset");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md") && name !== "README.md")
    .map((name) => join(dir, name));
}

/**
 * A registry that remembers what is published to it: every package is unknown (404) until a
 * PUT arrives. Listens on 127.0.0.1 only.
 *
 * @example
 * const registry = await startFakeRegistry(); // registry.url, registry.published, registry.close()
 */
export async function startFakeRegistry() {
  const published = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status, body) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (request.method !== "PUT") return reply(404, { error: "not_found" });
      const document = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      for (const [version, manifest] of Object.entries(document.versions ?? {})) {
        const attachment = Object.values(document._attachments ?? {})[0];
        published.push({ name: document.name, version, manifest, tarballBytes: attachment?.length ?? 0 });
      }
      reply(201, { ok: true });
    });
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    published,
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * Clones HEAD, installs, builds, versions and publishes to a fake registry; returns what each
 * step found. Throws when a command fails.
 *
 * @example
 * const report = await releaseDryRun(); // { expectedVersion, packages: [...], published: [...] }
 */
export async function releaseDryRun({ keep = false } = {}) {
  const clone = join(mkdtempSync(join(tmpdir(), "athanor-release-")), "repo");
  mustRun("git", ["clone", "--quiet", ROOT, clone], { cwd: tmpdir() });
  // `changeset version` asks git which commit added each pending changeset (one `git log
  // --diff-filter=A -- <file>` each, ~370 of them): changed-path Bloom filters answer those
  // without diffing every commit's tree (~6 s less CPU of ~20 s). The answers are the same.
  mustRun("git", ["commit-graph", "write", "--reachable", "--changed-paths"], { cwd: clone });
  const env = withPinnedPnpm(consumerEnv(), join(clone, ".."));
  const pnpm = (args) =>
    mustRun(process.execPath, [join(clone, "scripts", "pnpm.mjs"), ...args], { cwd: clone, env });
  try {
    pnpm(["install", "--frozen-lockfile", "--prefer-offline"]);
    mustRun(process.execPath, [join(clone, "scripts", "pnpm.mjs"), "run", "build"], {
      cwd: clone,
      env: turboCacheEnv(env),
    });
    writeFileSync(
      join(clone, ".changeset", "release-dry-run.md"),
      '---\n"@athanor/core": patch\n---\n\nRelease rehearsal (scripts/release-dry-run.mjs).\n',
    );
    const before = publishablePackages(clone);
    const missingAfterBuild = before.flatMap((pkg) =>
      missingExportFiles(pkg).map((file) => `${pkg.name}: ${file}`),
    );
    const bump = largestBump(pendingChangesets(clone).map((file) => readFileSync(file, "utf8")));
    const expectedVersion = bumpVersion(before[0].manifest.version, bump);

    pnpm(["exec", "changeset", "version"]);
    const packages = publishablePackages(clone).map((pkg) => {
      let changelog = "";
      try {
        changelog = readFileSync(join(pkg.dir, "CHANGELOG.md"), "utf8");
      } catch {}
      return {
        name: pkg.name,
        version: pkg.manifest.version,
        changelogHasVersion: changelog.includes(`## ${pkg.manifest.version}`),
      };
    });
    const leftover = pendingChangesets(clone);

    const registry = await startFakeRegistry();
    let publish;
    try {
      const host = registry.url.replace(/^http:/, "");
      appendFileSync(join(clone, ".npmrc"), `registry=${registry.url}\n${host}:_authToken=release-dry-run\n`);
      // Asynchronously: the registry answers from this very process, so a blocking spawn would
      // leave every request unanswered.
      publish = await runAsync(
        process.execPath,
        [join(clone, "scripts", "pnpm.mjs"), "exec", "changeset", "publish", "--no-git-tag"],
        {
          cwd: clone,
          env: { ...env, npm_config_registry: registry.url },
        },
      );
    } finally {
      await registry.close();
    }
    const published = registry.published.map((entry) => ({
      name: entry.name,
      version: entry.version,
      tarballBytes: entry.tarballBytes,
      unresolvable: unresolvableRanges(entry.manifest),
    }));
    return {
      clone,
      expectedVersion,
      bump,
      missingAfterBuild,
      packages,
      leftoverChangesets: leftover,
      publish,
      published,
    };
  } finally {
    if (!keep) rmSync(join(clone, ".."), { recursive: true, force: true });
  }
}

async function main() {
  const keep = process.argv.includes("--keep");
  const report = await releaseDryRun({ keep });
  const checks = [
    ["the build wrote every exported file", report.missingAfterBuild.length === 0],
    [
      `every package bumped ${report.bump} to ${report.expectedVersion}`,
      report.packages.every((p) => p.version === report.expectedVersion),
    ],
    ["a CHANGELOG.md entry per package", report.packages.every((p) => p.changelogHasVersion)],
    ["changesets consumed", report.leftoverChangesets.length === 0],
    ["changeset publish exited 0", report.publish.status === 0],
    ["every package reached the registry", report.published.length === report.packages.length],
    ["no workspace:/catalog: range published", report.published.every((p) => p.unresolvable.length === 0)],
  ];
  for (const [label, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${label}`);
  for (const p of report.packages) console.log(`     ${p.name}@${p.version}`);
  if (checks.some(([, ok]) => !ok)) console.log(report.publish.output);
  if (keep) console.log(`clone kept in ${report.clone}`);
  process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) await main();
