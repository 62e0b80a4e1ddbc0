import type { BookkeepingNames, BookkeepingSqlHooks } from "@athanor/core";
import { GALERA_LOCK_SUFFIX } from "./galera/galera-lock-table.js";
import { MAX_IDENTIFIER_LENGTH } from "./quote.js";

/**
 * MySQL's and MariaDB's limit on the names of athanor's own tables (they refuse a longer one when
 * it is first created, mid-run), and the Galera lock table named after the version table.
 */
export const MYSQL_BOOKKEEPING_NAMES: BookkeepingNames = {
  identifierLimit: {
    maxLength: MAX_IDENTIFIER_LENGTH,
    unit: "characters",
    server: "MySQL/MariaDB",
    beyond: "refuses",
  },
  companionSuffixes: [GALERA_LOCK_SUFFIX],
};

/** group_concat_max_len for the no-op digest: the largest value a 32-bit server takes too. */
const GROUP_CONCAT_LIMIT = 4294967295;

/** The runner's own tables on MySQL: microsecond DATETIMEs in UTC, an AUTO_INCREMENT id. */
export const MYSQL_BOOKKEEPING_SQL: BookkeepingSqlHooks = {
  ...MYSQL_BOOKKEEPING_NAMES,
  timestampType: "datetime(6)",
  identityColumn: "bigint NOT NULL AUTO_INCREMENT PRIMARY KEY",
  currentSchema: "DATABASE()",
  timestampLiteral: mysqlTimestampLiteral,
  // the DATETIME's own digits (UTC, as athanor writes them), never shifted by a client
  timestampText: (expression) => `CAST(${expression} AS CHAR)`,
  // an offline script's history rows: UTC like the literals, whatever the session's time_zone
  // (CURRENT_TIMESTAMP wrote the session's wall clock: 12 h 45 min off under '+12:45')
  currentTimestamp: "UTC_TIMESTAMP(6)",
  // NOW(6) is each statement's start (replication-safe, unlike SYSDATE): kept from the first
  batchClock: {
    start: ["SET @athanor_batch_clock = NOW(6)"],
    elapsedMs: "COALESCE(TIMESTAMPDIFF(MICROSECOND, @athanor_batch_clock, NOW(6)) / 1000, 0)",
    finishedAt: (startedAt, durationMs) => `TIMESTAMPADD(MICROSECOND, ${durationMs} * 1000, ${startedAt})`,
  },
  // a DDL step updates its own history row after each statement: without this, a full scan of
  // the history (and a row lock on every row it reads) at every commit point
  updateNewestFirst: true,
  orderedMd5: {
    aggregate: (value, key) => `MD5(GROUP_CONCAT(${value} ORDER BY CAST(${key} AS BINARY) SEPARATOR ''))`,
    // GROUP_CONCAT cuts its text at group_concat_max_len (MySQL: 1 KB; MariaDB: 1 MB), raised for
    // this statement alone: MariaDB runs the SET STATEMENT in its own executable comment, MySQL
    // takes the SET_VAR hint (which MariaDB reads as a comment). A cut text only fails to match.
    statement: (select) =>
      `/*M!100102 SET STATEMENT group_concat_max_len = ${GROUP_CONCAT_LIMIT} FOR */ ` +
      select.replace(/^SELECT /, `SELECT /*+ SET_VAR(group_concat_max_len = ${GROUP_CONCAT_LIMIT}) */ `),
  },
};

/**
 * A UTC instant as a DATETIME literal: `'2026-12-08 00:00:39.326'`. A step writes its start two
 * or three times (its record's times, its `ok` row's finished_at): the last instant's literal is
 * kept, and the ISO text is sliced rather than replaced twice.
 */
function mysqlTimestampLiteral(date: Date): string {
  const time = date.getTime();
  if (time === lastLiteral.time) return lastLiteral.text;
  const iso = date.toISOString();
  // years past 9999 (or before 0) carry a sign and six digits: the replaces' text, as before
  const text =
    iso.length === 24
      ? `'${iso.slice(0, 10)} ${iso.slice(11, 23)}'`
      : `'${iso.replace("T", " ").replace("Z", "")}'`;
  lastLiteral = { time, text };
  return text;
}

let lastLiteral: { readonly time: number; readonly text: string } = { time: Number.NaN, text: "" };
