import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Dialect } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { pgliteDialect, postgresDialect } from "@athanor/postgres";
import { sqliteDialect } from "@athanor/sqlite";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzleMysql } from "drizzle-orm/mysql2";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { drizzle as drizzleSqlite } from "drizzle-orm/sqlite-proxy";
import { createPool } from "mysql2";
import postgres from "postgres";
import type { SeedingService, UserService } from "../app/user-service.js";
import { createV1MysqlService } from "../app/v1-mysql.js";
import { createV1PgService } from "../app/v1-pg.js";
import { createV1SqliteService } from "../app/v1-sqlite.js";
import { createV2MysqlService } from "../app/v2-mysql.js";
import { createV2PgService } from "../app/v2-pg.js";
import { createV2SqliteService } from "../app/v2-sqlite.js";
import type { DatabaseChoice } from "./database-choice.js";
import { PgliteGate } from "./pglite-gate.js";
import { sqliteAppClient } from "./sqlite-app-client.js";

/**
 * The service's database seen from both sides: the application's connection pool (v1 and v2
 * code over Drizzle) and the athanor dialect the migration runner uses. On a server they are
 * separate connections (SQLite: two connections to the file); on PGlite they share the one
 * embedded session through a gate.
 *
 * @example
 * ```ts
 * const db = await openAppDatabase({ kind: "pglite", dataDir: "memory://" }, { poolSize: 8 });
 * await upgrade({ dialect: db.dialect, revisions: REVISIONS }, "heads");
 * await db.close();
 * ```
 */
export interface AppDatabase {
  readonly kind: DatabaseChoice["kind"];
  readonly dialect: Dialect;
  readonly v1: SeedingService;
  readonly v2: UserService;
  close(): Promise<void>;
}

/** Options of {@link openAppDatabase}. */
export interface OpenAppDatabaseOptions {
  /** Connections in the application's pool (servers): one per concurrent client is plenty. */
  readonly poolSize: number;
  /** PGlite on disk: delete the folder first, so the rollout starts from an empty database. */
  readonly fresh?: boolean | undefined;
}

/**
 * Opens the application's pool and the runner's dialect for a database choice.
 *
 * @example
 * ```ts
 * const db = await openAppDatabase({ kind: "postgresql", url }, { poolSize: 8 });
 * ```
 */
export async function openAppDatabase(
  choice: DatabaseChoice,
  options: OpenAppDatabaseOptions,
): Promise<AppDatabase> {
  switch (choice.kind) {
    case "pglite": {
      const memory = choice.dataDir.startsWith("memory://");
      if (options.fresh === true && !memory) rmSync(choice.dataDir, { recursive: true, force: true });
      if (!memory) mkdirSync(dirname(choice.dataDir), { recursive: true });
      const pglite = memory ? new PGlite() : new PGlite(choice.dataDir);
      await pglite.waitReady;
      const gate = new PgliteGate(pglite);
      const db = drizzlePglite({ client: gate.appClient() });
      return {
        kind: "pglite",
        dialect: pgliteDialect({ client: gate.sessionClient() }),
        v1: createV1PgService(db),
        v2: createV2PgService(db),
        close: () => pglite.close(),
      };
    }
    case "postgresql": {
      const sql = postgres(choice.url, { max: options.poolSize, onnotice: () => undefined });
      const db = drizzlePostgres({ client: sql });
      return {
        kind: "postgresql",
        dialect: postgresDialect({ url: choice.url }),
        v1: createV1PgService(db),
        v2: createV2PgService(db),
        close: () => sql.end({ timeout: 5 }),
      };
    }
    case "sqlite": {
      // two connections to one file, as an app and a deploy job have: the runner's (foreign keys
      // off for rebuilds, docs/sqlite.md) and the app's (sqlite-app-client.ts)
      const app = sqliteAppClient(choice.file);
      const db = drizzleSqlite(app.query);
      return {
        kind: "sqlite",
        dialect: sqliteDialect({ file: choice.file }),
        v1: createV1SqliteService(db),
        v2: createV2SqliteService(db),
        close: async () => app.close(),
      };
    }
    case "mysql": {
      const pool = createPool({ uri: choice.url, connectionLimit: options.poolSize });
      const db = drizzleMysql({ client: pool });
      return {
        kind: "mysql",
        dialect: mysqlDialect({ url: choice.url }),
        v1: createV1MysqlService(db),
        v2: createV2MysqlService(db),
        close: () =>
          new Promise<void>((resolve, reject) => pool.end((error) => (error ? reject(error) : resolve()))),
      };
    }
  }
}
