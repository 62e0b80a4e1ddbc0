import type { BackfillSql } from "@athanor/core";
import { sqliteBackfillSql } from "./backfill-sql.js";

/**
 * Batched-backfill SQL for D1: SQLite's, within D1's limits — at most 100 bound parameters a
 * statement (enforced by miniflare's engine as by production), so a `compute` batch is written in
 * chunks of rows under 100 parameters, each a multi-row `VALUES` as on SQLite (a VALUES list is not
 * a compound SELECT, which D1 limits to 5 terms).
 * Atomicity comes from the session: the runner's BEGIN … COMMIT around a batch's writes and its
 * cursor update is sent as one D1 `batch()`, D1's only transaction (drivers/d1.ts), so a batch
 * and its progress record commit together or not at all; the batch's SELECT runs just before.
 *
 * @example
 * ```ts
 * const dialect: Dialect = { ...d1Base, backfillSql: d1BackfillSql };
 * ```
 */
export const d1BackfillSql: BackfillSql = { ...sqliteBackfillSql, maxParams: 100 };
