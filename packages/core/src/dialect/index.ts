export type { Connection, QueryResult } from "./connection.js";
export type {
  BookkeepingSqlHooks,
  Dialect,
  DialectCapabilities,
  LockOptions,
  MigrationLockHolder,
  VersionTableLocation,
} from "./dialect.js";
