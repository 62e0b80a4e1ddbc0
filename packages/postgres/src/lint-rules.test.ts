import {
  headerOf,
  type LintDialectInfo,
  lintRevisions,
  type Operation,
  operations as o,
  type RevisionHeader,
} from "@athanor/core";
import { viewRuleCases } from "@athanor/core/testing";
import { describe, expect, it } from "vitest";
import { isBinaryCompatibleChange, postgresLintRules, volatileFunctionIn } from "./lint-rules.js";

interface Case {
  readonly name: string;
  readonly ops: readonly Operation[];
  readonly header?: Partial<RevisionHeader>;
  readonly version?: readonly number[];
  /** `op.query` calls the revision makes. */
  readonly queries?: readonly string[];
  /** Operations of an earlier revision in the same run. */
  readonly earlier?: readonly Operation[];
}

const users = o.createTable("users", { columns: [{ name: "id", type: "bigint", nullable: false }] });
const index = o.createIndex("ix_users_email", "users", ["email"]);
const concurrentIndex = o.createIndex("ix_users_email", "users", ["email"], { concurrently: true });
const fk = { columns: ["user_id"], references: { table: "users", columns: ["id"] } };
const noTx = { transactional: false };
const rebuildMood = o.rebuildEnum("mood", ["ok", "happy"], {
  existingValues: ["sad", "ok", "happy"],
  columns: [{ table: "users", column: "mood" }],
});
const collateName = o.alterColumnCollation("users", "name", "text", "C", { existing: null });

