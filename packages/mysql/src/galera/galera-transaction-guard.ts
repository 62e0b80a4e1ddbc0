import type { Connection } from "@athanor/core";

/**
 * Fails (SQLSTATE 40001) when the session has no open transaction. On Galera a write committed on
 * another node can abort ours mid-batch (brute-force abort); a statement it interrupts, such as
 * `DO SLEEP`, may then return without an error, and the rest of a multi-statement batch would run
 * in autocommit — the version row committed without the revision's data. Sent before each
 * statement the runner sends inside an open transaction, it stops the batch at the abort instead.
 * An anonymous compound statement (MariaDB 10.1+), one statement in a mysql2 batch.
 */
export const GALERA_TRANSACTION_GUARD =
  "BEGIN NOT ATOMIC IF @@in_transaction = 0 THEN SIGNAL SQLSTATE '40001' SET MESSAGE_TEXT = " +
  "'athanor: the cluster rolled this transaction back (certification conflict); nothing after it ran'; END IF; END";

/**
 * The dialect's `transactionGuard`: the guard on a Galera node, none elsewhere (a plain server
 * reports a killed or deadlocked statement as an error, which stops the batch by itself).
 *
 * @example
 * ```ts
 * const transactionGuard = galeraTransactionGuard(galeraNodeCheck("auto"));
 * await transactionGuard(conn); // undefined on a plain MariaDB
 * ```
 */
export function galeraTransactionGuard(
  onGalera: (conn: Connection) => Promise<boolean>,
): (conn: Connection) => Promise<string | undefined> {
  return async (conn) => ((await onGalera(conn)) ? GALERA_TRANSACTION_GUARD : undefined);
}
