import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DatabaseBackend } from "./database-backend.js";
import { runCli, tempDir } from "./harness.js";

/** A revision file: `upgrade` adds plan value 'team' (after 'free'), then `uses`. */
function revisionFile(id: string, transactional: boolean, use: EnumValueUse): string {
  return `import { defineRevision } from "@athanor/core";

export default defineRevision({
  id: ${JSON.stringify(id)},
  parents: ["a00000000001"],
  message: ${JSON.stringify(id)},
  createdAt: "2026-01-02T03:04:05.000Z",
  transactional: ${transactional},
  upgrade(op) {
    op.addEnumValue("plan", "team", { after: "free" });
    ${use.uses}
  },
  downgrade(op) {
    ${use.undo}
    op.rebuildEnum("plan", ["free", "pro"], {
      existingValues: ["free", "team", "pro"],
      columns: [{ table: "accounts", column: "plan", default: "'free'::plan" }],
    });
  },
});
`;
}

const BASE = `import { defineRevision } from "@athanor/core";

export default defineRevision({
  id: "a00000000001",
  parents: [],
  message: "plan and accounts",
  createdAt: "2026-01-02T03:04:05.000Z",
  upgrade(op) {
    op.createEnum("plan", ["free", "pro"]);
    op.createTable("accounts", {
      columns: [
        { name: "id", type: "integer", nullable: false },
        { name: "plan", type: "plan", nullable: false, default: "'free'::plan" },
        { name: "seats", type: "integer", nullable: true },
      ],
      primaryKey: { name: "accounts_pkey", columns: ["id"] },
    });
  },
  downgrade(op) {
    op.dropTable("accounts");
    op.dropEnum("plan", { existingValues: ["free", "pro"] });
  },
});
`;

/** Each way a revision can use the value it adds: the op call, and where lint says it is. */
interface EnumValueUse {
  readonly id: string;
  readonly uses: string;
  /** The downgrade's steps before the type is rebuilt without the value. */
  readonly undo: string;
  readonly where: string;
}

export const ENUM_VALUE_USES: readonly EnumValueUse[] = [
  {
    id: "b00000000001",
    uses: `op.alterColumn("accounts", "plan", { default: "'team'::plan", existingDefault: "'free'::plan" });`,
    undo: `op.alterColumn("accounts", "plan", { default: "'free'::plan", existingDefault: "'team'::plan" });`,
    where: "alterColumn (the default of accounts.plan)",
  },
  {
    id: "b00000000002",
    uses: `op.addCheck("accounts_team_seats", "accounts", "plan <> 'team' OR seats IS NOT NULL");`,
    undo: `op.dropConstraint("accounts_team_seats", "accounts");`,
    where: "addCheck (check accounts_team_seats on accounts)",
  },
  {
    id: "b00000000003",
    uses: `op.createIndex("accounts_team_idx", "accounts", ["seats"], { where: "plan = 'team'" });`,
    undo: `op.dropIndex("accounts_team_idx", "accounts");`,
    where: "createIndex (the predicate of index accounts_team_idx)",
  },
  {
    id: "b00000000004",
    uses: `op.addColumn("accounts", { name: "next_plan", type: "plan", nullable: false, default: "'team'" });`,
    undo: `op.dropColumn("accounts", "next_plan");`,
    where: "addColumn (the default of accounts.next_plan)",
  },
  {
    id: "b00000000005",
    uses: `op.createTable("invites", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "plan", type: "plan", nullable: false, default: "'team'::plan" }] });`,
    undo: `op.dropTable("invites");`,
    where: "createTable (the default of invites.plan)",
  },
  {
    id: "b00000000006",
    uses: `op.execute("UPDATE accounts SET plan = 'team' WHERE seats > 5");`,
    undo: `op.execute("UPDATE accounts SET plan = 'free' WHERE plan = 'team'");`,
    where: "execute (raw SQL)",
  },
];

interface LintJson {
  readonly findings: readonly { ruleId: string; severity: string; revision: string; message: string }[];
}

/**
 * A revision that adds an enum value and uses it in its own transaction — in a default, a CHECK,
 * an index predicate, a new column or table, a data step — is an error of
 * `pg/enum-value-in-transaction`, and the server refuses its upgrade ("unsafe use of new value")
 * with nothing applied; the same revision with `transactional: false` is clean, upgrades and
 * downgrades. `refused`: the uses whose upgrade is run (default all; lint judges every one).
 */
export function describeEnumValueLint(
  label: string,
  makeBackend: () => Promise<DatabaseBackend>,
  refused: readonly EnumValueUse[] = ENUM_VALUE_USES,
): void {
  describe(`a new enum value used in its own transaction, on ${label}`, () => {
    let backend: DatabaseBackend;
    let dir: string;
    const cli = (...argv: string[]) => runCli(dir, argv, { env: backend.env() });
    const versions = () => join(dir, "migrations/versions");

    beforeAll(async () => {
      backend = await makeBackend();
      dir = tempDir("athanor-enum-lint-");
      const init = await cli("init", "--dialect", "postgresql");
      expect(init.code, init.stderr).toBe(0);
      writeFileSync(join(versions(), "a00000000001_base.ts"), BASE);
      const up = await cli("upgrade");
      expect(up.code, up.stderr).toBe(0);
      for (const use of ENUM_VALUE_USES)
        writeFileSync(join(versions(), `${use.id}_use.ts`), revisionFile(use.id, true, use));
    }, 120_000);
    afterAll(async () => backend?.dispose());

    test("lint reports every use as an error", async () => {
      const lint = await cli("lint", "--json");
      expect(lint.code, lint.stderr).toBe(1);
      const findings = (JSON.parse(lint.stdout) as LintJson).findings
        .filter((f) => f.ruleId === "pg/enum-value-in-transaction")
        .map((f) => [f.revision, f.severity, f.message]);
      expect(findings).toEqual(
        ENUM_VALUE_USES.map((u) => [
          u.id,
          "error",
          `The new value 'team' of plan is used by a later ${u.where} in the same transaction; PostgreSQL refuses it ("unsafe use of new value") until the ADD VALUE commits.`,
        ]),
      );
    });

    test.each(refused.map((u) => [u.where, u] as const))(
      "the server refuses %s in the transaction, and takes it without one",
      async (_where, use) => {
        // other rules (a CHECK not NOT VALID, an index not CONCURRENTLY) are not this test's matter
        const refused = await cli("upgrade", use.id, "--ignore-lint-errors");
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('unsafe use of new value "team" of enum type plan');
        const labels = await backend.query<{ v: string }>(
          dir,
          "SELECT enumlabel AS v FROM pg_enum WHERE enumtypid = 'plan'::regtype ORDER BY enumsortorder",
        );
        expect(labels.map((r) => r.v)).toEqual(["free", "pro"]);

        const file = join(versions(), `${use.id}_use.ts`);
        writeFileSync(file, revisionFile(use.id, false, use));
        const lint = await cli("lint", "--json");
        const own = (JSON.parse(lint.stdout) as LintJson).findings.filter(
          (f) => f.revision === use.id && f.ruleId === "pg/enum-value-in-transaction",
        );
        expect(own).toEqual([]);
        const up = await cli("upgrade", use.id, "--ignore-lint-errors");
        expect(up.code, up.stderr).toBe(0);
        const down = await cli("downgrade", "a00000000001");
        expect(down.code, down.stderr).toBe(0);
        writeFileSync(file, revisionFile(use.id, true, use));
      },
    );
  });
}
