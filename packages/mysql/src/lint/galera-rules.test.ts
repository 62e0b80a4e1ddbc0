import { headerOf, lintRevisions, type Operation, operations as o } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { createMysqlLintRules, mysqlLintRules } from "../lint-rules.js";

const galera = createMysqlLintRules({ galera: true });
const id = [{ name: "id", type: "bigint", nullable: false }];

function findings(ops: readonly Operation[], rules = galera) {
  const header = headerOf({ id: "r1", upgrade() {}, downgrade() {} });
  return lintRevisions([{ header, operations: ops, queries: [] }], { rules, dialect: { name: "mariadb" } })
    .findings;
}

const CASES: Record<string, { fires: readonly Operation[][]; quiet: readonly Operation[][] }> = {
  "my/galera-no-primary-key": {
    fires: [[o.createTable("events", { columns: id })]],
    quiet: [
      [o.createTable("events", { columns: id, primaryKey: ["id"] })],
      [o.createTable("events", { columns: id }), o.addPrimaryKey("pk", "events", ["id"])],
    ],
  },
  "my/galera-primary-key-dropped": {
    fires: [[o.dropConstraint("PRIMARY", "events")]],
    quiet: [
      [o.dropConstraint("PRIMARY", "events"), o.addPrimaryKey("PRIMARY", "events", ["id", "at"])],
      [o.dropConstraint("events_name_key", "events")],
    ],
  },
  "my/galera-non-innodb": {
    fires: [
      [o.execute("CREATE TABLE cache (k int PRIMARY KEY) ENGINE=MyISAM")],
      [o.execute("ALTER TABLE t ENGINE = Aria")],
    ],
    quiet: [[o.execute("CREATE TABLE cache (k int PRIMARY KEY) ENGINE=InnoDB")]],
  },
  "my/galera-node-local-lock": {
    fires: [
      [o.execute("LOCK TABLES accounts WRITE")],
      [o.execute("FLUSH TABLES accounts WITH READ LOCK")],
      [o.execute("DO GET_LOCK('cron', 10)")],
    ],
    quiet: [[o.execute("UPDATE accounts SET locked = 1 WHERE id = 4")]],
  },
};

describe("Galera lint rules (mysql: { galera: true })", () => {
  for (const [rule, { fires, quiet }] of Object.entries(CASES)) {
    describe(rule, () => {
      for (const [n, ops] of fires.entries()) {
        it(`fires #${n + 1}`, () => {
          const hit = findings(ops).filter((f) => f.ruleId === rule);
          expect(hit).toHaveLength(1);
          expect(hit[0]?.severity).toBe("error");
        });
      }
      for (const [n, ops] of quiet.entries()) {
        it(`quiet #${n + 1}`, () => expect(findings(ops).map((f) => f.ruleId)).not.toContain(rule));
      }
    });
  }

  it("are off without the setting: a table without a primary key is fine on a single server", () => {
    const ids = findings([o.createTable("events", { columns: id })], mysqlLintRules).map((f) => f.ruleId);
    expect(ids.filter((r) => r.startsWith("my/galera-"))).toEqual([]);
    expect(
      galera
        .filter((r) => r.id.startsWith("my/galera-"))
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.keys(CASES).sort());
  });
});
