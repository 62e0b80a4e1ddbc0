import { isWideningType, type NameInput, type Operation, type QualifiedName } from "@athanor/core";

export { isWideningType };

/**
 * Why an operation destroys (or may destroy) data, or `null` when it does not. Used for the
 * differ's warnings and for the `WARNING(athanor)` comments of generated revisions, in both
 * directions (a downgrade's `dropColumn` loses what the upgrade's rows put there).
 *
 * @example
 * ```ts
 * dataLossOf(operations.dropColumn("users", "mail")); // "drops column users.mail and its data"
 * ```
 */
export function dataLossOf(op: Operation): string | null {
  switch (op.kind) {
    case "dropTable":
      return `drops table ${display(op.table)} and all its rows`;
    case "dropColumn":
      if (op.existing?.generated !== undefined) return null;
      return `drops column ${display(op.table)}.${op.column} and its data`;
    case "alterColumn":
      if (op.type === undefined || op.existingType === undefined) return null;
      if (isWideningType(op.existingType, op.type)) return null;
      return `changes ${display(op.table)}.${op.column} from ${op.existingType} to ${op.type}, which may fail or lose data (narrowing or incompatible type)`;
    case "dropSchema":
      return op.cascade === true ? `drops schema ${op.name} and everything in it` : null;
    default:
      return null;
  }
}

/**
 * Why a generated downgrade step cannot bring back what the upgrade removed, or `null`: a column
 * re-added NOT NULL without a default (its values went with the upgrade's drop), which a table
 * with rows refuses (PostgreSQL, SQLite) or fills with the type's zero value (MySQL). Lint judges
 * upgrades only, so the generated file says it where the reviewer reads the downgrade.
 *
 * @example
 * ```ts
 * refillGapOf(operations.addColumn("teams", { name: "name", type: "text", nullable: false }));
 * // "re-adds teams.name NOT NULL without a default, and the values the upgrade dropped are gone: ..."
 * ```
 */
export function refillGapOf(op: Operation): string | null {
  if (op.kind !== "addColumn") return null;
  const c = op.column;
  if (c.nullable || c.default !== undefined || c.identity !== undefined || c.generated !== undefined)
    return null;
  return `re-adds ${display(op.table)}.${c.name} NOT NULL without a default, and the values the upgrade dropped are gone: on a table with rows the database refuses it (or fills the type's zero value, MySQL/MariaDB). Before downgrading a table with rows, give it a default here or add it nullable.`;
}

/** `users`, `audit.events` — for messages. */
export function display(name: NameInput | QualifiedName): string {
  if (typeof name === "string") return name;
  return name.schema === undefined ? name.name : `${name.schema}.${name.name}`;
}
