import type { RevisionDefinition } from "@athanor/core";
import * as base from "../migrations/versions/a51c0d3e9b21_base_schema.js";
import * as migrate from "../migrations/versions/b3a9f6d0c417_migrate_backfill_display_name.js";
import * as requireColumns from "../migrations/versions/c8d2e5a1f930_contract_require_timezone_display_name.js";
import * as dropName from "../migrations/versions/d4f7a0b6e215_contract_drop_users_name.js";
import * as expand from "../migrations/versions/e1f4b7c2d806_expand_timezone_display_name.js";

/**
 * The example's revisions as imported modules, for the runner (the CLI reads the same files
 * from `migrations/versions` through athanor.config.ts).
 *
 * @example
 * ```ts
 * await upgrade({ dialect, revisions: REVISIONS }, "heads");
 * ```
 */
export const REVISIONS: readonly { readonly default: RevisionDefinition }[] = [
  base,
  expand,
  migrate,
  requireColumns,
  dropName,
];

/** Revision ids the rollout names: the base schema is where it starts and where it returns. */
export const BASE_REVISION: string = base.default.id;

/** The last revision before contract work: where a downgrade out of contract stops. */
export const LAST_MIGRATE_REVISION: string = migrate.default.id;
