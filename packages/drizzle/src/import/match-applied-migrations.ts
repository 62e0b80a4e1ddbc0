import type { DrizzleKitMigration } from "./read-drizzle-kit-folder.js";

/**
 * One row of drizzle's `__drizzle_migrations` table. `name` exists from drizzle-kit 1.0 on.
 *
 * @example
 * ```ts
 * const row: DrizzleMigrationsRow = { hash: "9f2c…", createdAt: 1735689600000, name: null };
 * ```
 */
export interface DrizzleMigrationsRow {
  readonly hash: string;
  readonly createdAt: number | null;
  readonly name: string | null;
}

/**
 * What drizzle's table says about one migration:
 * - `applied`: a row has its hash (or, in 1.0, its name);
 * - `appliedChanged`: no row has its hash but one has its `when` as `created_at`: it ran, and
 *   the file was edited afterwards;
 * - `skipped`: not applied although newer migrations are: drizzle's migrator only applies
 *   migrations newer than the newest row, so it will never run this one (generated earlier,
 *   merged later);
 * - `pending`: newer than every row, the ordinary not-yet-applied case.
 */
export type AppliedStatus = "applied" | "appliedChanged" | "skipped" | "pending";

/**
 * The database's drizzle history matched against the folder's.
 *
 * @example
 * ```ts
 * const m = matchAppliedMigrations(history.migrations, rows);
 * m.stampIndex; // 2: migrations 0..2 ran, stamp the third revision
 * ```
 */
export interface AppliedMatch {
  /** One per migration, in folder order. */
  readonly statuses: readonly AppliedStatus[];
  /** The last index of the unbroken applied prefix (-1: none), i.e. the revision to stamp. */
  readonly stampIndex: number;
  /** Rows that match no migration of the folder (by hash, name or time). */
  readonly unknownRows: readonly DrizzleMigrationsRow[];
}

/**
 * Matches `__drizzle_migrations` rows to a folder's migrations, by sha256 hash as drizzle
 * records it (by name too for drizzle-kit 1.0 tables), falling back to `created_at` = `when`
 * to recognise a migration edited after it ran. The stamp point is the end of the unbroken
 * applied prefix: stamping past a skipped migration would mark it applied when it never ran.
 *
 * @example
 * ```ts
 * matchAppliedMigrations([m0, m1, m2], [{ hash: m0.hash, createdAt: m0.when, name: null },
 *   { hash: m2.hash, createdAt: m2.when, name: null }]).statuses; // ["applied", "skipped", "applied"]
 * ```
 */
export function matchAppliedMigrations(
  migrations: readonly DrizzleKitMigration[],
  rows: readonly DrizzleMigrationsRow[],
): AppliedMatch {
  const used = new Set<DrizzleMigrationsRow>();
  const take = (row: DrizzleMigrationsRow | undefined): boolean => {
    if (row === undefined) return false;
    used.add(row);
    return true;
  };
  const exact = migrations.map((m) =>
    take(rows.find((r) => !used.has(r) && (r.hash === m.hash || (r.name !== null && r.name === m.tag)))),
  );
  const byTime = migrations.map(
    (m, i) => !exact[i] && take(rows.find((r) => !used.has(r) && r.createdAt === m.when)),
  );
  const newest = Math.max(-Infinity, ...rows.map((r) => r.createdAt ?? -Infinity));
  const statuses = migrations.map((m, i): AppliedStatus => {
    if (exact[i]) return "applied";
    if (byTime[i]) return "appliedChanged";
    return m.when <= newest ? "skipped" : "pending";
  });
  const gap = statuses.findIndex((s) => s === "skipped" || s === "pending");
  return {
    statuses,
    stampIndex: gap === -1 ? migrations.length - 1 : gap - 1,
    unknownRows: rows.filter((r) => !used.has(r)),
  };
}

/**
 * The commands that finish an adoption after a gap: walk past the stamp point, `upgrade` each
 * migration that never ran and `stamp` each run of migrations that drizzle already applied.
 *
 * @example
 * ```ts
 * catchUpCommands(["a", "b", "c", "d"], ["applied", "skipped", "applied", "pending"], 0);
 * // ["athanor upgrade b", "athanor stamp c"]
 * ```
 */
export function catchUpCommands(
  ids: readonly string[],
  statuses: readonly AppliedStatus[],
  stampIndex: number,
): string[] {
  const lastApplied = statuses.findLastIndex((s) => s === "applied" || s === "appliedChanged");
  const commands: string[] = [];
  for (let i = stampIndex + 1; i <= lastApplied; i++) {
    const ran = statuses[i] === "applied" || statuses[i] === "appliedChanged";
    if (!ran) commands.push(`athanor upgrade ${ids[i]}`);
    else if (!(statuses[i + 1] === "applied" || statuses[i + 1] === "appliedChanged") || i === lastApplied)
      commands.push(`athanor stamp ${ids[i]}`);
  }
  return commands;
}
