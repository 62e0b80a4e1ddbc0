// Throw-away databases for this package's tests (not part of the build). Each test file makes
// its own uniquely named databases so files run in parallel; a server that is down fails the
// test (never skips it).
import { randomBytes } from "node:crypto";
import type { Connection } from "@athanor/core";
import { type MysqlConnection, openMysqlConnection } from "@athanor/mysql";
import { connectPostgres } from "@athanor/postgres";

export const TEST_PG_URL = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_MYSQL_URL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

/** A database on a test server with a session on it. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly connection: Connection;
  /** Closes the session and drops the database. */
  dispose(): Promise<void>;
}

function uniqueName(prefix: string): string {
  return `athanor_dz_${prefix}_${randomBytes(5).toString("hex")}`;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty PostgreSQL database on the test server. */
export async function postgresTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  const admin = await connectPostgres({ url: TEST_PG_URL });
  try {
    await admin.executeScript([`CREATE DATABASE "${name}"`]);
  } finally {
    await admin.close();
  }
  const url = withDatabase(TEST_PG_URL, name);
  const connection = await connectPostgres({ url });
  return {
    name,
    url,
    connection,
    async dispose() {
      await connection.close();
      const again = await connectPostgres({ url: TEST_PG_URL });
      try {
        await again.executeScript([`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
      } finally {
        await again.close();
      }
    },
  };
}

/** A fresh, empty database on the MariaDB/MySQL test server. */
export async function mysqlTestDatabase(
  prefix: string,
): Promise<TestDatabase & { readonly connection: MysqlConnection }> {
  const name = uniqueName(prefix);
  const admin = await openMysqlConnection({ url: TEST_MYSQL_URL, connectTimeoutMs: 5_000 });
  try {
    await admin.executeScript([
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    ]);
  } finally {
    await admin.close();
  }
  const url = withDatabase(TEST_MYSQL_URL, name);
  const connection = await openMysqlConnection({ url });
  return {
    name,
    url,
    connection,
    async dispose() {
      try {
        await connection.executeScript([`DROP DATABASE IF EXISTS \`${name}\``]);
      } finally {
        await connection.close();
      }
    },
  };
}
