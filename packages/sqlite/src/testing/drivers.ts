import type { SqliteFileDriver } from "../sqlite-driver.js";

/**
 * The drivers every SQLite proof runs on (describe.each): better-sqlite3, the embedded libsql
 * package and @libsql/client over a `file:` URL. D1 runs the same proofs through miniflare in
 * d1-*.test.ts (its own dialect: no BEGIN, foreign keys always on).
 */
export const FILE_DRIVERS: readonly SqliteFileDriver[] = ["better-sqlite3", "libsql", "@libsql/client"];
