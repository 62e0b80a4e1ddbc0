import type { LockSafetySql } from "@athanor/core";

/**
 * Lock-safe execution on MySQL and MariaDB. There is no transaction-scoped setting, so both
 * scopes set the session's `lock_wait_timeout` (metadata locks: DDL) and
 * `innodb_lock_wait_timeout` (row locks: backfills) in whole seconds, at least 1, and reset them
 * to the server defaults afterwards. A lock timeout is error 1205 (ER_LOCK_WAIT_TIMEOUT).
 * InnoDB has no invalid indexes, so there is no invalid-index query.
 *
 * @example
 * ```ts
 * mysqlLockSafety.setLockTimeout(500, "transaction"); // ["SET SESSION lock_wait_timeout = 1, SESSION innodb_lock_wait_timeout = 1"]
 * ```
 */
export const mysqlLockSafety: LockSafetySql = {
  setLockTimeout(ms) {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    // one SET of both: a statement fewer for the server to run and answer at every step
    return [`SET SESSION lock_wait_timeout = ${seconds}, SESSION innodb_lock_wait_timeout = ${seconds}`];
  },
  resetLockTimeout() {
    return ["SET SESSION lock_wait_timeout = DEFAULT, SESSION innodb_lock_wait_timeout = DEFAULT"];
  },
  isLockTimeout(error) {
    return error.errno === 1205 || error.code === "ER_LOCK_WAIT_TIMEOUT";
  },
};
