// Dialects build their batched-backfill SQL with this; re-exported here so a dialect's start-up
// path (`@athanor/core/dialect`) does not load the backfill engine.
export { keyAlias } from "../backfill/backfill-sql.js";
export type { Connection, QueryResult } from "./connection.js";
export type {
  BookkeepingSqlHooks,
  Dialect,
  DialectCapabilities,
  LockOptions,
  MigrationLockHolder,
  VersionTableLocation,
} from "./dialect.js";
export { importPeer, type PeerNeed } from "./import-peer.js";
