import {
  headerOf,
  type LintRule,
  lintRevisions,
  type Operation,
  operations as o,
  type RevisionHeader,
} from "@athanor/core";
import { viewRuleCases } from "@athanor/core/testing";
import { describe, expect, it } from "vitest";
import { createMysqlLintRules, mysqlLintRules, onlineAlgorithm } from "./lint-rules.js";

interface Case {
  readonly name: string;
  readonly ops: readonly Operation[];
  readonly header?: Partial<RevisionHeader>;
  readonly dialect?: { name: string; version?: readonly number[] };
  readonly rules?: readonly LintRule[];
  /** Operations of an earlier revision in the same run. */
  readonly earlier?: readonly Operation[];
}

const online = createMysqlLintRules({ algorithm: "INPLACE", lock: "NONE" });
const users = o.createTable("users", { columns: [{ name: "id", type: "bigint", nullable: false }] });
const fk = { columns: ["user_id"], references: { table: "users", columns: ["id"] } };
const addTz = o.addColumn("users", { name: "tz", type: "varchar(64)" });

/** For every rule: cases that must fire it and cases that must not. */
const RULES: Record<string, { fires: readonly Case[]; quiet: readonly Case[] }> = {
  "my/column-type-copy": {
    fires: [
      { name: "int → bigint", ops: [o.alterColumn("users", "n", { type: "bigint", existingType: "int" })] },
      {
        name: "varchar crossing the 255-byte prefix on MySQL",
        ops: [o.alterColumn("users", "s", { type: "varchar(100)", existingType: "varchar(50)" })],
      },
    ],
    quiet: [
      {
        name: "varchar growth inside the 1-byte prefix",
        ops: [o.alterColumn("users", "s", { type: "varchar(60)", existingType: "varchar(50)" })],
      },
      {
        name: "varchar growth on MariaDB",
        ops: [o.alterColumn("users", "s", { type: "varchar(100)", existingType: "varchar(50)" })],
        dialect: { name: "mariadb" },
      },
    ],
  },
  "my/column-generation-copy": {
    fires: [
      {
        name: "new generation expression",
        ops: [
          o.alterColumn("users", "g", { generated: { expression: "upper(name)" }, existingGenerated: null }),
        ],
      },
      { name: "generated column made plain", ops: [o.alterColumn("users", "g", { generated: null })] },
      { name: "AUTO_INCREMENT added", ops: [o.alterColumn("users", "id", { autoIncrement: true })] },
    ],
    quiet: [
      {
        name: "AUTO_INCREMENT removed (INPLACE)",
        ops: [o.alterColumn("users", "id", { autoIncrement: false })],
      },
      {
        name: "on a table created in the revision",
        ops: [users, o.alterColumn("users", "id", { autoIncrement: true })],
      },
    ],
  },
  "my/foreign-key-copy": {
    fires: [{ name: "FK on an existing table", ops: [o.addForeignKey("fk", "orders", fk)] }],
    quiet: [
      {
        name: "FK on a new table",
        ops: [
          o.createTable("orders", { columns: [{ name: "user_id", type: "bigint" }] }),
          o.addForeignKey("fk", "orders", fk),
        ],
      },
    ],
  },
  "my/add-column-copy": {
    fires: [
      {
        name: "expression default",
        ops: [o.addColumn("users", { name: "k", type: "char(36)", default: "(uuid())" })],
      },
    ],
    quiet: [
      { name: "constant default", ops: [o.addColumn("users", { name: "n", type: "int", default: "0" })] },
    ],
  },
  "my/table-rebuild": {
    fires: [
      {
        name: "SET NOT NULL",
        ops: [o.alterColumn("users", "email", { nullable: false, existingNullable: true })],
      },
      {
        name: "drop column on MySQL 8.0.20",
        ops: [o.dropColumn("users", "x")],
        dialect: { name: "mysql", version: [8, 0, 20] },
        header: { phase: "contract" },
      },
    ],
    quiet: [
      {
        name: "drop column on MySQL 8.0.36",
        ops: [o.dropColumn("users", "x")],
        dialect: { name: "mysql", version: [8, 0, 36] },
        header: { phase: "contract" },
      },
      { name: "default change", ops: [o.alterColumn("users", "email", { default: "''" })] },
    ],
  },
  "my/check-constraint-scan": {
    fires: [{ name: "CHECK on an existing table", ops: [o.addCheck("ck", "users", "id > 0")] }],
    quiet: [{ name: "CHECK on a new table", ops: [users, o.addCheck("ck", "users", "id > 0")] }],
  },
  "my/missing-online-clauses": {
    fires: [
      { name: "ADD COLUMN without clauses", ops: [addTz] },
      { name: "raw ALTER TABLE", ops: [o.execute("ALTER TABLE users ADD INDEX ix (email)")] },
    ],
    quiet: [
      { name: "dialect configured INPLACE/NONE", ops: [addTz], rules: online },
      {
        name: "raw ALTER with ALGORITHM",
        ops: [o.execute("ALTER TABLE users ADD INDEX ix (email), ALGORITHM=INPLACE, LOCK=NONE")],
      },
      { name: "new table", ops: [users, addTz] },
    ],
  },
  "my/multiple-ddl": {
    fires: [{ name: "two ALTERs", ops: [addTz, o.createIndex("ix", "users", ["tz"])] }],
    quiet: [
      { name: "one ALTER and a data statement", ops: [addTz, o.execute("UPDATE users SET tz = 'UTC'")] },
      // the dependents check reads the catalogue: a contract's one drop stays one DDL statement
      { name: "one ALTER after the dependents check", ops: [o.requireNoDependents("users", ["tz"]), addTz] },
    ],
  },
  "my/unique-index-duplicates": {
    fires: [
      { name: "unique index", ops: [o.createIndex("ix", "users", ["email"], { unique: true })] },
      { name: "unique constraint", ops: [o.addUnique("uq", "users", ["email"])] },
      {
        name: "a unique key narrowed under its name",
        ops: [
          o.addUnique("uq", "users", ["email"], {
            replaces: { existing: { type: "unique", columns: ["tenant", "email"] } },
          }),
        ],
      },
      {
        name: "a plain index made unique",
        ops: [o.addUnique("uq", "users", ["email"], { replaces: { existing: { keys: ["email"] } } })],
      },
    ],
    quiet: [
      { name: "plain index", ops: [o.createIndex("ix", "users", ["email"])] },
      {
        name: "a unique key widened under its name",
        ops: [
          o.addUnique("uq", "users", ["tenant", "email"], {
            replaces: { existing: { type: "unique", columns: ["email"] } },
          }),
        ],
      },
    ],
  },
  "my/add-required-column": {
    fires: [
      {
        name: "NOT NULL without default",
        ops: [o.addColumn("users", { name: "n", type: "int", nullable: false })],
      },
    ],
    quiet: [
      {
        name: "with a default",
        ops: [o.addColumn("users", { name: "n", type: "int", nullable: false, default: "0" })],
      },
    ],
  },
  "my/rename-column": {
    fires: [{ name: "rename", ops: [o.renameColumn("users", "a", "b")] }],
    quiet: [
      { name: "new table", ops: [users, o.renameColumn("users", "id", "user_id")] },
      // column names compare without case: old code's `Email` still finds `email`
      { name: "a new spelling of the same name", ops: [o.renameColumn("users", "Email", "email")] },
    ],
  },
  "my/rename-table": {
    fires: [
      { name: "rename", ops: [o.renameTable("users", "people")] },
      // table names compare exactly (lower_case_table_names = 0 on Linux)
      { name: "a new spelling of the same name", ops: [o.renameTable("users", "Users")] },
    ],
    quiet: [{ name: "new table", ops: [users, o.renameTable("users", "people")] }],
  },
  "my/drop-column": {
    fires: [{ name: "ordinary revision", ops: [o.dropColumn("users", "x")] }],
    quiet: [{ name: "contract revision", ops: [o.dropColumn("users", "x")], header: { phase: "contract" } }],
  },
  "my/drop-table": {
    fires: [{ name: "ordinary revision", ops: [o.dropTable("users")] }],
    quiet: [{ name: "contract revision", ops: [o.dropTable("users")], header: { phase: "contract" } }],
  },
  "my/narrowing-without-values-fit": {
    fires: [
      {
        name: "varchar(100) → varchar(20)",
        ops: [o.alterColumn("users", "name", { type: "varchar(20)", existingType: "varchar(100)" })],
      },
      { name: "bigint → int", ops: [o.alterColumn("users", "n", { type: "int", existingType: "bigint" })] },
      {
        name: "decimal precision down",
        ops: [o.alterColumn("users", "p", { type: "decimal(8,2)", existingType: "decimal(12,2)" })],
      },
      {
        name: "ENUM members removed",
        ops: [o.alterColumn("users", "plan", { type: "enum('free')", existingType: "enum('free','pro')" })],
      },
      {
        name: "text → varchar(n), the prior type from an earlier revision (no existingType)",
        earlier: [o.addColumn("users", { name: "bio", type: "text" })],
        ops: [o.alterColumn("users", "bio", { type: "varchar(200)" })],
      },
      {
        name: "the prior type followed through a rename",
        earlier: [
          o.addColumn("users", { name: "nick", type: "varchar(100)" }),
          o.renameColumn("users", "nick", "handle"),
        ],
        ops: [o.alterColumn("users", "handle", { type: "varchar(10)" })],
      },
      {
        name: "a check of another column",
        ops: [
          o.requireValuesFit("users", "other", "varchar(20)"),
          o.alterColumn("users", "name", { type: "varchar(20)", existingType: "varchar(100)" }),
        ],
      },
    ],
    quiet: [
      {
        name: "with op.requireValuesFit before it",
        ops: [
          o.requireValuesFit("users", "name", "varchar(20)"),
          o.alterColumn("users", "name", { type: "varchar(20)", existingType: "varchar(100)" }),
        ],
      },
      {
        name: "checked under its name before a rename in the revision (as autogenerate writes it)",
        ops: [
          o.requireValuesFit("users", "name", "varchar(20)"),
          o.renameColumn("users", "name", "full_name"),
          o.alterColumn("users", "full_name", { type: "varchar(20)", existingType: "varchar(100)" }),
        ],
      },
      {
        name: "a widening",
        ops: [o.alterColumn("users", "name", { type: "varchar(200)", existingType: "varchar(100)" })],
      },
      {
        name: "ENUM members appended",
        ops: [o.alterColumn("users", "plan", { type: "enum('free','pro')", existingType: "enum('free')" })],
      },
      { name: "the prior type unknown", ops: [o.alterColumn("users", "name", { type: "varchar(20)" })] },
      {
        name: "text → int (the server's own error says it; no check judges it)",
        ops: [o.alterColumn("users", "n", { type: "int", existingType: "text" })],
      },
      {
        name: "a column the revision added",
        ops: [
          o.addColumn("users", { name: "code", type: "varchar(100)" }),
          o.alterColumn("users", "code", { type: "varchar(20)", existingType: "varchar(100)" }),
        ],
      },
    ],
  },
  ...viewRuleCases("my"),
};

