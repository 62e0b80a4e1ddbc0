import type { SchemaModel, TableModel } from "@athanor/core";
import { same } from "./diff/same.js";

/**
 * SQLite constraint names are labels, not objects: nothing is created, dropped or looked up by
 * them except through the table's own CREATE TABLE text, and a database made by drizzle-kit (or
 * by hand) declares its keys without any (`FOREIGN KEY (a) REFERENCES p(id)`), which the
 * introspector names `<table>_<cols>_fkey`. So a live primary key, foreign key or check that
 * equals a desired one in everything but its name takes the desired name before the two models
 * are compared: no rebuild for a label. Index names are real objects and are left alone.
 *
 * @example
 * ```ts
 * const live2 = adoptConstraintNames(desired, live); // posts_author_id_fkey → posts_author_id_users_id_fk
 * ```
 */
export function adoptConstraintNames(desired: SchemaModel, live: SchemaModel): SchemaModel {
  const wanted = new Map(desired.tables.map((t) => [`${t.schema}\u0000${t.name}`, t]));
  return {
    ...live,
    tables: live.tables.map((t) => {
      const want = wanted.get(`${t.schema}\u0000${t.name}`);
      return want === undefined ? t : adoptInTable(want, t);
    }),
  };
}

function adoptInTable(want: TableModel, have: TableModel): TableModel {
  // the live table itself (read from the file instead of built, canonicalize-reuse.ts): every
  // name is already its own
  if (want === have) return have;
  const primaryKey =
    have.primaryKey !== null &&
    want.primaryKey !== null &&
    same(have.primaryKey.columns, want.primaryKey.columns)
      ? { ...have.primaryKey, name: want.primaryKey.name }
      : have.primaryKey;
  return {
    ...have,
    primaryKey,
    foreignKeys: adopt(want.foreignKeys, have.foreignKeys),
    checks: adopt(want.checks, have.checks),
  };
}

/** Each live item without a namesake takes the name of the first unclaimed desired twin. */
function adopt<T extends { readonly name: string }>(want: readonly T[], have: readonly T[]): T[] {
  const haveNames = new Set(have.map((h) => h.name));
  const claimed = new Set(want.filter((w) => haveNames.has(w.name)).map((w) => w.name));
  const wantNames = new Set(want.map((w) => w.name));
  return have.map((h) => {
    if (wantNames.has(h.name)) return h;
    const twin = want.find((w) => !claimed.has(w.name) && same({ ...w, name: "" }, { ...h, name: "" }));
    if (twin === undefined) return h;
    claimed.add(twin.name);
    return { ...h, name: twin.name };
  });
}