/** For every rule: cases that must fire it and cases that must not. */
const RULES: Record<string, { fires: readonly Case[]; quiet: readonly Case[] }> = {
  "pg/index-not-concurrent": {
    fires: [
      { name: "createIndex on an existing table", ops: [index] },
      { name: "raw CREATE INDEX", ops: [o.execute('CREATE INDEX ix ON "users" (email)')] },
    ],
    quiet: [
      { name: "concurrently", ops: [concurrentIndex], header: noTx },
      { name: "table created in the same revision", ops: [users, o.createIndex("ix", "users", ["id"])] },
      { name: "raw CREATE INDEX on a new table", ops: [users, o.execute("CREATE INDEX ix ON users (id)")] },
      {
        name: "raw CONCURRENTLY",
        ops: [o.execute("CREATE INDEX CONCURRENTLY ix ON users (id)")],
        header: noTx,
      },
    ],
  },
  "pg/drop-index-not-concurrent": {
    fires: [
      { name: "dropIndex", ops: [o.dropIndex("ix", "users")] },
      { name: "raw DROP INDEX", ops: [o.execute("DROP INDEX ix")] },
    ],
    quiet: [
      { name: "concurrently", ops: [o.dropIndex("ix", "users", { concurrently: true })], header: noTx },
    ],
  },
  "pg/concurrently-in-transaction": {
    fires: [
      { name: "createIndex concurrently in a transactional revision", ops: [concurrentIndex] },
      { name: "raw DROP INDEX CONCURRENTLY", ops: [o.execute("DROP INDEX CONCURRENTLY ix")] },
    ],
    quiet: [{ name: "transactional: false", ops: [concurrentIndex], header: noTx }],
  },
  "pg/unique-without-index": {
    fires: [{ name: "addUnique on an existing table", ops: [o.addUnique("uq", "users", ["email"])] }],
    quiet: [
      { name: "on a new table", ops: [users, o.addUnique("uq", "users", ["id"])] },
      { name: "taking over an index", ops: [o.addUnique("uq", "users", ["email"], { usingIndex: "uq" })] },
    ],
  },
  "pg/primary-key-without-index": {
    fires: [{ name: "addPrimaryKey on an existing table", ops: [o.addPrimaryKey("pk", "users", ["id"])] }],
    quiet: [
      { name: "on a new table", ops: [users, o.addPrimaryKey("pk", "users", ["id"])] },
      { name: "taking over an index", ops: [o.addPrimaryKey("pk", "users", ["id"], { usingIndex: "pk" })] },
    ],
  },
  "pg/foreign-key-not-valid": {
    fires: [{ name: "validated FK", ops: [o.addForeignKey("fk", "orders", fk)] }],
    quiet: [
      { name: "NOT VALID", ops: [o.addForeignKey("fk", "orders", { ...fk, notValid: true })] },
      {
        name: "on a new table",
        ops: [
          o.createTable("orders", { columns: [{ name: "user_id", type: "bigint" }] }),
          o.addForeignKey("fk", "orders", fk),
        ],
      },
    ],
  },
  "pg/rebuild-enum": {
    fires: [{ name: "rebuild used by an existing table", ops: [rebuildMood] }],
    quiet: [{ name: "the table is created in this revision", ops: [users, rebuildMood] }],
  },
  "pg/collation-change": {
    fires: [{ name: "collation of an existing column", ops: [collateName] }],
    quiet: [{ name: "the table is created in this revision", ops: [users, collateName] }],
  },
  "pg/check-not-valid": {
    fires: [{ name: "validated CHECK", ops: [o.addCheck("ck", "users", "id > 0")] }],
    quiet: [{ name: "NOT VALID", ops: [o.addCheck("ck", "users", "id > 0", { notValid: true })] }],
  },
  "pg/not-null-not-valid": {
    fires: [
      { name: "a validated NOT NULL on an existing table", ops: [o.addNotNull("nn", "users", "email")] },
    ],
    quiet: [
      { name: "NOT VALID", ops: [o.addNotNull("nn", "users", "email", { notValid: true })] },
      { name: "the table is created in this revision", ops: [users, o.addNotNull("nn", "users", "id")] },
    ],
  },
  "pg/validate-in-same-transaction": {
    fires: [
      {
        name: "ADD NOT VALID then VALIDATE in one transaction",
        ops: [o.addCheck("ck", "users", "id > 0", { notValid: true }), o.validateConstraint("ck", "users")],
      },
      {
        name: "NOT NULL NOT VALID then VALIDATE in one transaction",
        ops: [o.addNotNull("nn", "users", "email", { notValid: true }), o.validateConstraint("nn", "users")],
      },
    ],
    quiet: [
      { name: "VALIDATE alone (added earlier)", ops: [o.validateConstraint("ck", "users")] },
      {
        name: "non-transactional revision",
        ops: [o.addCheck("ck", "users", "id > 0", { notValid: true }), o.validateConstraint("ck", "users")],
        header: noTx,
      },
    ],
  },
  "pg/set-not-null": {
    fires: [
      { name: "SET NOT NULL", ops: [o.alterColumn("users", "email", { nullable: false })] },
      {
        name: "validated check on PostgreSQL 11 (no shortcut)",
        ops: [o.alterColumn("users", "email", { nullable: false })],
        earlier: [o.addCheck("ck", "users", "email IS NOT NULL")],
        version: [11],
      },
    ],
    quiet: [
      { name: "DROP NOT NULL", ops: [o.alterColumn("users", "email", { nullable: true })] },
      {
        name: "after a validated CHECK (email IS NOT NULL)",
        ops: [o.alterColumn("users", "email", { nullable: false })],
        earlier: [
          o.addCheck("ck", "users", '"email" IS NOT NULL', { notValid: true }),
          o.validateConstraint("ck", "users"),
        ],
      },
    ],
  },
  "pg/volatile-default": {
    fires: [
      {
        name: "gen_random_uuid()",
        ops: [o.addColumn("users", { name: "k", type: "uuid", default: "gen_random_uuid()" })],
      },
      {
        name: "clock_timestamp()",
        ops: [o.addColumn("users", { name: "t", type: "timestamptz", default: "clock_timestamp()" })],
      },
      {
        name: "a serial column (its implicit default is nextval())",
        ops: [o.addColumn("users", { name: "n", type: "bigserial", nullable: false })],
      },
    ],
    quiet: [
      {
        name: "now() is stable",
        ops: [o.addColumn("users", { name: "t", type: "timestamptz", default: "now()" })],
      },
      {
        name: "on a new table",
        ops: [users, o.addColumn("users", { name: "k", type: "uuid", default: "random()" })],
      },
    ],
  },
  "pg/default-before-pg11": {
    fires: [
      {
        name: "constant default on PG 10",
        ops: [o.addColumn("users", { name: "n", type: "int", default: "0" })],
        version: [10],
      },
    ],
    quiet: [
      {
        name: "constant default on PG 11",
        ops: [o.addColumn("users", { name: "n", type: "int", default: "0" })],
        version: [11],
      },
    ],
  },
  "pg/add-stored-generated-column": {
    fires: [
      {
        name: "generated column",
        ops: [o.addColumn("users", { name: "g", type: "int", generated: { expression: "id * 2" } })],
      },
    ],
    quiet: [{ name: "plain column", ops: [o.addColumn("users", { name: "g", type: "int" })] }],
  },
  "pg/add-required-column": {
    fires: [
      {
        name: "NOT NULL, no default",
        ops: [o.addColumn("users", { name: "n", type: "int", nullable: false })],
      },
    ],
    quiet: [
      {
        name: "NOT NULL with a default",
        ops: [o.addColumn("users", { name: "n", type: "int", nullable: false, default: "0" })],
      },
      {
        name: "a serial column has its default (pg/volatile-default judges it)",
        ops: [o.addColumn("users", { name: "n", type: "serial", nullable: false })],
      },
    ],
  },
  "pg/type-change-rewrite": {
    fires: [
      {
        name: "int → bigint",
        ops: [o.alterColumn("users", "n", { type: "bigint", existingType: "integer" })],
      },
      {
        name: "shorter varchar",
        ops: [o.alterColumn("users", "s", { type: "varchar(10)", existingType: "varchar(20)" })],
      },
      { name: "unknown old type (warning)", ops: [o.alterColumn("users", "s", { type: "text" })] },
    ],
    quiet: [
      {
        name: "varchar widening",
        ops: [o.alterColumn("users", "s", { type: "varchar(64)", existingType: "varchar(32)" })],
      },
      {
        name: "varchar → text",
        ops: [o.alterColumn("users", "s", { type: "text", existingType: "character varying(32)" })],
      },
    ],
  },
  "pg/ddl-with-backfill": {
    fires: [
      {
        name: "ADD COLUMN + UPDATE",
        ops: [o.addColumn("users", { name: "tz", type: "text" }), o.execute("UPDATE users SET tz = 'UTC'")],
      },
      {
        name: "op.query next to a DROP TABLE",
        ops: [o.dropTable("legacy"), o.addColumn("users", { name: "tz", type: "text" })],
        queries: ["UPDATE users SET tz = 'UTC'"],
        header: { phase: "contract" },
      },
      {
        name: "bulk insert next to DDL",
        ops: [o.addColumn("users", { name: "tz", type: "text" }), o.bulkInsert("users", [{ id: 1 }])],
      },
    ],
    quiet: [
      {
        name: "non-transactional",
        ops: [o.addColumn("users", { name: "tz", type: "text" }), o.execute("UPDATE users SET tz = 'x'")],
        header: noTx,
      },
      { name: "seed a new table", ops: [users, o.bulkInsert("users", [{ id: 1 }])] },
      { name: "data only", ops: [o.execute("UPDATE users SET tz = 'UTC'")] },
    ],
  },
  "pg/enum-value-in-transaction": {
    fires: [
      { name: "PG 11 in a transaction", ops: [o.addEnumValue("mood", "meh")], version: [11] },
      {
        name: "used in the same transaction",
        ops: [o.addEnumValue("mood", "meh"), o.execute("UPDATE t SET m = 'meh'")],
      },
      {
        name: "a default of the new value",
        ops: [o.addEnumValue("mood", "meh"), o.alterColumn("t", "m", { default: "'meh'::mood" })],
      },
      { name: "a CHECK naming it", ops: [o.addEnumValue("mood", "meh"), o.addCheck("c", "t", "m <> 'meh'")] },
      {
        name: "a partial index naming it",
        ops: [o.addEnumValue("mood", "meh"), o.createIndex("ix", "t", ["m"], { where: "m = 'meh'" })],
      },
    ],
    quiet: [
      { name: "PG 12, not used", ops: [o.addEnumValue("mood", "meh")], version: [12] },
      { name: "PG 11, non-transactional", ops: [o.addEnumValue("mood", "meh")], version: [11], header: noTx },
      {
        name: "a default of the new value, non-transactional",
        ops: [o.addEnumValue("mood", "meh"), o.alterColumn("t", "m", { default: "'meh'::mood" })],
        header: noTx,
      },
      {
        name: "only the state before names it",
        ops: [
          o.addEnumValue("mood", "meh"),
          o.alterColumn("t", "m", { default: null, existingDefault: "'meh'::mood" }),
        ],
      },
    ],
  },
  "pg/rename-column": {
    fires: [{ name: "rename", ops: [o.renameColumn("users", "a", "b")] }],
    quiet: [{ name: "new table", ops: [users, o.renameColumn("users", "id", "user_id")] }],
  },
  "pg/rename-table": {
    fires: [{ name: "rename", ops: [o.renameTable("users", "people")] }],
    quiet: [{ name: "new table", ops: [users, o.renameTable("users", "people")] }],
  },
  "pg/drop-column": {
    fires: [{ name: "ordinary revision", ops: [o.dropColumn("users", "legacy")] }],
    quiet: [
      { name: "contract revision", ops: [o.dropColumn("users", "legacy")], header: { phase: "contract" } },
    ],
  },
  "pg/drop-table": {
    fires: [{ name: "expand revision", ops: [o.dropTable("users")], header: { phase: "expand" } }],
    quiet: [{ name: "contract revision", ops: [o.dropTable("users")], header: { phase: "contract" } }],
  },
  "pg/narrowing-without-values-fit": {
    fires: [
      {
        name: "varchar(100) → varchar(20)",
        ops: [
          o.alterColumn("users", "name", {
            type: "character varying(20)",
            existingType: "character varying(100)",
          }),
        ],
      },
      {
        name: "bigint → integer",
        ops: [o.alterColumn("users", "n", { type: "integer", existingType: "bigint" })],
      },
      {
        name: "text → varchar(n), the prior type from an earlier revision",
        earlier: [o.addColumn("users", { name: "bio", type: "text" })],
        ops: [o.alterColumn("users", "bio", { type: "varchar(200)" })],
      },
    ],
    quiet: [
      {
        name: "with op.requireValuesFit before it",
        ops: [
          o.requireValuesFit("users", "n", "integer"),
          o.alterColumn("users", "n", { type: "integer", existingType: "bigint" }),
        ],
      },
      {
        name: "integer → bigint",
        ops: [o.alterColumn("users", "n", { type: "bigint", existingType: "integer" })],
      },
    ],
  },
  ...viewRuleCases("pg"),
};

