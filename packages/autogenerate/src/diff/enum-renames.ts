import { type EnumModel, type Operation, operations, type SchemaModel } from "@athanor/core";
import type { RenameHint } from "./diff-types.js";
import { printedEnumType } from "./diff-types-and-sequences.js";
import { type NameContext, nameOf } from "./model-to-input.js";
import { quoteText } from "./raw-sql.js";
import { invalidHint } from "./renames.js";

type EnumHint = Extract<RenameHint, { kind: "enum" | "enum-value" }>;

const find = (m: SchemaModel, schema: string, name: string) =>
  m.enums.find((e) => e.schema === schema && e.name === name);

/** Every column of `live` typed `from` (or an array of it) retyped `to`, its default's cast too. */
function retype(
  live: SchemaModel,
  from: string,
  to: string,
  value?: { from: string; to: string },
): SchemaModel {
  const defaultOf = (d: string | null) => {
    if (d === null) return d;
    let out = d.endsWith(`::${from}`) ? `${d.slice(0, -from.length)}${to}` : d;
    if (value !== undefined && out === `${quoteText(value.from)}::${to}`)
      out = `${quoteText(value.to)}::${to}`;
    return out;
  };
  return {
    ...live,
    tables: live.tables.map((t) => ({
      ...t,
      columns: t.columns.map((c) =>
        c.type === from || c.type === `${from}[]`
          ? { ...c, type: c.type === from ? to : `${to}[]`, default: defaultOf(c.default) }
          : c,
      ),
    })),
  };
}

/**
 * Applies `enum` and `enum-value` hints (PostgreSQL): a renamed type becomes `renameEnum` and a
 * renamed value `renameEnumValue`; the live model is returned as it will be after them, columns and
 * their defaults following along, so the rest of the diff sees no change. Without a hint a
 * renamed type stays a create, a column retype and a drop, and a renamed value a rebuild.
 *
 * @example
 * ```ts
 * applyEnumRenames(ctx, want, live, [{ kind: "enum", from: "mood", to: "feeling" }]);
 * ```
 */
export function applyEnumRenames(
  ctx: NameContext,
  want: SchemaModel,
  live: SchemaModel,
  hints: readonly RenameHint[],
  namedTypes: boolean,
): { live: SchemaModel; operations: Operation[] } {
  const enumHints = hints.filter((h): h is EnumHint => h.kind === "enum" || h.kind === "enum-value");
  const ops: Operation[] = [];
  let model = live;
  // Type renames first, so a value hint names the type by its new name.
  for (const hint of [...enumHints].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "enum" ? -1 : 1))) {
    const schema = hint.schema ?? ctx.defaultSchema;
    const prefix = hint.schema === undefined ? "" : `${hint.schema}.`;
    const text =
      hint.kind === "enum"
        ? `enum:${prefix}${hint.from}:${hint.to}`
        : `enum-value:${prefix}${hint.enum}.${hint.from}:${hint.to}`;
    if (!namedTypes) throw invalidHint(text, "only PostgreSQL has named enum types to rename");
    if (hint.kind === "enum") {
      const have = find(model, schema, hint.from);
      if (have === undefined || find(want, schema, hint.from) !== undefined)
        throw invalidHint(text, `no enum ${hint.from} is being dropped in schema ${schema}`);
      if (find(want, schema, hint.to) === undefined || find(model, schema, hint.to) !== undefined)
        throw invalidHint(text, `no enum ${hint.to} is being added in schema ${schema}`);
      const renamed: EnumModel = { ...have, name: hint.to };
      ops.push(operations.renameEnum(nameOf(ctx, schema, hint.from), hint.to));
      model = retype(
        { ...model, enums: model.enums.map((e) => (e === have ? renamed : e)) },
        printedEnumType(ctx, have),
        printedEnumType(ctx, renamed),
      );
      continue;
    }
    const have = find(model, schema, hint.enum);
    const wanted = find(want, schema, hint.enum);
    if (have === undefined || wanted === undefined)
      throw invalidHint(
        text,
        `enum ${hint.enum} is not in both the models and the database (schema ${schema})`,
      );
    if (!have.values.includes(hint.from) || wanted.values.includes(hint.from))
      throw invalidHint(text, `no value ${hint.from} is being removed from enum ${hint.enum}`);
    if (!wanted.values.includes(hint.to) || have.values.includes(hint.to))
      throw invalidHint(text, `no value ${hint.to} is being added to enum ${hint.enum}`);
    ops.push(operations.renameEnumValue(nameOf(ctx, schema, hint.enum), hint.from, hint.to));
    const printed = printedEnumType(ctx, have);
    model = retype(
      {
        ...model,
        enums: model.enums.map((e) =>
          e === have ? { ...e, values: e.values.map((v) => (v === hint.from ? hint.to : v)) } : e,
        ),
      },
      printed,
      printed,
      { from: hint.from, to: hint.to },
    );
  }
  return { live: model, operations: ops };
}

/**
 * Notes for enum renames nobody hinted: a type dropped while one of the same values is added in
 * the same schema. Only a note (never a rename candidate): without a hint the diff stays a
 * create, a retype and a drop, and autogenerate never stops to ask.
 *
 * @example
 * ```ts
 * enumRenameNotes(ctx, want, live); // ["enum mood is dropped and feeling added with the same values: ..."]
 * ```
 */
export function enumRenameNotes(ctx: NameContext, want: SchemaModel, live: SchemaModel): string[] {
  const dropped = live.enums.filter((e) => find(want, e.schema, e.name) === undefined);
  const added = want.enums.filter((e) => find(live, e.schema, e.name) === undefined);
  return dropped.flatMap((from) =>
    added
      .filter((to) => to.schema === from.schema && to.values.join("\u0000") === from.values.join("\u0000"))
      .map((to) => {
        const prefix = from.schema === ctx.defaultSchema ? "" : `${from.schema}.`;
        return `enum ${prefix}${from.name} is dropped and ${to.name} added with the same values; if it was renamed, pass --rename enum:${prefix}${from.name}:${to.name}.`;
      }),
  );
}
