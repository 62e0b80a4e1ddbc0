import {
  type AlterColumnInput,
  type ColumnModel,
  operations,
  type SequenceOptionsModel,
} from "@athanor/core";
import { columnInput, isPostgres, type NameContext, nameOf } from "./model-to-input.js";
import type { Phases } from "./phases.js";
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
  generated: "drop and re-add the column",
  identity: "identity steps (PostgreSQL), a note (MySQL AUTO_INCREMENT)",
  collation: "COLLATE step (PostgreSQL), a note (MySQL)",
};

/** Where a column lives and what the differ needs to know around it. */
export interface ColumnSite {
  readonly ctx: NameContext;
  readonly schema: string;
  readonly table: string;
  /** Types (as printed) that are enums: a cast between them goes through text. */
  readonly enumTypes: ReadonlySet<string>;
  readonly phases: Phases;
  readonly notes: string[];
}

/**
 * Emits what turns column `have` into `want` (same name): a generated expression change is a
 * drop and re-add of the column; type, nullability, default, comment and (MySQL) ON UPDATE
 * are one `alterColumn` recording the old values; identity and collation changes on PostgreSQL are
 * `execute` steps with their inverse SQL.
 */
export function diffColumn(
  site: ColumnSite,
  want: ColumnModel,
  have: ColumnModel,
  wantSerial: boolean,
): void {
  const { ctx, phases } = site;
  const table = nameOf(ctx, site.schema, site.table);
  const lost: string[] = [];
  if (!same(want.generated, have.generated)) {
    phases.add(
      "columns",
      operations.dropColumn(table, have.name, { existing: columnInput(ctx, have, false, lost) }),
      operations.addColumn(table, columnInput(ctx, want, wantSerial, lost)),
    );
    noteLost(site, have.name, lost);
    return;
  }
  const postgres = isPostgres(ctx.dialect);
  const identityChanged = !same(want.identity, have.identity);
  if (identityChanged && !postgres) {
    site.notes.push(
      `${site.table}.${want.name}: AUTO_INCREMENT ${want.identity === null ? "removed" : "added"} in the models; change it by hand with op.execute (MODIFY COLUMN).`,
    );
  }
  if (identityChanged && postgres && have.identity !== null && want.identity === null)
    phases.add("columns", identityStep(site, want.name, "DROP IDENTITY", addIdentityClause(have)));

  const changes: Record<string, unknown> = {};
  if (want.type !== have.type) {
    changes.type = want.type;
    changes.existingType = have.type;
    if (postgres) {
      changes.using = castOf(site, want.name, have.type, want.type);
      changes.reverseUsing = castOf(site, want.name, want.type, have.type);
    }
  }
  if (want.nullable !== have.nullable) {
    changes.nullable = want.nullable;
    changes.existingNullable = have.nullable;
  }
  if (want.default !== have.default) {
    changes.default = want.default;
    changes.existingDefault = have.default;
  }
  if (want.comment !== have.comment) {
    changes.comment = want.comment;
    changes.existingComment = have.comment;
  }
  if (want.onUpdate !== have.onUpdate) {
    changes.onUpdate = want.onUpdate;
    changes.existingOnUpdate = have.onUpdate;
  }
  if (Object.keys(changes).length > 0)
    phases.add("columns", operations.alterColumn(table, want.name, changes as AlterColumnInput));

  if (identityChanged && postgres && want.identity !== null) {
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
    if (!postgres) {
      site.notes.push(
        `${site.table}.${want.name}: collation changed; change it by hand (MODIFY COLUMN ... COLLATE).`,
      );
      return;
    }
    const clause = (c: ColumnModel) =>
      `TYPE ${want.type} COLLATE ${c.collation === null ? '"default"' : quoteName(ctx, c.collation)}`;
    phases.add("columns", identityStep(site, want.name, clause(want), clause(have)));
  }
}

function noteLost(site: ColumnSite, column: string, lost: readonly string[]): void {
  for (const what of lost)
    site.notes.push(`${site.table}.${column}: ${what} cannot be written exactly; check it.`);
}

/** `"col"::newtype`, through text when an enum is involved (PostgreSQL has no enum-to-enum cast). */
function castOf(site: ColumnSite, column: string, from: string, to: string): string {
  const viaText =
    site.enumTypes.has(from.replace(/\[\]$/, "")) || site.enumTypes.has(to.replace(/\[\]$/, ""));
  return `${quoteName(site.ctx, column)}${viaText ? "::text" : ""}::${to}`;
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
