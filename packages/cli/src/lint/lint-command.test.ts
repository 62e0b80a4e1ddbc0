import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "../testing/harness.js";

/** Writes a revision module; `header` is the literal header lines, `body` the upgrade body. */
function writeRevision(project: string, id: string, header: string, body: string, async = false): void {
  const source = `import { defineRevision } from "@athanor/core";

export default defineRevision({
  id: "${id}",
${header}
  ${async ? "async " : ""}upgrade(op) {
${body}
  },
  downgrade() {},
});
`;
  writeFileSync(join(project, "migrations", "versions", `${id}_rev.ts`), source);
}

/**
 * a1 creates users and indexes it (fine: the table is new); b2 indexes it again without
 * CONCURRENTLY and adds a volatile default (two errors); c3 silences a rename with a reason and
 * a drop without one; d4 builds an index concurrently outside a transaction and runs a query.
 * On MySQL the same history mostly draws online-DDL and one-DDL-per-revision warnings.
 */
async function buildLintProject(project: string, dialect: "postgresql" | "mysql"): Promise<void> {
  await ok(project, ["init", "--dialect", dialect]);
  writeRevision(
    project,
    "a1b2c3d4e5f6",
    `  parents: [],\n  message: "create users",`,
    `    op.createTable("users", { columns: [{ name: "id", type: "bigint", nullable: false }, { name: "email", type: "text" }] });
    op.createIndex("ix_users_id", "users", ["id"]);`,
  );
  writeRevision(
    project,
    "b2c3d4e5f6a7",
    `  parents: ["a1b2c3d4e5f6"],\n  message: "index email, add token",`,
    `    op.createIndex("ix_users_email", "users", ["email"]);
    op.addColumn("users", { name: "token", type: "uuid", default: "gen_random_uuid()" });`,
  );
  writeRevision(
    project,
    "c3d4e5f6a7b8",
    `  parents: ["b2c3d4e5f6a7"],
  message: "rename and drop",
  lint: {
    ignore: [
      { rule: "${dialect === "mysql" ? "my" : "pg"}/rename-column", reason: "no deployed code reads users.email yet" },
      { rule: "${dialect === "mysql" ? "my" : "pg"}/drop-column" },
    ],
  },`,
    `    op.renameColumn("users", "email", "email_address");
    op.dropColumn("users", "token");`,
  );
  writeRevision(
    project,
    "d4e5f6a7b8c9",
    `  parents: ["c3d4e5f6a7b8"],\n  message: "concurrent index",\n  transactional: false,`,
    `    const rows = await op.query("SELECT count(*) AS n FROM users");
    op.createIndex("ix_users_email_address", "users", ["email_address"], { concurrently: rows.length === 0 });`,
    true,
  );
}

let pg: string;

beforeAll(async () => {
  pg = tempDir("athanor-lint-");
  await buildLintProject(pg, "postgresql");
});

const golden = (name: string) => `./__golden__/${name}`;

describe("athanor lint (PostgreSQL project)", () => {
  it("prints findings grouped by revision and exits 1 on errors (golden)", async () => {
    const result = await runCli(pg, ["lint"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    await expect(result.stdout).toMatchFileSnapshot(golden("lint-postgres.txt"));
  });

  it("prints one JSON document with every finding (golden)", async () => {
    const result = await runCli(pg, ["lint", "--json"]);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as {
      counts: Record<string, number>;
      silenced: { ruleId: string }[];
    };
    expect(document.counts).toEqual({ error: 4, warning: 0, info: 1 });
    expect(document.silenced.map((f) => f.ruleId)).toEqual(["pg/rename-column"]);
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot(
      golden("lint-postgres.json.txt"),
    );
  });

  it("narrows to a range (positional or -r) and exits 0 without errors", async () => {
    const tail = await runCli(pg, ["lint", "d4e5:"]);
    expect(tail.code).toBe(0);
    expect(tail.stdout).toContain("core/query-not-linted");
    expect(tail.stdout.trimEnd().split("\n").at(-1)).toBe("0 errors, 0 warnings, 1 info in 1 revision.");
    const first = await runCli(pg, ["lint", "-r", "a1b2:a1b2"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("No lint findings in 1 revision.\n");
  });

  it("applies version-specific rules from --server-version", async () => {
    const old = await runCli(pg, ["lint", "-r", "b2c3:b2c3", "--server-version", "10.23", "--json"]);
    const ids = (JSON.parse(old.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids).toEqual(["pg/index-not-concurrent", "pg/volatile-default"]);
  });

  it("rejects a bad version or two different ranges with exit 2", async () => {
    expect((await runCli(pg, ["lint", "--server-version", "latest"])).code).toBe(2);
    const both = await runCli(pg, ["lint", "a1b2:", "-r", "b2c3:"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/Two ranges were given/);
  });
});

describe("athanor lint (MySQL project)", () => {
  it("uses the MySQL rules and reports their ids", async () => {
    const my = tempDir("athanor-lint-my-");
    await buildLintProject(my, "mysql");
    const result = await runCli(my, ["lint", "--json"], {
      env: { DATABASE_URL: "mysql://root@127.0.0.1:3306/x" },
    });
    const document = JSON.parse(result.stdout) as {
      dialect: string;
      findings: { revision: string; ruleId: string }[];
    };
    expect(document.dialect).toBe("mysql");
    expect(document.findings.map((f) => `${f.revision.slice(0, 4)} ${f.ruleId}`)).toEqual([
      "a1b2 my/multiple-ddl",
      "b2c3 my/missing-online-clauses",
      "b2c3 my/missing-online-clauses",
      "b2c3 my/multiple-ddl",
      "c3d4 my/missing-online-clauses",
      "c3d4 my/missing-online-clauses",
      "c3d4 my/multiple-ddl",
      "c3d4 my/drop-column",
      "c3d4 core/ignore-without-reason",
      "d4e5 core/query-not-linted",
      "d4e5 my/missing-online-clauses",
    ]);
    expect(result.code).toBe(1);
  });
});

describe("lintReportLines", () => {
  it("colours severities only when the context allows colours", async () => {
    const { lintReportLines } = await import("./print-lint-report.js");
    const report = {
      dialect: "postgresql",
      revisions: ["r1"],
      counts: { error: 1, warning: 0, info: 0 },
      silenced: [],
      findings: [
        {
          ruleId: "pg/drop-table",
          severity: "error" as const,
          revision: "r1",
          file: null,
          operationIndex: 0,
          operationKind: "dropTable",
          table: "users",
          message: "Dropping users breaks running code.",
          lock: null,
          rewritesTable: false,
          scansTable: false,
          breaksRunningCode: true,
          safeRecipe: null,
        },
      ],
    };
    const base = {
      cwd: "/",
      env: {},
      stdout: { write() {} },
      stderr: { write() {} },
      isTTY: true,
      json: false,
      now: () => new Date(0),
    };
    const plain = lintReportLines({ ...base, color: false }, report);
    const coloured = lintReportLines({ ...base, color: true }, report);
    expect(plain).toEqual([
      "r1",
      "  error   pg/drop-table at #0 dropTable on users",
      "          Dropping users breaks running code.",
      "          breaks running code",
      "",
      "1 error, 0 warnings, 0 info in 1 revision.",
    ]);
    expect(coloured[1]).toContain(`${String.fromCharCode(27)}[31m`);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g");
    expect(coloured.map((line) => line.replace(ansi, ""))).toEqual(plain);
  });
});
