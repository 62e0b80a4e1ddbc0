import type { SchemaModel } from "./schema-model.js";

/**
 * One structural difference between two schema models. `path` names the object from the
 * outside in (`table "public"."users"`, `column "email"`, `nullable`); `before`/`after` are
 * JSON values (`null` on the side where the object does not exist).
 */
export interface SchemaDifference {
  readonly change: "added" | "removed" | "changed";
  readonly path: readonly string[];
  readonly before: unknown;
  readonly after: unknown;
}

/** Labels of the keyed collections: elements are matched by (schema and) name, not position. */
const KEYED_COLLECTIONS: Readonly<Record<string, string>> = {
  tables: "table",
  columns: "column",
  uniques: "unique",
  foreignKeys: "foreign key",
  checks: "check",
  indexes: "index",
  enums: "enum",
  sequences: "sequence",
  views: "view",
  policies: "policy",
};

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function keyOf(item: JsonObject): string {
  const name = quoteName(String(item.name));
  return typeof item.schema === "string" ? `${quoteName(item.schema)}.${name}` : name;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffKeyed(
  label: string,
  path: readonly string[],
  before: readonly JsonObject[],
  after: readonly JsonObject[],
  out: SchemaDifference[],
): void {
  const afterByKey = new Map(after.map((item) => [keyOf(item), item]));
  const beforeKeys = new Set(before.map(keyOf));
  for (const item of before) {
    const key = keyOf(item);
    const match = afterByKey.get(key);
    if (match === undefined)
      out.push({ change: "removed", path: [...path, `${label} ${key}`], before: item, after: null });
    else diffValue([...path, `${label} ${key}`], item, match, out);
  }
  for (const item of after) {
    const key = keyOf(item);
    if (!beforeKeys.has(key))
      out.push({ change: "added", path: [...path, `${label} ${key}`], before: null, after: item });
  }
  if (label === "column") {
    // A column present on both sides but in another position is a real difference (a table
    // rebuilt by a downgrade that re-adds a column at the end is not the table it was).
    const common = (items: readonly JsonObject[], other: Set<string>) =>
      items.map(keyOf).filter((key) => other.has(key));
    const beforeOrder = common(before, new Set(after.map(keyOf)));
    const afterOrder = common(after, beforeKeys);
    if (!sameJson(beforeOrder, afterOrder)) {
      out.push({
        change: "changed",
        path: [...path, "column order"],
        before: beforeOrder,
        after: afterOrder,
      });
    }
  }
}

function diffValue(
  path: readonly string[],
  before: Json | undefined,
  after: Json | undefined,
  out: SchemaDifference[],
): void {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
      const label = KEYED_COLLECTIONS[key];
      const b = before[key];
      const a = after[key];
      // An absent optional collection (views, policies) is an empty one.
      if (label !== undefined && (Array.isArray(b) || Array.isArray(a))) {
        const items = (v: Json | undefined) => (Array.isArray(v) ? v.filter(isObject) : []);
        diffKeyed(label, path, items(b), items(a), out);
      } else if (key === "schemas" && Array.isArray(b) && Array.isArray(a)) {
        for (const name of b)
          if (!a.includes(name))
            out.push({
              change: "removed",
              path: [...path, `schema ${quoteName(String(name))}`],
              before: name,
              after: null,
            });
        for (const name of a)
          if (!b.includes(name))
            out.push({
              change: "added",
              path: [...path, `schema ${quoteName(String(name))}`],
              before: null,
              after: name,
            });
      } else {
        diffValue([...path, key], b, a, out);
      }
    }
    return;
  }
  if (sameJson(before, after)) return;
  if (before === null || before === undefined)
    out.push({ change: "added", path, before: null, after: after ?? null });
  else if (after === null || after === undefined) out.push({ change: "removed", path, before, after: null });
  else out.push({ change: "changed", path, before, after });
}

/**
 * Structural comparison of two schema models: every table, column, constraint, index, enum
 * and sequence that was added, removed or changed, matched by name (not by position). Empty
 * when the models describe the same schema. This is a test and report helper, not the
 * migration differ: it proposes no operations and does no normalisation of SQL text.
 *
 * @example
 * ```ts
 * const diffs = diffSchemaModels(before, after);
 * if (diffs.length > 0) throw new Error(formatSchemaDifferences(diffs));
 * ```
 */
export function diffSchemaModels(before: SchemaModel, after: SchemaModel): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  diffValue([], before as unknown as Json, after as unknown as Json, out);
  return out;
}

/**
 * Renders differences one per line: `+` added, `-` removed, `~` changed.
 *
 * @example
 * ```ts
 * formatSchemaDifferences(diffSchemaModels(a, b));
 * // ~ table "public"."users" › column "email" › nullable: true → false
 * ```
 */
export function formatSchemaDifferences(differences: readonly SchemaDifference[]): string {
  return differences
    .map((d) => {
      const where = d.path.join(" › ");
      if (d.change === "added") return `+ ${where}`;
      if (d.change === "removed") return `- ${where}`;
      return `~ ${where}: ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`;
    })
    .join("\n");
}
