import { afterAll, beforeAll } from "vitest";
import type { MysqlConnection } from "../mysql-driver.js";
import { type GaleraCluster, startGaleraCluster } from "./galera-cluster.js";

/** The cluster of one test file and what every Galera test file uses of it. */
export interface SharedGaleraCluster {
  /** The running cluster (set once `beforeAll` ran). */
  readonly cluster: GaleraCluster;
  /** A session on node 1 without a default database. */
  readonly admin: MysqlConnection;
  /** Rows of `sql` in `database` on node `index` once the cluster applied everything before. */
  synced<T>(index: number, sql: string): Promise<T[]>;
}

/**
 * One 3-node Galera cluster for the calling test file (a start costs ~15 s, so every test of a
 * file shares it): started in `beforeAll` with `database` created on it, stopped in `afterAll`.
 *
 * @example
 * ```ts
 * const galera = useGaleraCluster("galera_lock_test");
 * test("…", async () => void (await galera.synced(2, "SELECT 1")));
 * ```
 */
export function useGaleraCluster(database: string): SharedGaleraCluster {
  let cluster: GaleraCluster | undefined;
  let admin: MysqlConnection | undefined;
  beforeAll(async () => {
    cluster = await startGaleraCluster(3);
    admin = await cluster.connect(0);
    await admin.query(`CREATE DATABASE \`${database.replaceAll("`", "``")}\``);
  }, 180_000);
  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  }, 60_000);
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the Galera cluster is not started (used outside a test?)");
    return value;
  };
  return {
    get cluster() {
      return started(cluster);
    },
    get admin() {
      return started(admin);
    },
    synced: <T>(index: number, sql: string) => started(cluster).syncedRead<T>(index, database, sql),
  };
}
