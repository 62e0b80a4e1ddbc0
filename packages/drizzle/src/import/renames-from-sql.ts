import type { RenameHint } from "@athanor/autogenerate";
import type { DrizzleKitDialect } from "./read-drizzle-kit-folder.js";

// drizzle-kit 1.0 records no renames in its MySQL snapshots (`renames: []`) and none in the
// version-8 PostgreSQL ones either: the rename is only in the migration's SQL, which drizzle-kit
// writes in a fixed form. These read that form back, and nothing else: a statement that is not
// exactly a rename contributes nothing (the step then reads as drop + add, with a note).

const IDENT = {
  postgresql: `"(?:[^"]|"")+"`,
  mysql: "`(?:[^`]|``)+`",
  sqlite: "`(?:[^`]|``)+`",
} as const;

function unquote(quoted: string): string {
  const q = quoted[0] ?? "";
  return quoted.slice(1, -1).replaceAll(q + q, q);
}

/** A possibly schema-qualified name: `"s"."t"` → { schema: "s", name: "t" }. */
function nameOf(text: string, ident: string): { schema?: string; name: string } {
  const parts = [...text.matchAll(new RegExp(ident, "g"))].map((m) => unquote(m[0]));
  const name = parts.at(-1) ?? "";
  return parts.length > 1 ? { schema: parts[0] ?? "", name } : { name };
}

/**
 * The renames in a drizzle-kit migration's statements, in the upgrade's direction.
 *
 * @example
 * ```ts
 * renamesFromStatements("mysql", ["RENAME TABLE `posts` TO `articles`"]);
 * // [{ kind: "table", from: "posts", to: "articles" }]
 * ```
 */
export function renamesFromStatements(
  dialect: DrizzleKitDialect,
  statements: readonly string[],
): RenameHint[] {
  const id = IDENT[dialect];
  const qualified = `(${id}(?:\\.${id})?)`;
  const table =
    dialect === "mysql"
      ? new RegExp(`^RENAME TABLE ${qualified} TO ${qualified};?$`)
      : new RegExp(`^ALTER TABLE ${qualified} RENAME TO (${id});?$`);
  const column = new RegExp(`^ALTER TABLE ${qualified} RENAME COLUMN (${id}) TO (${id});?$`);
  const hints: RenameHint[] = [];
  for (const raw of statements) {
    const statement = raw.trim();
    const t = table.exec(statement);
    if (t !== null) {
      const from = nameOf(t[1] ?? "", id);
      hints.push({
        kind: "table",
        ...(from.schema === undefined ? {} : { schema: from.schema }),
        from: from.name,
        to: nameOf(t[2] ?? "", id).name,
      });
      continue;
    }
    const c = column.exec(statement);
    if (c !== null) {
      const on = nameOf(c[1] ?? "", id);
      hints.push({
        kind: "column",
        ...(on.schema === undefined ? {} : { schema: on.schema }),
        table: on.name,
        from: unquote(c[2] ?? ""),
        to: unquote(c[3] ?? ""),
      });
    }
  }
  return hints;
}

/**
 * The same renames turned around for the downgrade. A column hint names its table as the
 * downgrade's target does (the differ matches column renames on tables present in both models
 * once table renames are applied), so a column of a table renamed in the same step is named
 * under the table's old name.
 *
 * @example
 * ```ts
 * reverseRenames([{ kind: "table", from: "posts", to: "articles" }]); // [{ kind: "table", from: "articles", to: "posts" }]
 * ```
 */
export function reverseRenames(hints: readonly RenameHint[]): RenameHint[] {
  const oldName = (schema: string | undefined, table: string) =>
    hints.find((h) => h.kind === "table" && h.to === table && h.schema === schema)?.from ?? table;
  const oldEnum = (schema: string | undefined, name: string) =>
    hints.find((h) => h.kind === "enum" && h.to === name && h.schema === schema)?.from ?? name;
  return hints.map((h) => {
    if (h.kind === "column") return { ...h, table: oldName(h.schema, h.table), from: h.to, to: h.from };
    if (h.kind === "enum-value") return { ...h, enum: oldEnum(h.schema, h.enum), from: h.to, to: h.from };
    return { ...h, from: h.to, to: h.from };
  });
}