function ruleIdsOf(c: Case): string[] {
  const header = { ...headerOf({ id: "r2", upgrade() {}, downgrade() {} }), ...c.header };
  const earlier = {
    header: headerOf({ id: "r1", upgrade() {}, downgrade() {} }),
    operations: c.earlier ?? [],
    queries: [],
  };
  const report = lintRevisions([earlier, { header, operations: c.ops, queries: [] }], {
    rules: c.rules ?? mysqlLintRules,
    dialect: c.dialect ?? { name: "mysql" },
  });
  return report.findings.map((f) => f.ruleId);
}

describe("mysqlLintRules", () => {
  it("has a fire and a quiet case for every rule, and unique ids", () => {
    const ids = mysqlLintRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(RULES).sort()).toEqual([...ids].sort());
  });

  for (const [id, { fires, quiet }] of Object.entries(RULES)) {
    describe(id, () => {
      for (const c of fires) it(`fires: ${c.name}`, () => expect(ruleIdsOf(c)).toContain(id));
      for (const c of quiet) it(`quiet: ${c.name}`, () => expect(ruleIdsOf(c)).not.toContain(id));
    });
  }

  it("does not run on PostgreSQL", () => {
    expect(ruleIdsOf({ name: "pg", ops: [o.dropTable("users")], dialect: { name: "postgresql" } })).toEqual(
      [],
    );
  });

  it("names the server its findings are for: MariaDB, MySQL when a version names it, else both", () => {
    const view = o.createView("active", "SELECT id FROM users");
    const messages = (dialect: { name: string; version?: readonly number[] }) =>
      lintRevisions(
        [
          {
            header: headerOf({ id: "r1", upgrade() {}, downgrade() {} }),
            operations: [users, view, addTz, o.createIndex("ix", "users", ["tz"]), o.dropTable("users")],
            queries: [],
          },
        ],
        { rules: mysqlLintRules, dialect },
      )
        .findings.filter((f) => ["my/multiple-ddl", "my/change-under-view"].includes(f.ruleId))
        .map((f) => f.message);
    const mariadb = messages({ name: "mariadb" });
    expect(mariadb.join("\n")).toMatch(
      /MariaDB commits each one[\s\S]*may leave the view broken \(MariaDB\)/,
    );
    expect(mariadb.join("\n")).not.toContain("MySQL");
    expect(messages({ name: "mysql", version: [8, 0, 36] }).join("\n")).not.toContain("MariaDB");
    // a mysql:// URL without a version: the server may be either
    expect(messages({ name: "mysql" }).join("\n")).toContain("MySQL/MariaDB commits each one");
  });

  it("knows the algorithm of each operation", () => {
    expect(onlineAlgorithm(addTz, { name: "mysql" })).toBe("INSTANT");
    expect(onlineAlgorithm(o.createIndex("ix", "users", ["a"]), { name: "mariadb" })).toBe("INPLACE");
    expect(onlineAlgorithm(o.addForeignKey("fk", "orders", fk), { name: "mysql" })).toBe("COPY");
    expect(onlineAlgorithm(o.dropColumn("users", "a"), { name: "mariadb", version: [10, 3] })).toBe(
      "INPLACE-REBUILD",
    );
    expect(onlineAlgorithm(o.createTable("t", { columns: [] }), { name: "mysql" })).toBeUndefined();
    // a placed column is instant from MariaDB 10.4 / MySQL 8.0.29, a rebuild before
    const placed = o.addColumn("users", { name: "tz", type: "text" }, { after: "id" });
    expect(onlineAlgorithm(placed, { name: "mariadb", version: [10, 11] })).toBe("INSTANT");
    expect(onlineAlgorithm(placed, { name: "mariadb", version: [10, 3] })).toBe("INPLACE-REBUILD");
    expect(onlineAlgorithm(placed, { name: "mysql", version: [8, 0, 28] })).toBe("INPLACE-REBUILD");
    expect(onlineAlgorithm(placed, { name: "mysql", version: [8, 0, 29] })).toBe("INSTANT");
  });

  it("changes an ENUM or SET in place only when members are appended in the same storage size", () => {
    const change = (from: string, to: string, flavour = "mariadb") =>
      onlineAlgorithm(o.alterColumn("orgs", "plan", { type: to, existingType: from }), { name: flavour });
    expect(change("enum('free','pro')", "enum('free','pro','team')")).toBe("INPLACE");
    expect(change("enum('free','pro')", "enum('free','pro','team')", "mysql")).toBe("INPLACE");
    expect(change("set('a','b')", "set('a','b','c')")).toBe("INPLACE");
    expect(change("enum('it''s','b')", "enum('it''s','b','c')")).toBe("INPLACE");
    // in the middle: the stored numbers move; removed or reordered: values change
    expect(change("enum('free','pro')", "enum('free','team','pro')")).toBe("COPY");
    expect(change("enum('free','pro')", "enum('free')")).toBe("COPY");
    expect(change("enum('free','pro')", "enum('pro','free','team')")).toBe("COPY");
    // a ninth SET member needs a second byte per row; a 256th ENUM member too
    const letters = (n: number) => Array.from({ length: n }, (_, i) => `'m${i}'`).join(",");
    expect(change(`set(${letters(8)})`, `set(${letters(9)})`)).toBe("COPY");
    expect(change(`enum(${letters(255)})`, `enum(${letters(256)})`)).toBe("COPY");
    expect(change(`enum(${letters(254)})`, `enum(${letters(255)})`)).toBe("INPLACE");
    expect(change("enum('a','b')", "set('a','b','c')")).toBe("COPY");
  });
});
