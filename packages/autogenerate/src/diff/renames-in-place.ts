import { type Operation, operations, type SchemaModel, type TableModel } from "@athanor/core";
import { type NameContext, nameOf } from "./model-to-input.js";
import { same } from "./same.js";

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

/** What {@link renamesInPlace} found: the operations, and the live model as it is after them. */
export interface RenamesInPlace {
  readonly live: SchemaModel;
  /** `renameSequence`s: they run with the other sequence changes, before those alter them. */
  readonly sequences: readonly Operation[];
  /** `renameConstraint`s and `renameIndex`es: they run after the table renames, naming tables by their new names. */
  readonly constraints: readonly Operation[];
}

/**
 * Where the dialect renames in place (`DifferHooks.renamesInPlace`, PostgreSQL): the names a
 * table rename leaves behind follow it cheaply instead of being dropped and re-created. A
 * constraint equal to a desired one of the same table in everything but its name is renamed
 * (`RENAME CONSTRAINT`, which renames a key's index too; a dropped and re-added primary key
 * would rebuild the index and fails while a foreign key references it). A serial column's
 * sequence, owned by the same column under another name, is renamed (its default holds the
 * sequence itself, so it follows). Where the dialect renames indexes (`DifferHooks.renamesIndexes`,
 * PostgreSQL and MySQL), an index equal to a desired one of the same table but for its name is
 * renamed too — whether a table rename left the name behind or the models renamed it: a drop and
 * a create would rebuild it and leave the table without it (a unique index's rule unenforced)
 * meanwhile. `live` must already carry the table and column renames.
 *
 * @example
 * ```ts
 * renamesInPlace(ctx, want, have); // users_pkey → accounts_pkey, users_id_seq → accounts_id_seq
 * ```
 */
export function renamesInPlace(ctx: NameContext, want: SchemaModel, live: SchemaModel): RenamesInPlace {
  const none = { live, sequences: [], constraints: [] };
  const inPlace = {
    constraints: ctx.hooks.renamesInPlace === true,
    indexes: ctx.hooks.renamesIndexes === true,
  };
  if (!inPlace.constraints && !inPlace.indexes) return none;
  const wanted = new Map(want.tables.map((t) => [key(t.schema, t.name), t]));
  const twinOf = (have: TableModel) => {
    const w = wanted.get(key(have.schema, have.name));
    return w === undefined || w === have || !losesAName(w, have, inPlace) ? undefined : w;
  };
  const sequencesToo = inPlace.constraints && losesASequence(want, live);
  // the common case, nothing named otherwise: no relation names gathered, no table copied
  if (!live.tables.some((t) => twinOf(t) !== undefined) && !sequencesToo) return none;
  const taken = relationNames(live);
  const sequences: Operation[] = [];
  const constraints: Operation[] = [];
  const renamedSequences = sequencesToo ? renameSequences(ctx, want, live, taken, sequences) : live;
  const tables = renamedSequences.tables.map((have) => {
    const w = twinOf(have);
    return w === undefined ? have : renameInTable(ctx, w, have, taken, constraints, inPlace);
  });
  if (sequences.length === 0 && constraints.length === 0) return none;
  return { live: { ...renamedSequences, tables }, sequences, constraints };
}

/** Whether a live constraint or index of `have` has no namesake among `want`'s: a rename's only sign. */
function losesAName(want: TableModel, have: TableModel, inPlace: InPlace): boolean {
  const lost = (w: readonly Named[], h: readonly Named[]) => h.some((x) => !w.some((y) => y.name === x.name));
  if (inPlace.indexes && lost(want.indexes, have.indexes)) return true;
  if (!inPlace.constraints) return false;
  return (
    (have.primaryKey !== null && want.primaryKey !== null && have.primaryKey.name !== want.primaryKey.name) ||
    lost(want.uniques, have.uniques) ||
    lost(want.foreignKeys, have.foreignKeys) ||
    lost(want.checks, have.checks)
  );
}

/** Whether a desired serial sequence is missing live: a rename's only sign. */
function losesASequence(want: SchemaModel, live: SchemaModel): boolean {
  const names = new Set(live.sequences.map((s) => key(s.schema, s.name)));
  return want.sequences.some((w) => w.ownedBy !== null && !names.has(key(w.schema, w.name)));
}

/** Every relation name of each schema (tables, indexes, keys' indexes, sequences, views): PostgreSQL's per-schema namespace. */
function relationNames(model: SchemaModel): Set<string> {
  const names = new Set<string>();
  for (const t of model.tables) {
    const own = [
      t.name,
      ...t.indexes.map((i) => i.name),
      ...t.uniques.map((u) => u.name),
      ...(t.primaryKey === null ? [] : [t.primaryKey.name]),
    ];
    for (const n of own) names.add(key(t.schema, n));
  }
  for (const s of model.sequences) names.add(key(s.schema, s.name));
  for (const v of model.views ?? []) names.add(key(v.schema, v.name));
  return names;
}

const NEXTVAL = /^nextval\('(.+)'::regclass\)$/;

/** Whether `literal` (a regclass literal as PostgreSQL prints it) names relation `name`. */
function namesRelation(literal: string, name: string): boolean {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  return [name, quoted].some((n) => literal === n || literal.endsWith(`.${n}`));
}

