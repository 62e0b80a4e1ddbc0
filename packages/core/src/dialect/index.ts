export type { Connection, QueryResult } from "./connection.js";
export type { Dialect, DialectCapabilities, LockOptions, VersionTableLocation } from "./dialect.js";