function ruleIdsOf(c: Case): string[] {
  const header = { ...headerOf({ id: "r2", upgrade() {}, downgrade() {} }), ...c.header };
  const dialect: LintDialectInfo = { name: "postgresql", version: c.version };
  const earlier = {
    header: headerOf({ id: "r1", upgrade() {}, downgrade() {} }),
    operations: c.earlier ?? [],
    queries: [],
  };
  const report = lintRevisions(
    [
      earlier,
      { header, operations: c.ops, queries: (c.queries ?? []).map((sql) => ({ sql, afterOperation: 1 })) },
    ],
    {
      rules: postgresLintRules,
      dialect,
    },
  );
  return report.findings.map((f) => f.ruleId);
}

describe("postgresLintRules", () => {
  it("has a fire and a quiet case for every rule, and unique ids", () => {
    const ids = postgresLintRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(RULES).sort()).toEqual([...ids].sort());
  });

  for (const [id, { fires, quiet }] of Object.entries(RULES)) {
    describe(id, () => {
      for (const c of fires) it(`fires: ${c.name}`, () => expect(ruleIdsOf(c)).toContain(id));
      for (const c of quiet) it(`quiet: ${c.name}`, () => expect(ruleIdsOf(c)).not.toContain(id));
    });
  }

  it("a safe PostgreSQL revision is clean", () => {
    const ids = ruleIdsOf({
      name: "safe",
      ops: [
        o.addColumn("users", { name: "tz", type: "text", default: "'UTC'", nullable: false }),
        o.addForeignKey("fk", "orders", { ...fk, notValid: true }),
      ],
    });
    expect(ids).toEqual([]);
  });

  it("knows binary-compatible type changes and volatile functions", () => {
    expect(isBinaryCompatibleChange("numeric(10,2)", "numeric(12,2)")).toBe(true);
    expect(isBinaryCompatibleChange("numeric(10,2)", "numeric(12,3)")).toBe(false);
    expect(isBinaryCompatibleChange("timestamp(3) with time zone", "timestamptz(6)")).toBe(true);
    expect(isBinaryCompatibleChange("cidr", "inet")).toBe(true);
    expect(isBinaryCompatibleChange("text", "varchar(10)")).toBe(false);
    expect(volatileFunctionIn("uuid_generate_v4()")).toBe("uuid_generate_v4");
    expect(volatileFunctionIn("CURRENT_TIMESTAMP")).toBeUndefined();
  });
});
