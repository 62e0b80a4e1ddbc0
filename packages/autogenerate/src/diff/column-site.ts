import type { ColumnModel, Operation, TableModel } from "@athanor/core";
import type { NameContext } from "./model-to-input.js";
import type { Phases } from "./phases.js";
import { quoteName } from "./raw-sql.js";

/** Where a column lives and what the differ needs to know around it. */
export interface ColumnSite {
  readonly ctx: NameContext;
  readonly schema: string;
  readonly table: string;
  /** Types (as printed) that are enums: a cast between them goes through text. */
  readonly enumTypes: ReadonlySet<string>;
  readonly phases: Phases;
  readonly notes: string[];
  /** Differences left to be made by hand (also pushed to `notes`): `check` reports them. */
  readonly byHand: string[];
  /** Downgrade steps the differ writes itself for steps `reverse()` cannot undo well. */
  readonly inverses: Map<Operation, readonly Operation[]>;
}

/** The table a column belongs to on both sides, and which of its columns are serial. */
export interface TablePair {
  readonly want: TableModel;
  readonly have: TableModel;
  readonly serial: { readonly want: ReadonlySet<string>; readonly have: ReadonlySet<string> };
}

// The column fields `alterColumn` sets as they are, each with the field recording its old value.
const PLAIN_FIELDS = [
  ["nullable", "existingNullable"],
  ["default", "existingDefault"],
  ["comment", "existingComment"],
  ["onUpdate", "existingOnUpdate"],
] as const;

/**
 * The `alterColumn` fields (new and old values) that turn `have` into `want` for type,
 * nullability, default, comment and ON UPDATE; generation and identity are left to the caller.
 */
export function plainChanges(
  site: ColumnSite,
  want: ColumnModel,
  have: ColumnModel,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (want.type !== have.type) {
    changes.type = want.type;
    changes.existingType = have.type;
    if (site.ctx.hooks.typeChangeCast) {
      changes.using = castOf(site, want.name, have.type, want.type);
      changes.reverseUsing = castOf(site, want.name, want.type, have.type);
    }
  }
  for (const [key, existing] of PLAIN_FIELDS) {
    if (want[key] === have[key]) continue;
    changes[key] = want[key];
    changes[existing] = have[key];
  }
  return changes;
}

/** `"col"::newtype`, through text when an enum is involved (PostgreSQL has no enum-to-enum cast). */
function castOf(site: ColumnSite, column: string, from: string, to: string): string {
  const viaText =
    site.enumTypes.has(from.replace(/\[\]$/, "")) || site.enumTypes.has(to.replace(/\[\]$/, ""));
  return `${quoteName(site.ctx, column)}${viaText ? "::text" : ""}::${to}`;
}
