import { describe, expect, test } from "vitest";
import type { Dialect } from "../dialect/dialect.js";
import { isAthanorError } from "../errors.js";
import { currentFleet, downgradeFleet, schemaTargets, stampFleet, upgradeFleet } from "../fleet/index.js";
import type { Op } from "../ops/op.js";
import { defineRevision } from "../revision/revision.js";
import { FLEET_HISTORY, FLEET_REVISIONS } from "./fleet-history.js";

/** What the fleet suite needs from a dialect's test setup: a server and tenants on it. */
export interface FleetSuiteServer {
  /** A dialect on the server; the suite counts its `connect()` calls. */
  dialect(): Dialect;
  /** Creates the tenants (PostgreSQL schemas, MySQL databases), dropping any of the same name. */
  createTenants(names: readonly string[]): Promise<void>;
  /** Runs one statement in a tenant (the suite's setup and checks); names come quoted with the dialect's quoteIdent. */
  queryIn(tenant: string, sql: string): Promise<readonly Record<string, unknown>[]>;
  /** A name prefix of this test file, so files never share tenants. */
  readonly prefix: string;
  /** A statement that sleeps `seconds` on the server (`SELECT pg_sleep(3)`). */
  sleepSql(seconds: number): string;
  /** A query whose column `s` names the schema or database the session is switched to. */
  readonly currentTenantSql: string;
}

const revisions = FLEET_HISTORY;
const head = [FLEET_REVISIONS[FLEET_REVISIONS.length - 1] as string];

/** A dialect whose sessions are counted, to prove the pool reuses them. */
function counted(dialect: Dialect): { dialect: Dialect; opened: () => number } {
  let opened = 0;
  const wrapped: Dialect = Object.create(dialect, {
    connect: {
      value: () => {
        opened += 1;
        return dialect.connect();
      },
    },
  });
  return { dialect: wrapped, opened: () => opened };
}

/**
 * Fleets of tenants on one server: 30 tenants through five revisions with a backfill, one broken
 * tenant recorded while the rest proceed, resume, canary, halt rules, phases fleet-wide, two
 * fleets racing, hostile tenant names, and sessions reused across tenants.
 *
 * @example
 * ```ts
 * describeFleetSuite("PostgreSQL 15", async () => ({ prefix: "fleetpg", dialect, createTenants, queryIn }));
 * ```
 */
