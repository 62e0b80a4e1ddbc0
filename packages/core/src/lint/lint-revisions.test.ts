import { describe, expect, it } from "vitest";
import { operations as o } from "../ops/operations.js";
import { defineRevision, headerOf, type RevisionHeader } from "../revision/revision.js";
import { compatibilityRules } from "./compatibility-rules.js";
import { lintMigrations } from "./lint-migrations.js";
import { lintRevisions } from "./lint-revisions.js";
import { defineLintRule, type LintRevision } from "./lint-rule.js";
import { recordOperations } from "./record-operations.js";

const noConcurrent = defineLintRule({
  id: "t/index-not-concurrent",
  dialects: ["testdb"],
  kinds: ["createIndex"],
  severity: "error",
  summary: "test rule",
  lock: "SHARE",
  rewritesTable: false,
  scansTable: true,
  breaksRunningCode: false,
  safeRecipe: "build it concurrently",
  check: (op) => (op.concurrently ? undefined : { message: `index ${op.name}`, table: op.table }),
});
const rules = [noConcurrent, ...compatibilityRules({ prefix: "t", dialects: ["testdb"], lock: "X" })];
const dialect = { name: "testdb" };

function revision(
  id: string,
  operations: LintRevision["operations"],
  header: Partial<RevisionHeader> = {},
): LintRevision {
  return {
    header: { ...headerOf({ id, upgrade() {}, downgrade() {} }), ...header },
    operations,
    queries: [],
  };
}

const index = o.createIndex("ix_users_email", "users", ["email"]);

describe("lintRevisions", () => {
  it("reports each firing rule with the revision, operation, effects and recipe", () => {
    const report = lintRevisions(
      [revision("a1", [o.addColumn("users", { name: "x", type: "int" }), index])],
      {
        rules,
        dialect,
      },
    );
    expect(report.findings).toEqual([
      {
        ruleId: "t/index-not-concurrent",
        severity: "error",
        revision: "a1",
        file: null,
        operationIndex: 1,
        operationKind: "createIndex",
        table: "users",
        message: "index ix_users_email",
        lock: "SHARE",
        rewritesTable: false,
        scansTable: true,
        breaksRunningCode: false,
        safeRecipe: "build it concurrently",
      },
    ]);
    expect(report.counts).toEqual({ error: 1, warning: 0, info: 0 });
    expect(report.revisions).toEqual(["a1"]);
  });

  it("runs only the rules of the target dialect", () => {
    const report = lintRevisions([revision("a1", [index])], { rules, dialect: { name: "other" } });
    expect(report.findings).toEqual([]);
  });

  it("silences a rule only when the ignore gives a reason", () => {
    const withReason = revision("a1", [index], {
      lint: { ignore: [{ rule: "t/index-not-concurrent", reason: "40 rows" }] },
    });
    const withoutReason = revision("b2", [index], {
      lint: { ignore: [{ rule: "t/index-not-concurrent", reason: "  " }] },
    });
    const report = lintRevisions([withReason, withoutReason], { rules, dialect });
    expect(report.silenced.map((f) => [f.revision, f.ruleId, f.reason])).toEqual([
      ["a1", "t/index-not-concurrent", "40 rows"],
    ]);
    expect(report.findings.map((f) => [f.revision, f.ruleId, f.severity])).toEqual([
      ["b2", "t/index-not-concurrent", "error"],
      ["b2", "core/ignore-without-reason", "error"],
    ]);
  });

  it("reports ignores of unknown rules and ignores that silence nothing", () => {
    const report = lintRevisions(
      [
        revision("a1", [o.createIndex("ix", "users", ["a"], { concurrently: true })], {
          lint: {
            ignore: [
              { rule: "t/index-not-concurent", reason: "typo" },
              { rule: "t/index-not-concurrent", reason: "was needed once" },
              { rule: "my/other-dialect", reason: "the MySQL run" },
            ],
          },
        }),
      ],
      { rules: [...rules, { ...noConcurrent, id: "my/other-dialect", dialects: ["mysql"] }], dialect },
    );
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["core/unknown-rule", "warning"],
      ["core/unused-ignore", "info"],
    ]);
  });

  it("drops lock findings on tables hinted small to info, but never compatibility findings", () => {
    const report = lintRevisions([revision("a1", [index, o.dropColumn("users", "legacy")])], {
      rules,
      dialect,
      tableRows: { users: 40 },
    });
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["t/index-not-concurrent", "info"],
      ["t/drop-column", "error"],
    ]);
    expect(report.findings[0]?.message).toMatch(/about 40 rows/);
  });
});

