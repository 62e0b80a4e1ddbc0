import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mariadbSchemaProject } from "./testing/mariadb-schema-project.js";

// A staged type change of a NOT NULL column with a default: the contract dropped the sync
// trigger, dropped the old column, renamed the new one into its place and only then set the
// default. MariaDB commits each statement, so from the trigger's drop to the default every insert
// of the new code that leaves the column to its default failed (Field 'qty_new' doesn't have a
// default value) — found walking expand → migrate → contract on MariaDB. The default now goes on
// the new column while the trigger still fills it. The contract's statements (its --sql) run one
// by one here, with the new code's insert after each.
const mysql = createRequire(createRequire(import.meta.url).resolve("@athanor/mysql"))("mysql2/promise") as {
  createConnection(url: string): Promise<{ query(sql: string): Promise<unknown>; end(): Promise<void> }>;
};

/** The statements of a mysql-client script: `;` ends one, or the delimiter a DELIMITER line sets. */
function splitScript(script: string): string[] {
  const statements: string[] = [];
  let delimiter = ";";
  let current: string[] = [];
  for (const line of script.split("\n")) {
    const set = /^DELIMITER (\S+)$/.exec(line);
    if (set !== null) delimiter = set[1] ?? ";";
    else if (current.length > 0 || !(line.startsWith("--") || line.trim() === "")) current.push(line);
    if (set === null && line.endsWith(delimiter)) {
      statements.push(current.join("\n").slice(0, -delimiter.length).trim());
      current = [];
    }
  }
  return statements;
}

const schema = (type: "int" | "bigint") => `import { bigint, int, mysqlTable } from "drizzle-orm/mysql-core";
export const items = mysqlTable("items", { id: int("id").primaryKey(), qty: ${
  type === "int" ? 'int("qty")' : 'bigint("qty", { mode: "number" })'
}.notNull().default(7) });
`;

// mariadb://: the offline script is rendered for MariaDB (a mysql:// URL renders for MySQL 8.0)
const { at, must, writeSchema } = mariadbSchemaProject("contractdefault", schema("int"), (url) =>
  url.replace(/^mysql:/, "mariadb:"),
);
beforeAll(async () => {
  writeSchema(schema("bigint"));
  await must("revision", "--autogenerate", "-m", "qty bigint", "--rev-id", "b00000000001");
  await must("upgrade", "--phase", "expand");
}, 180_000);

describe("the contract of a staged type change on MariaDB", () => {
  it("keeps new code's inserts that leave the column to its default working after every statement", async () => {
    // the contract alone: the range after the migrate revision
    const versions = join(at.project, "migrations", "versions");
    const migrate = readdirSync(versions).find((f) => f.includes("_migrate")) ?? "";
    const migrateId = /id: "([^"]+)"/.exec(readFileSync(join(versions, migrate), "utf8"))?.[1];
    const sql = (await must("upgrade", "--sql", `${migrateId}:heads`)).stdout;
    expect(sql).toContain("(contract)");
    expect(sql).not.toContain("(migrate");
    const statements = splitScript(sql);
    expect(statements.some((s) => s.startsWith("DROP TRIGGER"))).toBe(true);
    const migration = await mysql.createConnection(at.backend.env.DATABASE_URL ?? "");
    const app = await mysql.createConnection(at.backend.env.DATABASE_URL ?? "");
    await app.query("SET SESSION lock_wait_timeout = 10, SESSION innodb_lock_wait_timeout = 10");
    const failed: string[] = [];
    try {
      for (const [i, statement] of statements.entries()) {
        await migration.query(statement);
        try {
          await app.query(`INSERT INTO items (id) VALUES (${100 + i})`);
        } catch (error) {
          failed.push(`after ${statement.slice(0, 60)}: ${(error as Error).message}`);
        }
      }
    } finally {
      await migration.end();
      await app.end();
    }
    expect(failed).toEqual([]);
    expect(await at.backend.query("SELECT COUNT(*) AS n FROM items WHERE qty = 7")).toEqual([
      { n: statements.length },
    ]);
    expect(
      await at.backend.query(
        "SELECT COLUMN_TYPE AS t, COLUMN_DEFAULT AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items' AND COLUMN_NAME = 'qty'",
      ),
    ).toEqual([{ t: "bigint(20)", d: "7" }]);
  }, 180_000);
});
