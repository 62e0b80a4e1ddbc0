import type { BookkeepingSqlHooks } from "@athanor/core";

/** The runner's own tables on MySQL: microsecond DATETIMEs in UTC, an AUTO_INCREMENT id. */
export const MYSQL_BOOKKEEPING_SQL: BookkeepingSqlHooks = {
  timestampType: "datetime(6)",
  identityColumn: "bigint NOT NULL AUTO_INCREMENT PRIMARY KEY",
  currentSchema: "DATABASE()",
  timestampLiteral: (date) => `'${date.toISOString().replace("T", " ").replace("Z", "")}'`,
  // NOW(6) is each statement's start (replication-safe, unlike SYSDATE): kept from the first
  batchClock: {
    start: ["SET @athanor_batch_clock = NOW(6)"],
    elapsedMs: "COALESCE(TIMESTAMPDIFF(MICROSECOND, @athanor_batch_clock, NOW(6)) / 1000, 0)",
  },
  // a DDL step updates its own history row after each statement: without this, a full scan of
  // the history (and a row lock on every row it reads) at every commit point
  updateNewestFirst: true,
};
