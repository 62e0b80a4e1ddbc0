import { appendFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { type MariadbDatabases, mariadbDatabases } from "./testing/mariadb-databases.js";
import { inShell } from "./testing/shell-advice.js";

// A revision id may hold `$`, `(`, `` ` `` and `;` (the id rules refuse only whitespace, control
// characters and the target grammar's @ - + :). The command athanor suggests for it — `checksums
// accept ID`, on one database, in ATHANOR_CHECKSUM_MISMATCH and per fleet — was printed with the
// id bare, so pasting it ran `touch PWNED` and `id` and accepted nothing. Each id is now one shell
// word. The built CLI on the real MariaDB 10.11 (databases hostileid_a, hostileid_b); each
// suggested line is run in `sh -c` as printed.
const DATABASES = ["hostileid_a", "hostileid_b"];
// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, meant literally
const ID = "r1$(touch${IFS}PWNED)`touch${IFS}PWNED2`;x";
let dbs: MariadbDatabases;
let project: string;

beforeAll(async () => {
  await buildCli();
  dbs = await mariadbDatabases(DATABASES);
  project = mkdtempSync(join(tmpdir(), "athanor-hostile-id-"));
  writeFileSync(join(project, "package.json"), "{}\n");
  mkdirSync(join(project, "migrations/versions"), { recursive: true });
  writeFileSync(
    join(project, "migrations/versions/r1.mjs"),
    `const defineRevision = (definition) => definition;
export default defineRevision({
  id: ${JSON.stringify(ID)}, parents: [], message: "t",
  upgrade(op) { op.createTable("t", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: ["id"] }); },
  downgrade(op) { op.dropTable("t"); },
});
`,
  );
  const config = {
    url: dbs.urlOf(DATABASES[0] as string),
    fleets: { f: { databases: DATABASES.map((d) => ({ name: d, url: dbs.urlOf(d) })) } },
  };
  writeFileSync(join(project, "athanor.config.mjs"), `export default ${JSON.stringify(config)};\n`);
  const up = await spawnCli(project, ["upgrade", "--fleet"], {});
  expect(up.code, up.stderr).toBe(0);
}, 300_000);
afterAll(async () => dbs?.dispose());

/** The `athanor checksums accept …` line of `output`, with a reason in place of "...". */
function acceptLine(output: string): string {
  const line = output.split("\n").find((l) => l.trim().startsWith("athanor checksums accept"));
  expect(line, output).toBeDefined();
  return (line as string).trim().replace('--reason "..."', "--reason edited");
}

const edit = () => appendFileSync(join(project, "migrations/versions/r1.mjs"), "// edited\n");
const pwned = () => existsSync(join(project, "PWNED")) || existsSync(join(project, "PWNED2"));

test("checksums --fleet's accept command, pasted into a shell, accepts the hostile id and runs nothing", async () => {
  edit();
  const listed = await spawnCli(project, ["checksums", "--fleet"], {});
  expect(listed.code, listed.stderr).toBe(1);
  const pasted = inShell(project, acceptLine(listed.stdout));
  expect(pwned()).toBe(false);
  expect(pasted.code, pasted.out).toBe(0);
  expect(pasted.out).toContain(`hostileid_b: accepted ${ID}`);
  expect((await spawnCli(project, ["checksums", "--fleet"], {})).code).toBe(0);
}, 300_000);

test("checksums and upgrade's ATHANOR_CHECKSUM_MISMATCH suggest the id as one shell word", async () => {
  edit();
  const upgrade = await spawnCli(project, ["upgrade"], {});
  expect(upgrade.code).toBe(1);
  expect(upgrade.stderr).toContain("ATHANOR_CHECKSUM_MISMATCH");
  expect(upgrade.stderr).toContain(`athanor checksums accept '${ID}'`);
  const listed = await spawnCli(project, ["checksums"], {});
  expect(listed.code, listed.stderr).toBe(1);
  const pasted = inShell(project, acceptLine(listed.stdout));
  expect(pwned()).toBe(false);
  expect(pasted.code, pasted.out).toBe(0);
  expect((await spawnCli(project, ["checksums"], {})).code).toBe(0);
}, 300_000);

test("a fleet target's ATHANOR_CHECKSUM_MISMATCH suggests its own checksums accept --fleet --target, pasteable", async () => {
  edit();
  const upgrade = await spawnCli(project, ["upgrade", "--fleet", "--json"], {});
  expect(upgrade.code).toBe(1);
  const line = `athanor checksums accept '${ID}' --fleet f --target hostileid_b`;
  const record = JSON.parse(upgrade.stdout).records.find(
    (r: { target: string }) => r.target === "hostileid_b",
  );
  expect(record.error.code).toBe("ATHANOR_CHECKSUM_MISMATCH");
  expect(record.error.message).toContain(`\`${line}\``);
  const pasted = inShell(project, `${line} --reason edited`);
  expect(pwned()).toBe(false);
  expect(pasted.code, pasted.out).toBe(0);
  expect(pasted.out).toContain(`hostileid_b: accepted ${ID}`);
}, 300_000);
