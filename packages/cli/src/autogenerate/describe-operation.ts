import type { GeneratedSpec, Operation, QualifiedName, ReplacedIndex } from "@athanor/core";
import { inertText } from "@athanor/core/text";

function q(name: QualifiedName): string {
  return name.schema === undefined ? name.name : `${name.schema}.${name.name}`;
}

function describeGeneration(generated: GeneratedSpec | null): string {
  if (generated === null) return "drop generation (keeps values)";
  return `generated as ${generated.expression}${generated.storage === undefined ? "" : ` ${generated.storage}`}`;
}

/** `, replacing (email)`: what an index or unique key takes the place of under its name. */
function replacing(op: { readonly replaces?: ReplacedIndex }): string {
  const old = op.replaces?.existing;
  if (old === undefined) return "";
  const parts = "keys" in old ? old.keys.map((k) => k.column ?? k.expression ?? "") : old.columns;
  return `, replacing ${"keys" in old && old.unique !== true ? "index " : "unique "}(${parts.join(", ")})`;
}

/** Keys of an `alterColumn` that describe the column before or how to convert, not a change. */
const NOT_A_CHANGE = new Set(["kind", "table", "column", "using", "reverseUsing"]);

/** A change this file does not name yet still shows up by its key, never as an empty line. */
function unnamedChanges(op: Operation & { kind: "alterColumn" }): string[] {
  return Object.keys(op).filter((key) => !NOT_A_CHANGE.has(key) && !key.startsWith("existing"));
}

/**
 * One line a human reads for an operation: `+` adds, `-` drops, `~` changes.
 *
 * @example
 * ```ts
 * describeOperation(operations.addColumn("users", { name: "bio", type: "text" })); // "+ column users.bio text"
 * ```
 */
export function describeOperation(op: Operation): string {
  // names come from the models and the database: a line break in one would start a line of its own
  return inertText(describeLine(op));
}