export function describeFleetSuite(name: string, open: () => Promise<FleetSuiteServer>): void {
  describe(`fleets on ${name}`, () => {
    const names = (server: FleetSuiteServer, group: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${server.prefix}_${group}_${String(i).padStart(2, "0")}`);
    const heads = async (server: FleetSuiteServer, tenant: string) =>
      (await server.queryIn(tenant, "SELECT version_num FROM athanor_version")).map((r) =>
        String(r.version_num),
      );
    const appliedRuns = async (server: FleetSuiteServer, tenant: string) =>
      (
        await server.queryIn(
          tenant,
          "SELECT revision FROM athanor_version_history WHERE direction = 'upgrade' AND status = 'ok' ORDER BY id",
        )
      ).map((r) => String(r.revision));

    test("30 tenants: one broken tenant fails with its reason, the others reach head, on at most `concurrency` sessions; a second run only touches the repaired one", async () => {
      const server = await open();
      const tenants = names(server, "main", 30);
      await server.createTenants(tenants);
      const broken = tenants[7] as string;
      await server.queryIn(broken, "CREATE TABLE audit (id integer PRIMARY KEY)");
      const { dialect, opened } = counted(server.dialect());
      const seen: string[] = [];
      const fleet = await upgradeFleet({
        revisions,
        targets: schemaTargets(dialect, tenants),
        concurrency: 4,
        onTarget: (r) => seen.push(r.target),
      });
      // every failure with its code and message, so an unexpected one says why
      expect(
        fleet.records
          .filter((r) => r.status === "failed" && r.target !== tenants[7])
          .map((r) => [r.target, r.error?.code, r.error?.message]),
      ).toEqual([]);
      expect(fleet.counts).toEqual({ changed: 29, unchanged: 0, failed: 1, skipped: 0 });
      expect(fleet.halted).toBeUndefined();
      expect(seen.sort()).toEqual([...tenants].sort());
      const bad = fleet.records.find((r) => r.target === broken);
      expect(bad).toMatchObject({ status: "failed", revisions: ["f1", "f2", "f3"], after: ["f3"] });
      expect(bad?.error).toMatchObject({ code: "ATHANOR_MIGRATION_FAILED", revision: "f4" });
      expect(bad?.error?.message).toMatch(/audit/);
      for (const record of fleet.records.filter((r) => r.target !== broken))
        expect(record).toMatchObject({ status: "changed", revisions: [...FLEET_REVISIONS], after: head });
      // the session that failed is ended, never handed to the next tenant; the rest are reused
      // (one more: the bulk read of every tenant's heads before the run)
      expect(opened()).toBeLessThanOrEqual(4 + 1 + 1);
      // the backfill ran in every tenant's own table
      for (const tenant of [tenants[0], tenants[29]] as string[])
        expect(await server.queryIn(tenant, "SELECT email_lower FROM users ORDER BY id")).toEqual([
          { email_lower: "a@example.com" },
          { email_lower: "b@example.com" },
          { email_lower: null },
        ]);

      await server.queryIn(broken, "DROP TABLE audit");
      const again = await upgradeFleet({
        revisions,
        targets: schemaTargets(dialect, tenants),
        concurrency: 4,
      });
      expect(again.counts).toEqual({ changed: 1, unchanged: 29, failed: 0, skipped: 0 });
      expect(again.records.find((r) => r.status === "changed")).toMatchObject({
        target: broken,
        before: ["f3"],
        revisions: ["f4", "f5"],
      });
      for (const tenant of tenants) expect(await appliedRuns(server, tenant)).toEqual([...FLEET_REVISIONS]);
      // at head, the bulk read is all: one session, no tenant locked or touched
      const sessionsBefore = opened();
      const atHead = await upgradeFleet({
        revisions,
        targets: schemaTargets(dialect, tenants),
        concurrency: 4,
      });
      expect(atHead.counts).toEqual({ changed: 0, unchanged: 30, failed: 0, skipped: 0 });
      expect(opened() - sessionsBefore).toBe(1);
      const checked = await upgradeFleet({
        revisions,
        targets: schemaTargets(dialect, tenants),
        prescan: false,
      });
      expect(checked.counts.unchanged).toBe(30);

      const read = await currentFleet({
        revisions,
        targets: schemaTargets(dialect, tenants),
        concurrency: 8,
      });
      expect(new Set(read.records.map((r) => r.after.join()))).toEqual(new Set(["f5"]));
      const down = await downgradeFleet({
        revisions,
        targets: schemaTargets(dialect, tenants.slice(0, 3)),
        target: "f3",
      });
      expect(down.records.map((r) => r.revisions)).toEqual(Array(3).fill(["f5", "f4"]));
      expect(await heads(server, tenants[0] as string)).toEqual(["f3"]);
    }, 240_000);

    test("a failing canary stops the fleet: nothing else is touched and the rest are recorded as skipped", async () => {
      const server = await open();
      const tenants = names(server, "canary", 6);
      await server.createTenants(tenants);
      await server.queryIn(tenants[0] as string, "CREATE TABLE audit (id integer PRIMARY KEY)");
      const fleet = await upgradeFleet({
        revisions,
        targets: schemaTargets(server.dialect(), tenants),
        canary: 1,
        wave: 2,
        concurrency: 3,
      });
      expect(fleet.records.map((r) => [r.status, r.wave, r.canary])).toEqual([
        ["failed", 0, true],
        ["skipped", 1, false],
        ["skipped", 1, false],
        ["skipped", 2, false],
        ["skipped", 2, false],
        ["skipped", 3, false],
      ]);
      expect(fleet.halted?.code).toBe("ATHANOR_FLEET_HALTED");
      expect(fleet.halted?.meta).toMatchObject({ reason: "canary", failed: 1, skipped: 5 });
      // never touched: no version table was created
      await expect(heads(server, tenants[1] as string)).rejects.toThrow();
    }, 120_000);

    test("halt rules: after F failures nothing more is launched; waves of a percentage", async () => {
      const server = await open();
      const tenants = names(server, "halt", 8);
      await server.createTenants(tenants);
      for (const bad of [tenants[1], tenants[2]] as string[])
        await server.queryIn(bad, "CREATE TABLE audit (id integer PRIMARY KEY)");
      const fleet = await upgradeFleet({
        revisions,
        targets: schemaTargets(server.dialect(), tenants),
        concurrency: 1,
        wave: "50%",
        haltAfter: 2,
      });
      expect(fleet.records.map((r) => r.status)).toEqual([
        "changed",
        "failed",
        "failed",
        "skipped",
        "skipped",
        "skipped",
        "skipped",
        "skipped",
      ]);
      expect(fleet.halted?.meta).toMatchObject({ reason: "halt-after", failed: 2 });
      expect(fleet.records.map((r) => r.wave)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    }, 120_000);

    test("phases fleet-wide: expand and migrate everywhere, contract refused until every tenant finished them", async () => {
      const server = await open();
      const tenants = names(server, "phase", 5);
      await server.createTenants(tenants);
      const targets = schemaTargets(server.dialect(), tenants);
      const early = await upgradeFleet({ revisions, targets: targets.slice(0, 3), phase: "migrate" });
      expect(early.records.map((r) => [r.after, r.heldBack])).toEqual(Array(3).fill([["f4"], ["f5"]]));
      const refused = await upgradeFleet({ revisions, targets, phase: "contract" }).catch((e: unknown) => e);
      expect(isAthanorError(refused) && refused.code).toBe("ATHANOR_FLEET_NOT_EXPANDED");
      expect(isAthanorError(refused) && refused.meta).toMatchObject({ targets: tenants.slice(3), count: 2 });
      expect(await heads(server, tenants[0] as string)).toEqual(["f4"]);
      await upgradeFleet({ revisions, targets, phase: "migrate" });
      const contract = await upgradeFleet({ revisions, targets, phase: "contract" });
      expect(contract.records.map((r) => r.revisions)).toEqual(Array(5).fill(["f5"]));
    }, 120_000);

    test("two fleets racing over 50 tenants apply each revision exactly once per tenant and both finish", async () => {
      const server = await open();
      const tenants = names(server, "race", 50);
      await server.createTenants(tenants);
      // two dialect objects: two pools, as two processes would have
      const [a, b] = await Promise.all([
        upgradeFleet({
          revisions,
          targets: schemaTargets(server.dialect(), tenants),
          concurrency: 4,
          lockPollMs: 10,
        }),
        upgradeFleet({
          revisions,
          targets: schemaTargets(server.dialect(), [...tenants].reverse()),
          concurrency: 4,
          lockPollMs: 10,
        }),
      ]);
      const failures = [...a.records, ...b.records]
        .filter((r) => r.status === "failed")
        .map((r) => [r.target, r.error?.code, r.error?.message]);
      expect(failures).toEqual([]);
      expect(a.counts.changed + b.counts.changed).toBe(50);
      for (const tenant of tenants) {
        expect(await appliedRuns(server, tenant)).toEqual([...FLEET_REVISIONS]);
        expect(await heads(server, tenant)).toEqual(head);
      }
    }, 240_000);

    test("hostile tenant names are quoted, never spliced; control characters are refused before anything connects", async () => {
      const server = await open();
      const hostile = [
        `${server.prefix}_q"uote`,
        `${server.prefix}_b\`tick`,
        `${server.prefix}_semi; DROP TABLE x; --`,
        `${server.prefix}_sp ace'`,
        `${server.prefix}_ünï`,
      ];
      await server.createTenants(hostile);
      const fleet = await upgradeFleet({
        revisions,
        targets: schemaTargets(server.dialect(), hostile),
        concurrency: 2,
      });
      expect(fleet.records.map((r) => [r.target, r.status, r.after])).toEqual(
        hostile.map((t) => [t, "changed", head]),
      );
      for (const tenant of hostile) expect(await heads(server, tenant)).toEqual(head);

      const { dialect, opened } = counted(server.dialect());
      for (const bad of [
        `${server.prefix}_nl\nx`,
        `${server.prefix}_esc\u001b[31m`,
        "",
        `${server.prefix}_del\u007f`,
      ]) {
        const refused = await upgradeFleet({
          revisions,
          targets: schemaTargets(dialect, [hostile[0] as string, bad]),
        }).catch((e: unknown) => e);
        expect(isAthanorError(refused) && refused.code).toBe("ATHANOR_FLEET_TARGET_INVALID");
      }
      expect(opened()).toBe(0);
    }, 120_000);

    test("a target past its timeout is stopped and recorded as ATHANOR_FLEET_TIMEOUT; the others finish", async () => {
      const server = await open();
      const tenants = names(server, "slow", 3);
      await server.createTenants(tenants);
      const slow = tenants[1] as string;
      const sleepy = [
        defineRevision({
          id: "s1",
          parents: [],
          message: "sleep in one tenant",
          async upgrade(op: Op) {
            op.createTable("marks", {
              columns: [{ name: "id", type: "integer", nullable: false }],
              primaryKey: ["id"],
            });
            const [row] = await op.query(server.currentTenantSql);
            op.execute(String(row?.s) === slow ? server.sleepSql(10) : "SELECT 1");
          },
          downgrade(op: Op) {
            op.dropTable("marks");
          },
        }),
      ];
      const fleet = await upgradeFleet({
        revisions: sleepy,
        targets: schemaTargets(server.dialect(), tenants),
        timeoutMs: 3000,
      });
      expect(fleet.records.map((r) => r.status)).toEqual(["changed", "failed", "changed"]);
      expect(fleet.records[1]?.error).toMatchObject({
        code: "ATHANOR_FLEET_TIMEOUT",
        meta: { target: slow, timeoutMs: 3000 },
      });
      // the version table agrees with the history: the revision is recorded only if it completed
      // (MySQL sends a revision's last statement and its bookkeeping in one round trip)
      const recorded = (await server.queryIn(slow, "SELECT version_num FROM athanor_version")).map(
        (r) => r.version_num,
      );
      const completed = await appliedRuns(server, slow);
      expect(recorded).toEqual(completed.includes("s1") ? ["s1"] : []);
    }, 120_000);

    test("stamp across the fleet records without running; a fleet can be aborted", async () => {
      const server = await open();
      const tenants = names(server, "stamp", 4);
      await server.createTenants(tenants);
      const stamped = await stampFleet({
        revisions,
        targets: schemaTargets(server.dialect(), tenants),
        stamp: ["f2"],
      });
      expect(stamped.records.map((r) => [r.status, r.after])).toEqual(Array(4).fill(["changed", ["f2"]]));
      const controller = new AbortController();
      controller.abort("SIGINT");
      const aborted = await upgradeFleet({
        revisions,
        targets: schemaTargets(server.dialect(), tenants),
        signal: controller.signal,
      });
      expect(aborted.counts.skipped).toBe(4);
      expect(aborted.halted?.meta).toMatchObject({ reason: "aborted" });
    }, 120_000);
  });
}
