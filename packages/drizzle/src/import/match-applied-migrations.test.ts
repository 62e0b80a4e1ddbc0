import { describe, expect, it } from "vitest";
import {
  catchUpCommands,
  type DrizzleMigrationsRow,
  matchAppliedMigrations,
} from "./match-applied-migrations.js";
import { type DrizzleKitMigration, drizzleKitHash } from "./read-drizzle-kit-folder.js";

function migration(tag: string, when: number, sql = `-- ${tag}`): DrizzleKitMigration {
  return { tag, when, file: `${tag}.sql`, sql, hash: drizzleKitHash(sql), statements: [sql], snapshot: null };
}
const row = (m: DrizzleKitMigration, hash = m.hash): DrizzleMigrationsRow => ({
  hash,
  createdAt: m.when,
  name: null,
});
const [a, b, c, d] = [
  migration("0000_a", 100),
  migration("0001_b", 200),
  migration("0002_c", 300),
  migration("0003_d", 400),
];
const all = [a, b, c, d] as DrizzleKitMigration[];

describe("matchAppliedMigrations", () => {
  it("stamps the end of the applied prefix and leaves newer migrations pending", () => {
    const m = matchAppliedMigrations(all, [row(all[0]!), row(all[1]!)]);
    expect(m.statuses).toEqual(["applied", "applied", "pending", "pending"]);
    expect(m.stampIndex).toBe(1);
    expect(catchUpCommands(["a", "b", "c", "d"], m.statuses, m.stampIndex)).toEqual([]);
  });

  it("reports a migration older than the newest row as skipped and does not stamp past it", () => {
    const m = matchAppliedMigrations(all, [row(all[0]!), row(all[2]!), row(all[3]!)]);
    expect(m.statuses).toEqual(["applied", "skipped", "applied", "applied"]);
    expect(m.stampIndex).toBe(0);
    expect(catchUpCommands(["a", "b", "c", "d"], m.statuses, m.stampIndex)).toEqual([
      "athanor upgrade b",
      "athanor stamp d",
    ]);
  });

  it("recognises an applied migration edited afterwards by its created_at, and rows of unknown migrations", () => {
    const stranger: DrizzleMigrationsRow = { hash: "f".repeat(64), createdAt: 50, name: null };
    const m = matchAppliedMigrations(all, [stranger, row(all[0]!), row(all[1]!, "0".repeat(64))]);
    expect(m.statuses).toEqual(["applied", "appliedChanged", "pending", "pending"]);
    expect(m.stampIndex).toBe(1);
    expect(m.unknownRows).toEqual([stranger]);
  });

  it("matches drizzle-kit 1.0 rows by name", () => {
    const m = matchAppliedMigrations(all, [{ hash: "x", createdAt: null, name: "0000_a" }]);
    expect(m.statuses[0]).toBe("applied");
  });

  it("alternates upgrade and stamp over several gaps", () => {
    const five = [...all, migration("0004_e", 500)];
    const m = matchAppliedMigrations(five, [row(five[1]!), row(five[3]!), row(five[4]!)]);
    expect(m.statuses).toEqual(["skipped", "applied", "skipped", "applied", "applied"]);
    expect(m.stampIndex).toBe(-1);
    expect(catchUpCommands(["a", "b", "c", "d", "e"], m.statuses, m.stampIndex)).toEqual([
      "athanor upgrade a",
      "athanor stamp b",
      "athanor upgrade c",
      "athanor stamp e",
    ]);
  });
});
