import type { Snapshot, UserView } from "../app/user-service.js";

/** What the traffic last wrote for one user: the truth the database must agree with. */
export interface ExpectedUser {
  displayName: string;
  /** Set only once v2 wrote it; v1 cannot see or write timezones. */
  timezone: string | undefined;
  orders: number;
}

/**
 * The expected state of every user, kept by the traffic as its writes succeed. Each client
 * owns its own users (no two clients write the same row), so every value is exact, and a read
 * that disagrees is a wrong answer, not a race.
 *
 * @example
 * ```ts
 * const ledger = Ledger.fromSnapshot(await v1.snapshot());
 * ledger.compare(await v2.snapshot(), "v2"); // [] when nothing was lost
 * ```
 */
export class Ledger {
  readonly users = new Map<number, ExpectedUser>();

  /** Starts from what the database holds (after seeding). */
  static fromSnapshot(snapshot: Snapshot): Ledger {
    const ledger = new Ledger();
    for (const user of snapshot.users) {
      ledger.users.set(user.id, {
        displayName: user.displayName,
        timezone: user.timezone,
        orders: snapshot.orderCounts.get(user.id) ?? 0,
      });
    }
    return ledger;
  }

  /** Ids owned by client `index` of `clients`: a fixed share of the seeded users. */
  idsOf(index: number, clients: number): number[] {
    return [...this.users.keys()].filter((_, position) => position % clients === index);
  }

  get orders(): number {
    let total = 0;
    for (const user of this.users.values()) total += user.orders;
    return total;
  }

  /** Why a read disagrees with what was written, or undefined when it agrees. */
  mismatch(id: number, seen: UserView | undefined, version: "v1" | "v2"): string | undefined {
    const want = this.users.get(id);
    if (want === undefined) return undefined;
    if (seen === undefined) return `user ${id} is missing`;
    if (seen.displayName !== want.displayName)
      return `user ${id}: ${version} read name "${seen.displayName}", expected "${want.displayName}"`;
    if (version === "v2" && want.timezone !== undefined && seen.timezone !== want.timezone)
      return `user ${id}: v2 read timezone "${seen.timezone}", expected "${want.timezone}"`;
    return undefined;
  }

  /**
   * Every difference between the ledger and a full read of the database: missing or extra
   * users, wrong names or timezones, wrong order counts. Empty means no data was lost.
   */
  compare(snapshot: Snapshot, version: "v1" | "v2"): string[] {
    const problems: string[] = [];
    const seen = new Map(snapshot.users.map((u) => [u.id, u]));
    for (const [id, want] of this.users) {
      const problem = this.mismatch(id, seen.get(id), version);
      if (problem !== undefined) problems.push(problem);
      const orders = snapshot.orderCounts.get(id) ?? 0;
      if (orders !== want.orders) problems.push(`user ${id}: ${orders} orders, expected ${want.orders}`);
    }
    for (const id of seen.keys())
      if (!this.users.has(id)) problems.push(`user ${id} exists but was never written`);
    if (snapshot.orders !== this.orders)
      problems.push(`${snapshot.orders} orders in total, expected ${this.orders}`);
    return problems;
  }
}
