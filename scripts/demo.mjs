#!/usr/bin/env node
// A newcomer's tour of the athanor CLI: builds a small revision history in a temporary folder
// with the built CLI (init, revisions, a spliced branch with a label, a second base, a
// depends-on, a merge) and prints heads, branches, history and show along the way.
// Run after `npm run setup` (root `npm run demo` does both).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages", "cli", "bin.js");
if (!existsSync(join(root, "packages", "cli", "dist", "main.js"))) {
  console.error("The CLI is not built yet: run `npm run setup` first (or `npm run demo`, which does both).");
  process.exit(1);
}
const project = mkdtempSync(join(tmpdir(), "athanor-demo-"));
const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[22m` : text);

/** Runs `athanor ...args` in the demo project, echoing the command and its output. */
function athanor(args, { expectFailure = false, quiet = false } = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: "utf8" });
  if (!quiet) {
    console.log(bold(`$ athanor ${args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`));
    process.stdout.write(run.stdout);
    process.stdout.write(run.stderr);
    console.log(`${run.status === 0 ? "" : `(exit code ${run.status})\n`}`);
  }
  if ((run.status === 0) === expectFailure) {
    console.error(`demo: \`athanor ${args.join(" ")}\` exited ${run.status}:\n${run.stderr}`);
    process.exit(1);
  }
  return run.stdout;
}

/** Creates a revision and returns its id (read from the `--json` report). */
function revision(args) {
  const { revision: created } = JSON.parse(athanor(["revision", ...args, "--json"], { quiet: true }));
  console.log(
    bold(`$ athanor revision ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}`),
  );
  console.log(
    `Created ${created.id}: ${created.message}${created.labels.length ? ` (${created.labels.join(", ")})` : ""}\n`,
  );
  return created.id;
}

function step(title) {
  console.log(bold(`\n## ${title}\n`));
}

console.log(bold(`athanor demo — project in ${project}`));

step("1. Scaffold a project: athanor.config.ts and an empty versions folder");
athanor(["init", "--dialect", "postgresql"]);

step("2. A linear start: each revision builds on the single head");
const users = revision(["-m", "create users table"]);
revision(["-m", "add users.email"]);

step("3. Branch off an older revision: --head needs --splice when it is not a head; label the branch");
athanor(["revision", "-m", "create invoices table", "--head", users], { expectFailure: true });
revision(["-m", "create invoices table", "--head", users, "--splice", "--branch-label", "billing"]);

step("4. A second root (--head base) and a cross-branch dependency (--depends-on)");
revision(["-m", "create audit log", "--head", "base", "--branch-label", "audit"]);
revision(["-m", "add invoice lines", "--head", "billing@head", "--depends-on", "audit"]);

step("5. Several heads now: a plain `revision` refuses to guess");
athanor(["heads"]);
athanor(["revision", "-m", "ambiguous"], { expectFailure: true });

step("6. Merge the heads back into one");
athanor(["merge", "-m", "merge billing into main", "heads"]);
athanor(["heads", "--verbose"]);

step("7. Explore: branch points, the full history, a range, one revision");
athanor(["branches"]);
athanor(["history"]);
athanor(["history", "-r", "billing@base:billing@head"]);
athanor(["show", "billing@head"]);

step("8. Machine-readable output and coded errors");
athanor(["heads", "--json"]);
athanor(["show", "zzzz"], { expectFailure: true });

step("9. What a generated revision file looks like");
const versions = join(project, "migrations", "versions");
const merge = readdirSync(versions).find((name) => name.includes("merge_billing"));
console.log(bold(`migrations/versions/${merge}`));
console.log(readFileSync(join(versions, merge), "utf8"));
console.log(`The project is left in ${project} — cd there and try \`node ${bin} history --verbose\`.`);
