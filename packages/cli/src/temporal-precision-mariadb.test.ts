import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mariadbSchemaProject } from "./testing/mariadb-schema-project.js";

// MySQL/MariaDB print a DATETIME of fractional-seconds precision 0 bare (`datetime`), and the
// type judgement read a bare type as the widest, as for varchar or numeric: datetime(3) →
// datetime was a "widening", so check and autogenerate said nothing while the change dropped
// every value's milliseconds (found walking a staged change on MariaDB: 10:00:00.987 became
// 10:00:00 without a word), and datetime → datetime(3) warned of data loss that cannot happen.
const schema = (type: string) => `import { datetime, int, mysqlTable } from "drizzle-orm/mysql-core";
export const events = mysqlTable("events", { id: int("id").primaryKey(), at: datetime("at"${type}) });
`;

const { at, cli, must, writeSchema } = mariadbSchemaProject("fsp", schema(", { fsp: 3 }"));
beforeAll(async () => {
  await at.backend.query("INSERT INTO events VALUES (1, '2020-01-01 10:00:00.987')");
}, 60_000);

const LOSS = "changes events.at from datetime(3) to datetime, which may fail or lose data";

describe("fractional-seconds precision on MariaDB", () => {
  it("datetime(3) → datetime is reported as losing data, in check and in the generated revision", async () => {
    writeSchema(schema(""));
    const check = await cli("check");
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("~ column events.at: type datetime(3) → datetime");
    expect(check.stdout).toContain(`WARNING: step 1 ${LOSS}`);
    const made = await must(
      "revision",
      "--autogenerate",
      "--no-stage",
      "-m",
      "seconds",
      "--rev-id",
      "b00000000001",
    );
    expect(made.stdout).toContain(LOSS);
    const dir = join(at.project, "migrations", "versions");
    const file = readdirSync(dir).find((f) => f.startsWith("b00000000001"));
    const text = readFileSync(join(dir, file ?? ""), "utf8");
    const upgrade = text.slice(text.indexOf("upgrade(op)"), text.indexOf("downgrade("));
    expect(upgrade).toContain(`// WARNING(athanor): drops data — ${LOSS}`);
  }, 180_000);

  it("datetime → datetime(6) is a widening: no data-loss warning", async () => {
    await must("upgrade");
    expect(await at.backend.query("SELECT CAST(at AS CHAR) AS at FROM events")).toEqual([
      { at: "2020-01-01 10:00:00" },
    ]);
    writeSchema(schema(", { fsp: 6 }"));
    const check = await cli("check");
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("~ column events.at: type datetime → datetime(6)");
    expect(check.stdout).not.toContain("lose data");
  }, 180_000);
});
