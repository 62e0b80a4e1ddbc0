#!/usr/bin/env node
// Runs the pinned pnpm whether or not it is installed: a fresh machine has only Node and npm,
// and corepack is not reliable there, so fall back to `npm exec pnpm@<pinned>`.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const pinned = JSON.parse(readFileSync(new URL("package.json", root), "utf8")).packageManager.split("@")[1];
const args = process.argv.slice(2);
const shell = process.platform === "win32";

const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8", shell });
const hasPinned = probe.status === 0 && probe.stdout.trim() === pinned;
const [cmd, cmdArgs] = hasPinned
  ? ["pnpm", args]
  : ["npm", ["exec", "--yes", "--prefer-offline", `--package=pnpm@${pinned}`, "--", "pnpm", ...args]];

// pnpm runs where it was called when that is inside this workspace, as in any workspace (`pack`
// inside packages/core packs core); called from elsewhere (scripts driving a clone), it runs at
// the root of the workspace this wrapper belongs to.
const rootPath = fileURLToPath(root);
const here = process.cwd();
const cwd = here === rootPath.replace(/\/$/, "") || here.startsWith(rootPath) ? here : rootPath;
const run = spawnSync(cmd, cmdArgs, { stdio: "inherit", cwd, shell });
process.exit(run.status ?? 1);
