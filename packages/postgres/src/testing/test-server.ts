import { TEST_PG_URL } from "./test-databases.js";

/** A throw-away database on the test server, reachable by URL (for tests that go through the real drivers). */
export interface TestServerDatabase {
  readonly name: string;
  /** URL of the new database. */
  readonly url: string;
  /** Drops the database, ending any session still connected to it. */
  drop(): Promise<void>;
}

/**
 * Creates `athanor_test_<prefix>_<random>` on the test server (ATHANOR_TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test). Not exported from the package; fails (never skips)
 * when the server is down.
 *
 * @example
 * ```ts
 * const db = await createTestDatabase("lock");
 * const dialect = postgresDialect({ url: db.url });
 * await db.drop();
 * ```
 */
export async function createTestDatabase(prefix: string): Promise<TestServerDatabase> {
  const { default: postgres } = await import("postgres");
  const name = `athanor_test_${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const again = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

export { TEST_PG_URL };
