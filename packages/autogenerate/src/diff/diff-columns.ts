import {
  type AlterColumnInput,
  type ColumnModel,
  operations,
  type SequenceOptionsModel,
} from "@athanor/core";
import { type ColumnSite, plainChanges, type TablePair } from "./column-site.js";
import { diffGeneration } from "./diff-generation.js";
import { nameOf } from "./model-to-input.js";
import { alterColumnSql, quoteName } from "./raw-sql.js";
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
 * collation changes on PostgreSQL are `execute` steps with their inverse SQL.
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
    phases.add("columns", identityStep(site, want.name, "DROP IDENTITY", addIdentityClause(have)));

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
      phases.add("columns", identityStep(site, want.name, addIdentityClause(want), "DROP IDENTITY"));
      site.notes.push(
        `${site.table}.${want.name} becomes an identity column: if the table has rows, restart its sequence above the largest value (ALTER TABLE ... ALTER COLUMN ... RESTART WITH <max + 1>).`,
      );
    } else {
      phases.add(
        "columns",
        identityStep(site, want.name, setIdentityClause(want, have), setIdentityClause(have, want)),
      );
    }
  }
  if (want.collation !== have.collation) {
    if (hooks.collationChange === "by-hand") {
      site.notes.push(
        `${site.table}.${want.name}: collation changed; change it by hand (MODIFY COLUMN ... COLLATE).`,
      );
      return "altered";
    }
    const clause = (c: ColumnModel) =>
      `TYPE ${want.type} COLLATE ${c.collation === null ? '"default"' : quoteName(ctx, c.collation)}`;
    phases.add("columns", identityStep(site, want.name, clause(want), clause(have)));
  }
  return "altered";
}

function identityStep(site: ColumnSite, column: string, up: string, down: string) {
  return operations.execute(alterColumnSql(site.ctx, site.schema, site.table, column, up), {
    down: alterColumnSql(site.ctx, site.schema, site.table, column, down),
  });
}

const SEQUENCE_CLAUSES: readonly [keyof SequenceOptionsModel, string][] = [
  ["start", "START WITH"],
  ["increment", "INCREMENT BY"],
  ["min", "MINVALUE"],
  ["max", "MAXVALUE"],
  ["cache", "CACHE"],
];

function generation(c: ColumnModel): string {
  return c.identity?.generation === "always" ? "ALWAYS" : "BY DEFAULT";
}

function addIdentityClause(c: ColumnModel): string {
  const seq = c.identity?.sequence;
  const options =
    seq === null || seq === undefined
      ? []
      : [...SEQUENCE_CLAUSES.map(([k, sql]) => `${sql} ${seq[k]}`), seq.cycle ? "CYCLE" : "NO CYCLE"];
  return `ADD GENERATED ${generation(c)} AS IDENTITY${options.length > 0 ? ` (${options.join(" ")})` : ""}`;
}

/** `SET GENERATED ... SET INCREMENT BY ...` for the options of `to` that differ from `from`. */
function setIdentityClause(to: ColumnModel, from: ColumnModel): string {
  const parts: string[] = [];
  if (to.identity?.generation !== from.identity?.generation) parts.push(`SET GENERATED ${generation(to)}`);
  const a = to.identity?.sequence;
  const b = from.identity?.sequence;
  if (a && b) {
    for (const [k, sql] of SEQUENCE_CLAUSES) if (a[k] !== b[k]) parts.push(`SET ${sql} ${a[k]}`);
    if (a.cycle !== b.cycle) parts.push(a.cycle ? "SET CYCLE" : "SET NO CYCLE");
  }
  return parts.join(" ");
}
