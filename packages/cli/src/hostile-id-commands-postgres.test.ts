import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { buildCli } from "./testing/build-cli.js";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { runCli, tempDir } from "./testing/harness.js";
import { inShell } from "./testing/shell-advice.js";

// A revision id may hold `<`, `>`, `$`, `(` (the id rules refuse only whitespace, controls and
// @ - + :). Suggested commands left a word shaped like `<heads>` bare, taking it for a placeholder,
// so an id `<$(touch${IFS}PWNED)>` was a shell redirection whose command substitution ran when the
// advice was pasted; `status`'s checksum line and `revision`'s --head hints put every id bare.
// Each suggested command is taken from the output and run through `sh -c` exactly as printed
// (the built CLI as `athanor`), on PostgreSQL 15 (a database of this file's own).
// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, meant literally
const HEAD = "<$(touch${IFS}PWNED)>";
// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, meant literally
const FIRST = "r1$(touch${IFS}PWNED2)";
let backend: DatabaseBackend & { readonly url: string };
let project: string;

function revision(file: string, id: string, parents: string[], table: string): void {
  writeFileSync(
    join(project, "versions", file),
    `const defineRevision = (definition) => definition;
export default defineRevision({
  id: ${JSON.stringify(id)}, parents: ${JSON.stringify(parents)}, message: "t",
  upgrade(op) { op.execute("CREATE TABLE ${table} (id int)"); },
  downgrade(op) { op.execute("DROP TABLE ${table}"); },
});
`,
  );
}

beforeAll(async () => {
  await buildCli();
  backend = await postgresBackend("hostile_cmds");
  project = tempDir("athanor-hostile-cmds-");
  writeFileSync(join(project, "package.json"), "{}\n");
  mkdirSync(join(project, "versions"));
  revision("r1.mjs", FIRST, [], "t1");
  revision("r2.mjs", HEAD, [FIRST], "t2");
  const config = { dialect: "postgresql", url: backend.url, versions: "versions" };
  writeFileSync(join(project, "athanor.config.mjs"), `export default ${JSON.stringify(config)};\n`);
  const up = await runCli(project, ["upgrade", "head"]);
  expect(up.code, up.stderr).toBe(0);
}, 300_000);
afterAll(async () => backend?.dispose());
beforeEach(() => {
  for (const file of ["PWNED", "PWNED2"]) rmSync(join(project, file), { force: true });
});

const pwned = () => existsSync(join(project, "PWNED")) || existsSync(join(project, "PWNED2"));
const edit = (file: string) => appendFileSync(join(project, "versions", file), "// edited\n");

/** The one line of `output` that starts (after spaces or `hint: `) with `start`. */
function commandLine(output: string, start: string): string {
  const line = output
    .split("\n")
    .map((l) => l.trim().replace(/^hint: /, ""))
    .find((l) => l.startsWith(start));
  expect(line, output).toBeDefined();
  return line as string;
}

test("checksums' accept command for an id shaped like a placeholder runs nothing and accepts it", async () => {
  edit("r2.mjs");
  const listed = await runCli(project, ["checksums"]);
  expect(listed.code, listed.stderr).toBe(1);
  const line = commandLine(listed.stdout, "athanor checksums accept").replace(
    '--reason "..."',
    "--reason edited",
  );
  const pasted = inShell(project, line);
  expect(pwned()).toBe(false);
  expect(pasted.code, pasted.out).toBe(0);
  expect((await runCli(project, ["checksums"])).code).toBe(0);
}, 300_000);

test("status's checksum line names a pasteable checksums accept", async () => {
  edit("r1.mjs");
  const status = await runCli(project, ["status"]);
  const line = /`(athanor checksums accept [^`]*)`/.exec(status.stdout)?.[1];
  expect(line, status.stdout).toBeDefined();
  const pasted = inShell(project, `${line} --reason edited`);
  expect(pwned()).toBe(false);
  expect(pasted.code, pasted.out).toBe(0);
  expect((await runCli(project, ["checksums"])).code).toBe(0);
}, 300_000);

test("revision --head on a revision with children hints a pasteable --splice command", async () => {
  const refused = await runCli(project, ["revision", "--head", FIRST, "-m", "x"]);
  expect(refused.stderr).toContain("ATHANOR_NOT_A_HEAD");
  const line = commandLine(refused.stderr, "athanor revision --head");
  const before = readdirSync(join(project, "versions")).length;
  const pasted = inShell(project, line);
  expect(pwned()).toBe(false);
  expect(pasted.code, pasted.out).toBe(0);
  expect(readdirSync(join(project, "versions")).length).toBe(before + 1);
}, 300_000);

test("ATHANOR_BOOKKEEPING_DAMAGED's stamp --purge, pasted, repairs the tables at that head and runs nothing", async () => {
  await backend.query(project, "ALTER TABLE athanor_version_history DROP COLUMN note");
  const refused = await runCli(project, ["current"]);
  const upgrade = await runCli(project, ["upgrade", HEAD]);
  const output = refused.stderr + upgrade.stderr;
  expect(output).toContain("ATHANOR_BOOKKEEPING_DAMAGED");
  const line = commandLine(upgrade.stderr, "athanor stamp");
  const pasted = inShell(project, line);
  expect(pwned()).toBe(false);
  expect(pasted.code, pasted.out).toBe(0);
  const rows = await backend.query<{ version_num: string }>(
    project,
    "SELECT version_num FROM athanor_version",
  );
  expect(rows.map((r) => r.version_num)).toEqual([HEAD]);
}, 300_000);

// A guard (inert before this change too): the version table's ids are the database's text, and
// escape sequences in them (CSI colour, OSC 8 hyperlink, OSC 0 window title, C1 CSI) reach the
// terminal only as visible escapes, in every command that names them.
test("escape sequences in a version-table id never reach the terminal raw", async () => {
  const hostile = "r9\x1b[31mRED\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\x1b]0;TITLE\x07\u009b2J";
  await backend.query(project, `UPDATE athanor_version SET version_num = '${hostile}'`);
  for (const argv of [
    ["current"],
    ["current", "--verbose"],
    ["status"],
    ["upgrade", "head"],
    ["downgrade", "-1"],
    ["stamp", "base"],
    ["checksums"],
  ]) {
    const run = await runCli(project, argv);
    const output = run.stdout + run.stderr;
    expect(output, argv.join(" ")).toContain("r9\\x1b[31mRED\\x1b]8;;https://evil.example\\x07link");
    for (const raw of ["\x1b", "\x07", "\u009b"]) expect(output.includes(raw), argv.join(" ")).toBe(false);
  }
}, 300_000);