describe("compatibility rules", () => {
  const cases = [
    { name: "rename column", op: o.renameColumn("users", "name", "full_name"), id: "t/rename-column" },
    { name: "rename table", op: o.renameTable("users", "people"), id: "t/rename-table" },
    { name: "drop column", op: o.dropColumn("users", "legacy"), id: "t/drop-column" },
    { name: "drop table", op: o.dropTable("users"), id: "t/drop-table" },
  ];
  const created = o.createTable("users", { columns: [{ name: "id", type: "int" }] });
  for (const c of cases) {
    it(`${c.name}: fires on an existing table, not on one created in the same revision`, () => {
      const fire = lintRevisions([revision("a1", [c.op])], { rules, dialect });
      expect(fire.findings.map((f) => [f.ruleId, f.breaksRunningCode])).toEqual([[c.id, true]]);
      const quiet = lintRevisions([revision("a1", [created, c.op])], { rules, dialect });
      expect(quiet.findings).toEqual([]);
    });
  }
  it("drops are fine in a contract revision, renames are not", () => {
    const report = lintRevisions(
      [
        revision("a1", [o.dropColumn("users", "a"), o.dropTable("t"), o.renameColumn("u", "a", "b")], {
          phase: "contract",
        }),
      ],
      { rules, dialect },
    );
    expect(report.findings.map((f) => f.ruleId)).toEqual(["t/rename-column"]);
  });
});

describe("recording and lintMigrations", () => {
  it("records op.query calls and keeps operations built before a failure", async () => {
    const definition = defineRevision({
      id: "q1",
      async upgrade(op) {
        op.createIndex("ix", "users", ["a"]);
        const rows = await op.query<{ n: number }>("SELECT count(*) AS n FROM users");
        const first = rows[0];
        if (first === undefined) throw new Error("users has no count row");
        op.execute(`-- ${first.n}`);
      },
      downgrade() {},
    });
    const recorded = await recordOperations(definition, "testdb");
    expect(recorded.operations.map((op) => op.kind)).toEqual(["createIndex"]);
    expect(recorded.queries).toEqual([{ sql: "SELECT count(*) AS n FROM users", afterOperation: 1 }]);
    expect(recorded.failure).toBe("users has no count row");
  });

  it("records op.backfill without running it, so the revision keeps recording", async () => {
    const definition = defineRevision({
      id: "b1",
      async upgrade(op) {
        op.addColumn("users", { name: "email_lower", type: "text" });
        await op.backfill({
          table: "users",
          set: { email_lower: "lower(email)" },
          where: "email_lower IS NULL",
        });
        op.createIndex("ix", "users", ["email_lower"]);
      },
      downgrade() {},
    });
    const recorded = await recordOperations(definition, "testdb");
    expect(recorded.failure).toBeUndefined();
    expect(recorded.backfills).toEqual([{ table: { name: "users" }, afterOperation: 1 }]);
    expect(recorded.operations.map((op) => op.kind)).toEqual(["addColumn", "createIndex"]);
  });

  it("lints revision modules end to end without a database", async () => {
    const r1 = defineRevision({
      id: "r1",
      upgrade(op) {
        op.createTable("users", { columns: [{ name: "id", type: "int" }] });
        op.createIndex("ix_users_id", "users", ["id"]);
      },
      downgrade() {},
    });
    const r2 = defineRevision({
      id: "r2",
      parents: ["r1"],
      lint: { ignore: [{ rule: "t/rename-column", reason: "no reader yet" }] },
      async upgrade(op) {
        op.renameColumn("users", "id", "user_id");
        await op.query("UPDATE users SET user_id = user_id");
        op.createIndex("ix_users_user_id", "users", ["user_id"]);
      },
      downgrade() {},
    });
    // lint needs only the dialect's name; the quoting is for the (unused) version-table SQL
    const fakeDialect = {
      name: "testdb",
      quoteIdent: (s: string) => `"${s}"`,
      quoteLiteral: (s: string) => `'${s}'`,
    } as unknown as Parameters<typeof lintMigrations>[0]["dialect"];
    const report = await lintMigrations({ dialect: fakeDialect, revisions: [r2, r1] }, { rules });
    expect(report.revisions).toEqual(["r1", "r2"]);
    expect(report.findings.map((f) => [f.revision, f.ruleId, f.operationIndex])).toEqual([
      ["r1", "t/index-not-concurrent", 1],
      ["r2", "core/query-not-linted", null],
      ["r2", "t/index-not-concurrent", 1],
    ]);
    expect(report.silenced.map((f) => f.ruleId)).toEqual(["t/rename-column"]);
    const ranged = await lintMigrations(
      { dialect: fakeDialect, revisions: [r1, r2] },
      { rules, range: "r2:r2" },
    );
    expect(ranged.revisions).toEqual(["r2"]);
  });
});
