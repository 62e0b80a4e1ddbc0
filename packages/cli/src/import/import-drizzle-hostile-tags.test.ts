import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/harness.js";
import { type DrizzleKitProject, drizzleKitProject } from "./testing/drizzle-kit-project.js";

// A migration tag comes from drizzle-kit's journal (or a 1.0 folder's name): it names the SQL
// file and is written into the revision file. Each hostile tag ends in a correct import — the
// revision loads, upgrades, reads back its tag on a second import — or in a coded refusal that
// names the real problem, with the tag shown inert and no file written.
const env = { DATABASE_URL: "file:./app.db" };
const SCHEMA = `import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
export const users = sqliteTable("users", { id: integer("id").primaryKey(), email: text("email") });
`;

let project: DrizzleKitProject;
let copies = 0;

beforeAll(() => {
  project = drizzleKitProject("sqlite");
  project.generate("init", SCHEMA);
}, 60_000);
afterAll(() => project?.dispose());

/** A copy of the generated project whose one migration carries `tags` (the journal's entries). */
function withTags(tags: readonly string[]): string {
  const dir = `${project.dir}-copy${copies++}`;
  cpSync(project.dir, dir, { recursive: true });
  const out = join(dir, "drizzle");
  const journalFile = join(out, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8"));
  const sql = readFileSync(join(out, `${journal.entries[0].tag}.sql`), "utf8");
  journal.entries = tags.map((tag, idx) => ({ ...journal.entries[0], idx, tag }));
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  for (const tag of tags)
    if (!tag.includes("/") && tag !== "." && tag !== "..") writeFileSync(join(out, `${tag}.sql`), sql);
  return dir;
}

const versionFiles = (dir: string) =>
  existsSync(join(dir, "athanor/versions")) ? readdirSync(join(dir, "athanor/versions")) : [];

async function expectImported(dir: string, tag: string): Promise<void> {
  const imported = await runCli(dir, ["import", "drizzle", "--no-stamp", "--json"], { env });
  expect(imported.stderr).toBe("");
  expect(imported.code).toBe(0);
  const report = JSON.parse(imported.stdout);
  expect(report.revisions.map((r: { tag: string }) => r.tag)).toEqual([tag]);
  expect(versionFiles(dir)).toHaveLength(1);
  // the revision module loads and runs, and a second import recognises it by its marker
  const up = await runCli(dir, ["upgrade"], { env });
  expect(up.stderr).toBe("");
  expect(up.code).toBe(0);
  const again = JSON.parse(
    (await runCli(dir, ["import", "drizzle", "--no-stamp", "--json"], { env })).stdout,
  );
  expect(again.revisions).toMatchObject([{ tag, status: "unchanged" }]);
  expect(again.orphaned).toEqual([]);
}

async function expectRefused(dir: string, shown: string, reason: string): Promise<void> {
  const refused = await runCli(dir, ["import", "drizzle", "--no-stamp"], { env });
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe("");
  expect(refused.stderr).toContain("ATHANOR_DRIZZLE_KIT_FOLDER_INVALID");
  expect(refused.stderr).toContain(shown);
  expect(refused.stderr).toContain(reason);
  expect(refused.stderr).not.toContain("\u001b[2J");
  expect(refused.stderr).not.toContain("ATHANOR_INTERNAL");
  expect(versionFiles(dir)).toEqual([]);
}

describe("athanor import drizzle with hostile migration tags (drizzle-kit 0.31, SQLite)", () => {
  it("a backslash, quotes, a `..` inside and a very long tag are carried into a working revision", async () => {
    // `drizzle-kit generate --name 'a\\b'` writes this tag and the file 0000_a\b.sql on Linux
    await expectImported(withTags(["0000_a\\b"]), "0000_a\\b");
    // a template literal's own syntax, which the revision's SQL templates must keep inert
    const quoted = `0000_say "hi" 'there' \`now\` $\{x}`;
    await expectImported(withTags([quoted]), quoted);
    await expectImported(withTags(["0000_a..b"]), "0000_a..b");
    const long = `0000_${"x".repeat(240)}`;
    await expectImported(withTags([long]), long);
  }, 120_000);

  it("a line break, an escape sequence, U+2028, a path and `..` are refused with the reason, nothing written", async () => {
    await expectRefused(withTags(["0000_a\nb"]), '"0000_a\\nb"', "contains a control character");
    await expectRefused(withTags(["0000_\u001b[2Jx"]), '"0000_\\x1b[2Jx"', "contains a control character");
    await expectRefused(withTags(["0000_a\u2028b"]), '"0000_a\\u2028b"', "contains a control character");
    await expectRefused(withTags(["../0000_x"]), '"../0000_x"', "contains a slash");
    await expectRefused(withTags([".."]), '".."', "is not a file name");
    await expectRefused(withTags(["0000_x", "0000_x"]), "both have the tag", '"0000_x"');
  }, 120_000);

  it("a 1.0 migration folder whose name holds a line break is refused, not written into a comment", async () => {
    const dir = withTags(["0000_init"]);
    const out = join(dir, "drizzle");
    const sql = readFileSync(join(out, "0000_init.sql"), "utf8");
    const snapshot = readFileSync(join(out, "meta", "0000_snapshot.json"), "utf8");
    const folders = join(dir, "kit1");
    const name = "20250101000000_x\nprocess.exit(7);";
    mkdirSync(join(folders, name), { recursive: true });
    writeFileSync(join(folders, name, "migration.sql"), sql);
    writeFileSync(join(folders, name, "snapshot.json"), snapshot);
    const refused = await runCli(dir, ["import", "drizzle", "--out", "kit1", "--no-stamp"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ATHANOR_DRIZZLE_KIT_FOLDER_INVALID");
    expect(refused.stderr).toContain('"20250101000000_x\\nprocess.exit(7);"');
    expect(versionFiles(dir)).toEqual([]);
  }, 60_000);

  it("a file already in the way refuses the whole import before writing any", async () => {
    const dir = withTags(["0000_a", "0001_b"]);
    const dry = JSON.parse((await runCli(dir, ["import", "drizzle", "--dry-run", "--json"], { env })).stdout);
    const second = dry.revisions[1].file as string;
    mkdirSync(join(dir, "athanor/versions"), { recursive: true });
    writeFileSync(second, "// someone else's file\n");
    const refused = await runCli(dir, ["import", "drizzle", "--no-stamp"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ATHANOR_FILE_EXISTS");
    expect(versionFiles(dir)).toEqual([basename(second)]);
  }, 60_000);
});
