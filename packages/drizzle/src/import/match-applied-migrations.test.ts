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
const all = [
  migration("0000_a", 100),
  migration("0001_b", 200),
  migration("0002_c", 300),
  migration("0003_d", 400),
];
const rowAt = (list: readonly DrizzleKitMigration[], i: number) => row(list[i] ?? migration("missing", 0));

describe("matchAppliedMigrations", () => {
  it("stamps the end of the applied prefix and leaves newer migrations pending", () => {
    const m = matchAppliedMigrations(all, [rowAt(all, 0), rowAt(all, 1)]);
    expect(m.statuses).toEqual(["applied", "applied", "pending", "pending"]);
    expect(m.stampIndex).toBe(1);
    expect(catchUpCommands(["a", "b", "c", "d"], m.statuses, m.stampIndex)).toEqual([]);
  });

  it("reports a migration older than the newest row as skipped and does not stamp past it", () => {
    const m = matchAppliedMigrations(all, [rowAt(all, 0), rowAt(all, 2), rowAt(all, 3)]);
    expect(m.statuses).toEqual(["applied", "skipped", "applied", "applied"]);
    expect(m.stampIndex).toBe(0);
    expect(catchUpCommands(["a", "b", "c", "d"], m.statuses, m.stampIndex)).toEqual([
      "athanor upgrade b",
      "athanor stamp d",
    ]);
  });

  it("recognises an applied migration edited afterwards by its created_at, and rows of unknown migrations", () => {
    const stranger: DrizzleMigrationsRow = { hash: "f".repeat(64), createdAt: 50, name: null };
    const m = matchAppliedMigrations(all, [
      stranger,
      rowAt(all, 0),
      { ...rowAt(all, 1), hash: "0".repeat(64) },
    ]);
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
    const m = matchAppliedMigrations(five, [rowAt(five, 1), rowAt(five, 3), rowAt(five, 4)]);
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
