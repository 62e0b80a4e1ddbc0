import {
  type AlterColumnInput,
  type ColumnModel,
  type IdentityModel,
  type IdentityOptions,
  operations,
} from "@athanor/core";
import { type ColumnSite, plainChanges, type TablePair } from "./column-site.js";
import { diffGeneration } from "./diff-generation.js";
import { nameOf } from "./model-to-input.js";
import { same } from "./same.js";

/**
 * Every field of the column model and how {@link diffColumn} acts on it. Typed over all of
 * them: a new field does not compile until the differ says what it does with it, so no column
 * property can differ without a step or a note.
 */
export const COLUMN_FIELD_HANDLING: { readonly [K in keyof ColumnModel]: string } = {
  name: "matched by name (renames are decided before)",
  type: "alterColumn type (with USING on PostgreSQL)",
  nullable: "alterColumn nullable",
  default: "alterColumn default",
  comment: "alterColumn comment",
  onUpdate: "alterColumn onUpdate (MySQL)",
  generated:
    "alterColumn generated where the server can (MySQL MODIFY, PostgreSQL DROP EXPRESSION), else drop and re-add the column with its indexes",
  identity: "identity steps (PostgreSQL), alterColumn autoIncrement (MySQL AUTO_INCREMENT)",
  collation: "COLLATE step (PostgreSQL), a note (MySQL)",
};

/** What {@link diffColumn} did: `replaced` when it dropped the column and added it again. */
export type ColumnOutcome = "altered" | "replaced";

/**
 * Emits what turns column `have` into `want` (same name): a change of generation as
 * {@link diffGeneration} carries it out; type, nullability, default, comment and (MySQL)
 * ON UPDATE and AUTO_INCREMENT are one `alterColumn` recording the old values; identity and
 * collation changes on PostgreSQL are `alterColumnIdentity` / `alterColumnCollation`, recording
 * the old identity or collation.
 */
export function diffColumn(
  site: ColumnSite,
  want: ColumnModel,
  have: ColumnModel,
  tables: TablePair,
): ColumnOutcome {
  const { ctx, phases } = site;
  const table = nameOf(ctx, site.schema, site.table);
  if (!same(want.generated, have.generated)) return diffGeneration(site, want, have, tables);
  const hooks = ctx.hooks;
  const identitySteps = hooks.identityChange === "identity";
  const identityChanged = !same(want.identity, have.identity);
  if (identityChanged && identitySteps && have.identity !== null && want.identity === null)
    phases.add(
      "columns",
      operations.alterColumnIdentity(table, want.name, null, { existing: identityOptions(have.identity) }),
    );

  const changes = plainChanges(site, want, have);
  if (identityChanged && hooks.identityChange === "auto-increment") {
    const alter = operations.alterColumn(table, want.name, {
      autoIncrement: want.identity !== null,
      existingAutoIncrement: have.identity !== null,
    });
    // MySQL wants an AUTO_INCREMENT column to be a key: it is added once the keys are in
    // place, and removed before any key on it is dropped.
    phases.add(want.identity !== null ? "addIndexes" : "dropForeignKeys", alter);
  }
  if (Object.keys(changes).length > 0)
    phases.add("columns", operations.alterColumn(table, want.name, changes as AlterColumnInput));

  if (identityChanged && identitySteps && want.identity !== null) {
    if (have.identity === null) {
      phases.add(
        "columns",
        operations.alterColumnIdentity(table, want.name, identityOptions(want.identity), { existing: null }),
      );
      site.notes.push(
        `${site.table}.${want.name} becomes an identity column: if the table has rows, restart its sequence above the largest value (ALTER TABLE ... ALTER COLUMN ... RESTART WITH <max + 1>).`,
      );
    } else {
      phases.add(
        "columns",
        operations.alterColumnIdentity(table, want.name, identityOptions(want.identity), {
          existing: identityOptions(have.identity),
        }),
      );
    }
  }
  if (want.collation !== have.collation) {
    if (hooks.collationChange === "by-hand") {
      const note = `${site.table}.${want.name}: collation changed; change it by hand (MODIFY COLUMN ... COLLATE).`;
      site.notes.push(note);
      site.byHand.push(note);
      return "altered";
    }
    phases.add(
      "columns",
      operations.alterColumnCollation(table, want.name, want.type, want.collation, {
        existing: have.collation,
      }),
    );
  }
  return "altered";
}

/** The identity as `alterColumnIdentity` takes it; a sequence's options travel as decimal text. */
function identityOptions(identity: IdentityModel): IdentityOptions {
  const seq = identity.sequence;
  const always = identity.generation === "always";
  if (seq === null) return { always };
  return {
    always,
    start: seq.start,
    increment: seq.increment,
    minValue: seq.min,
    maxValue: seq.max,
    cache: seq.cache,
    cycle: seq.cycle,
  };
}
