export type { Connection, QueryResult } from "./connection.js";
export type { BookkeepingSqlHooks, Dialect, DialectCapabilities, LockOptions, VersionTableLocation } from "./dialect.js";