function describeLine(op: Operation): string {
  switch (op.kind) {
    case "createTable":
      return `+ table ${q(op.table)} (${op.columns.map((c) => c.name).join(", ")})`;
    case "dropTable":
      return `- table ${q(op.table)}`;
    case "renameTable":
      return `~ rename table ${q(op.table)} → ${op.to}`;
    case "addColumn":
      return `+ column ${q(op.table)}.${op.column.name} ${op.column.type}`;
    case "dropColumn":
      return `- column ${q(op.table)}.${op.column}`;
    case "alterColumn": {
      const changes = [
        op.type === undefined ? null : `type ${op.existingType ?? "?"} → ${op.type}`,
        op.nullable === undefined ? null : op.nullable ? "drop not null" : "set not null",
        op.default === undefined ? null : op.default === null ? "drop default" : `default ${op.default}`,
        op.comment === undefined ? null : "comment",
        op.onUpdate === undefined
          ? null
          : op.onUpdate === null
            ? "drop on update"
            : `on update ${op.onUpdate}`,
        op.generated === undefined ? null : describeGeneration(op.generated),
        op.autoIncrement === undefined
          ? null
          : op.autoIncrement
            ? "add auto_increment"
            : "drop auto_increment",
      ].filter((c) => c !== null);
      return `~ column ${q(op.table)}.${op.column}: ${(changes.length > 0 ? changes : unnamedChanges(op)).join(", ")}`;
    }
    case "renameColumn":
      return `~ rename column ${q(op.table)}.${op.from} → ${op.to}`;
    case "createIndex":
      return `${op.replaces === undefined ? "+" : "~"} ${op.unique === true ? "unique " : ""}index ${op.name} on ${q(op.table)}${replacing(op)}`;
    case "dropIndex":
      return `- index ${op.name} on ${q(op.table)}`;
    case "addPrimaryKey":
      return `+ primary key ${op.name} on ${q(op.table)} (${op.columns.join(", ")})`;
    case "addUnique":
      return `${op.replaces === undefined ? "+" : "~"} unique ${op.name} on ${q(op.table)} (${op.columns.join(", ")})${replacing(op)}`;
    case "addForeignKey":
      return `+ foreign key ${op.name} on ${q(op.table)} → ${q(op.references.table)}`;
    case "addCheck":
      return `+ check ${op.name} on ${q(op.table)}: ${op.expression}`;
    case "dropConstraint":
      return `- ${op.existing?.type === "foreignKey" ? "foreign key" : "constraint"} ${op.name} on ${q(op.table)}`;
    case "addNotNull":
      return `+ not null ${op.name} on ${q(op.table)}.${op.column}${op.notValid === true ? " (not valid)" : ""}`;
    case "renameIndex":
      return `~ rename index ${op.from} on ${q(op.table)} → ${op.to}`;
    case "renameConstraint":
      return `~ rename constraint ${op.from} on ${q(op.table)} → ${op.to}`;
    case "validateConstraint":
      return `~ validate ${op.name} on ${q(op.table)}`;
    case "createEnum":
      return `+ enum ${q(op.name)} (${op.values.join(", ")})`;
    case "dropEnum":
      return `- enum ${q(op.name)}`;
    case "addEnumValue":
      return `~ enum ${q(op.name)}: add value ${op.value}`;
    case "renameEnumValue":
      return `~ enum ${q(op.name)}: rename ${op.from} → ${op.to}`;
    case "renameEnum":
      return `~ rename enum ${q(op.name)} → ${op.to}`;
    case "rebuildEnum":
      return `~ enum ${q(op.name)}: rebuilt with values (${op.values.join(", ")})`;
    case "createSchema":
      return `+ schema ${op.name}`;
    case "dropSchema":
      return `- schema ${op.name}`;
    case "createSequence":
      return `+ sequence ${q(op.name)}`;
    case "dropSequence":
      return `- sequence ${q(op.name)}`;
    case "alterSequence":
      return `~ sequence ${q(op.name)}: ${Object.keys(op.set).join(", ")}`;
    case "renameSequence":
      return `~ rename sequence ${q(op.name)} → ${op.to}`;
    case "setTableComment":
      return `~ comment on ${q(op.table)}`;
    case "alterIndexStorage": {
      const changes = [
        ...Object.entries(op.set ?? {}).map(([k, v]) => `${k}=${v}`),
        ...(op.reset ?? []).map((k) => `reset ${k}`),
      ];
      return `~ index ${op.name} on ${q(op.table)}: ${changes.join(", ")}`;
    }
    case "alterColumnIdentity":
      return `~ column ${q(op.table)}.${op.column}: ${op.identity === null ? "drop identity" : op.existingIdentity === null ? "add identity" : "identity options"}`;
    case "alterColumnCollation":
      return `~ column ${q(op.table)}.${op.column}: collation ${op.existingCollation === undefined ? "?" : (op.existingCollation ?? "default")} → ${op.collation ?? "default"}`;
    case "createView":
      return `+ ${op.materialized === true ? "materialized view" : "view"} ${q(op.name)}`;
    case "dropView":
      return `- ${op.materialized === true ? "materialized view" : "view"} ${q(op.name)}`;
    case "createPolicy":
      return `+ policy ${op.name} on ${q(op.table)}`;
    case "dropPolicy":
      return `- policy ${op.name} on ${q(op.table)}`;
    case "enableRowLevelSecurity":
      return `+ row-level security on ${q(op.table)}`;
    case "disableRowLevelSecurity":
      return `- row-level security on ${q(op.table)}`;
    case "createSyncTrigger":
      return `+ sync trigger ${op.name} on ${q(op.table)}: ${op.source} ${op.twoWay ? "↔" : "→"} ${op.target}`;
    case "dropSyncTrigger":
      return `- sync trigger ${op.name} on ${q(op.table)}`;
    case "requireNoDependents":
      return op.columns === "table"
        ? `? no view, trigger or routine outside the models names ${q(op.table)}`
        : `? no view, trigger or routine outside the models names ${q(op.table)}.${op.columns.join(", ")}`;
    case "requireValuesFit":
      return `? every value of ${q(op.table)}.${op.column} fits ${op.type}`;
    case "execute":
      return `~ execute ${op.sql.split("\n")[0]}${op.sql.includes("\n") ? " ..." : ""}`;
    case "bulkInsert":
      return `+ ${op.rows.length} rows into ${q(op.table)}`;
  }
}