function renameSequences(
  ctx: NameContext,
  want: SchemaModel,
  live: SchemaModel,
  taken: Set<string>,
  ops: Operation[],
): SchemaModel {
  const liveNames = new Set(live.sequences.map((s) => key(s.schema, s.name)));
  const wantNames = new Set(want.sequences.map((s) => key(s.schema, s.name)));
  const renamed = new Map<string, string>();
  for (const w of want.sequences) {
    if (w.ownedBy === null || liveNames.has(key(w.schema, w.name)) || taken.has(key(w.schema, w.name)))
      continue;
    const h = live.sequences.find(
      (s) =>
        s.schema === w.schema &&
        !wantNames.has(key(s.schema, s.name)) &&
        !renamed.has(key(s.schema, s.name)) &&
        s.ownedBy?.table === w.ownedBy?.table &&
        s.ownedBy?.column === w.ownedBy?.column,
    );
    if (h === undefined) continue;
    ops.push(operations.renameSequence(nameOf(ctx, h.schema, h.name), w.name));
    renamed.set(key(h.schema, h.name), w.name);
    taken.delete(key(h.schema, h.name));
    taken.add(key(w.schema, w.name));
  }
  if (renamed.size === 0) return live;
  const wantTables = new Map(want.tables.map((t) => [key(t.schema, t.name), t]));
  const moved = live.sequences.flatMap((s) => {
    const to = renamed.get(key(s.schema, s.name));
    return to === undefined || s.ownedBy === null ? [] : [{ s, to }];
  });
  return {
    ...live,
    sequences: live.sequences.map((s) => {
      const to = renamed.get(key(s.schema, s.name));
      return to === undefined ? s : { ...s, name: to };
    }),
    tables: live.tables.map((t) => {
      const owned = moved.filter(({ s }) => s.schema === t.schema && s.ownedBy?.table === t.name);
      if (owned.length === 0) return t;
      const w = wantTables.get(key(t.schema, t.name));
      return {
        ...t,
        // the default holds the sequence by its oid: PostgreSQL prints it with the new name
        columns: t.columns.map((c) => {
          const own = owned.find(({ s }) => s.ownedBy?.column === c.name);
          const haveLiteral = NEXTVAL.exec(c.default ?? "")?.[1];
          const wantDefault = w?.columns.find((x) => x.name === c.name)?.default ?? null;
          const wantLiteral = NEXTVAL.exec(wantDefault ?? "")?.[1];
          if (own === undefined || haveLiteral === undefined || wantLiteral === undefined) return c;
          if (!namesRelation(haveLiteral, own.s.name) || !namesRelation(wantLiteral, own.to)) return c;
          return { ...c, default: wantDefault };
        }),
      };
    }),
  };
}

type Named = { readonly name: string };

/** What a dialect renames in place (see {@link renamesInPlace}). */
interface InPlace {
  readonly constraints: boolean;
  readonly indexes: boolean;
}

/**
 * `have`'s constraints and indexes renamed to their desired twins' names, pushing a
 * `renameConstraint` or `renameIndex` for each.
 */
function renameInTable(
  ctx: NameContext,
  want: TableModel,
  have: TableModel,
  taken: Set<string>,
  ops: Operation[],
  inPlace: InPlace,
): TableModel {
  const constraintNames = new Set([
    ...(have.primaryKey === null ? [] : [have.primaryKey.name]),
    ...[...have.uniques, ...have.foreignKeys, ...have.checks].map((c) => c.name),
  ]);
  // index names are per table on MySQL, where a unique key is an index too
  const indexNames = new Set([...have.indexes, ...have.uniques].map((i) => i.name));
  const table = nameOf(ctx, have.schema, have.name);
  const follow = <T extends Named>(
    wants: readonly T[],
    haves: readonly T[],
    kind: "constraint" | "index",
    relation: boolean,
  ): T[] => {
    const used = kind === "index" ? indexNames : constraintNames;
    // a key's or an index's name must be free in the schema too, not only on the table
    const free = (name: string) => !used.has(name) && !(relation && taken.has(key(have.schema, name)));
    const wantNames = new Set(wants.map((w) => w.name));
    const haveNames = new Set(haves.map((h) => h.name));
    const claimed = new Set<string>();
    return haves.map((h) => {
      if (wantNames.has(h.name)) return h;
      const twin = wants.find(
        (w) =>
          !haveNames.has(w.name) &&
          !claimed.has(w.name) &&
          free(w.name) &&
          same({ ...w, name: "" }, { ...h, name: "" }),
      );
      if (twin === undefined) return h;
      claimed.add(twin.name);
      if (relation) {
        taken.delete(key(have.schema, h.name));
        taken.add(key(have.schema, twin.name));
      }
      used.add(twin.name);
      ops.push(
        kind === "index"
          ? operations.renameIndex(table, h.name, twin.name)
          : operations.renameConstraint(table, h.name, twin.name),
      );
      return { ...h, name: twin.name };
    });
  };
  const renamed = {
    ...have,
    indexes: inPlace.indexes ? follow(want.indexes, have.indexes, "index", true) : have.indexes,
  };
  if (!inPlace.constraints) return renamed;
  const [primaryKey] =
    have.primaryKey === null || want.primaryKey === null
      ? [have.primaryKey]
      : follow([want.primaryKey], [have.primaryKey], "constraint", true);
  return {
    ...renamed,
    primaryKey: primaryKey ?? null,
    uniques: follow(want.uniques, have.uniques, "constraint", true),
    foreignKeys: follow(want.foreignKeys, have.foreignKeys, "constraint", false),
    checks: follow(want.checks, have.checks, "constraint", false),
  };
}
