import {
  type EnumModel,
  type Operation,
  operations,
  type SchemaModel,
  type SequenceModel,
} from "@athanor/core";
import { resolveSequenceOptions } from "../sequence-options.js";
import { rebuildEnumUnderUsers, removeEnumValues } from "./enum-rebuild.js";
import { type NameContext, nameOf, sequenceOptionsOf } from "./model-to-input.js";
import type { Phases } from "./phases.js";
import { quoteName } from "./raw-sql.js";
import { same } from "./same.js";

function key(item: { readonly schema: string; readonly name: string }): string {
  return `${item.schema}\u0000${item.name}`;
}

/** How PostgreSQL's `format_type` prints an enum type in a column: quoted when needed, qualified outside the default schema. */
export function printedEnumType(ctx: NameContext, e: EnumModel): string {
  const bare = (n: string) => (/^[a-z_][a-z0-9_$]*$/.test(n) ? n : quoteName(ctx, n));
  return e.schema === ctx.defaultSchema ? bare(e.name) : `${bare(e.schema)}.${bare(e.name)}`;
}

/** True when `have`'s values appear in `want` in the same relative order (only additions). */
function onlyAdditions(want: readonly string[], have: readonly string[]): boolean {
  let i = 0;
  for (const value of want) if (value === have[i]) i++;
  return i === have.length;
}

/**
 * Enum types (PostgreSQL): created, dropped, values added in place (`ADD VALUE ... BEFORE/AFTER`),
 * or — when a value is removed or the order changes — the type rebuilt under its name with
 * every column that uses it cast through text, as one `rebuildEnum` with its inverse. Returns the
 * operations that may fail on existing rows, with the reason.
 */
export function diffEnums(
  ctx: NameContext,
  desired: SchemaModel,
  live: SchemaModel,
  phases: Phases,
  notes: string[],
  inverses: Map<Operation, readonly Operation[]>,
): Map<Operation, string> {
  const risky = new Map<Operation, string>();
  const haveByKey = new Map(live.enums.map((e) => [key(e), e]));
  const wantByKey = new Map(desired.enums.map((e) => [key(e), e]));
  for (const want of desired.enums) {
    const name = nameOf(ctx, want.schema, want.name);
    const have = haveByKey.get(key(want));
    if (have === undefined) {
      phases.add("createEnums", operations.createEnum(name, want.values));
    } else if (same(want.values, have.values)) {
    } else if (onlyAdditions(want.values, have.values)) {
      const existing = new Set(have.values);
      const added: Operation[] = [];
      want.values.forEach((value, i) => {
        if (existing.has(value)) return;
        const appended = want.values.slice(i).every((v) => !existing.has(v));
        const after = want.values[i - 1];
        const before = want.values[i + 1];
        const position = appended ? {} : after !== undefined ? { after } : { before: before as string };
        added.push(operations.addEnumValue(name, value, position));
      });
      phases.add("createEnums", ...added);
      // PostgreSQL cannot drop an enum value: the downgrade rebuilds the type without the new
      // values (once, as the inverse of the last addition, which the downgrade undoes first).
      added.forEach((op, i) => {
        const last = i === added.length - 1;
        inverses.set(op, last ? removeEnumValues(ctx, want, have, live, printedEnumType(ctx, have)) : []);
      });
    } else {
      const { rebuild: op, operations: around } = rebuildEnumUnderUsers(
        ctx,
        want,
        have,
        live,
        printedEnumType(ctx, have),
      );
      phases.add("createEnums", ...around);
      const removed = have.values.filter((v) => !want.values.includes(v));
      risky.set(
        op,
        `rebuilds enum ${want.name}${removed.length > 0 ? `; rows holding ${removed.join(", ")} make it fail` : ""}`,
      );
      notes.push(
        `enum ${want.name}: values removed or reordered, so the type is rebuilt and its columns cast through text. Update rows holding removed values first (TODO).`,
      );
    }
  }
  for (const have of live.enums) {
    if (!wantByKey.has(key(have)))
      phases.add(
        "dropEnums",
        operations.dropEnum(nameOf(ctx, have.schema, have.name), { existingValues: have.values }),
      );
  }
  return risky;
}

function isFree(s: SequenceModel): boolean {
  return s.ownedBy === null;
}

/**
 * Free-standing sequences: created, dropped, or altered option by option (recording the old
 * options). Sequences owned by a serial column come and go with their column, but one that
 * stays is altered like a free one: `serial` → `bigserial` changes the column's type, and
 * PostgreSQL leaves its sequence `AS integer`, so it would stop at 2,147,483,647 all the same.
 */
export function diffSequences(
  ctx: NameContext,
  desired: SchemaModel,
  live: SchemaModel,
  phases: Phases,
  notes: string[],
  byHand: string[],
): void {
  const lost: string[] = [];
  const haveByKey = new Map(live.sequences.filter(isFree).map((s) => [key(s), s]));
  const wantByKey = new Map(desired.sequences.filter(isFree).map((s) => [key(s), s]));
  for (const want of wantByKey.values()) {
    const have = haveByKey.get(key(want));
    if (have === undefined) {
      const wantOptions = sequenceOptionsOf(want, true, lost);
      phases.add("sequences", operations.createSequence(nameOf(ctx, want.schema, want.name), wantOptions));
      continue;
    }
    alterOptions(ctx, want, have, phases, notes, byHand);
  }
  const ownedHave = new Map(live.sequences.filter((s) => !isFree(s)).map((s) => [key(s), s]));
  for (const want of desired.sequences) {
    const have = isFree(want) ? undefined : ownedHave.get(key(want));
    const sameOwner =
      have !== undefined &&
      have.ownedBy?.table === want.ownedBy?.table &&
      have.ownedBy?.column === want.ownedBy?.column;
    if (sameOwner) alterOptions(ctx, want, have, phases, notes, byHand);
  }
  for (const have of haveByKey.values()) {
    if (!wantByKey.has(key(have))) {
      phases.add(
        "dropSequences",
        operations.dropSequence(nameOf(ctx, have.schema, have.name), {
          existing: sequenceOptionsOf(have, true, lost),
        }),
      );
    }
  }
  for (const what of lost)
    notes.push(`a sequence option (${what}) does not fit a JavaScript number and was left out.`);
}

/** Whether a sequence's bounds are its type's defaults for its direction. */
function defaultBounds(s: SequenceModel): boolean {
  const defaults = resolveSequenceOptions(s.dataType, { increment: s.increment });
  return s.min === defaults.min && s.max === defaults.max;
}

/** `alterSequence` of the options that differ, recording the old ones; nothing when none do. */
function alterOptions(
  ctx: NameContext,
  want: SequenceModel,
  have: SequenceModel,
  phases: Phases,
  notes: string[],
  byHand: string[],
): void {
  if (same({ ...want, ownedBy: null }, { ...have, ownedBy: null })) return;
  const all = (s: SequenceModel) => ({
    dataType: s.dataType,
    start: Number(s.start),
    increment: Number(s.increment),
    minValue: Number(s.min),
    maxValue: Number(s.max),
    cache: Number(s.cache),
    cycle: s.cycle,
  });
  const w = all(want);
  const h = all(have);
  // `AS <type>` moves bounds that are the old type's defaults to the new type's by itself
  // (a bigint's maximum is no JavaScript number, so it could not be written here anyway)
  const movesWithType = (k: string) =>
    (k === "minValue" || k === "maxValue") &&
    want.dataType !== have.dataType &&
    defaultBounds(want) &&
    defaultBounds(have);
  const keys = (Object.keys(w) as (keyof typeof w)[]).filter((k) => w[k] !== h[k] && !movesWithType(k));
  // the old value must fit too: the downgrade restores it (a bigint sequence's default maximum
  // is no JavaScript number, so giving one a MAXVALUE could not be recorded)
  const fits = (k: keyof typeof w) =>
    [w[k], h[k]].every((v) => typeof v !== "number" || Number.isSafeInteger(v));
  const settable = keys.filter(fits);
  const unwritten = keys.filter((k) => !fits(k));
  if (unwritten.length > 0) {
    const note = `sequence ${want.name}: ${unwritten.join(", ")} changed from or to a value beyond 2^53 (a bigint's default bound is one); alter it by hand.`;
    notes.push(note);
    byHand.push(note);
  }
  const pick = (o: typeof w) => Object.fromEntries(settable.map((k) => [k, o[k]]));
  if (settable.length > 0)
    phases.add(
      "sequences",
      operations.alterSequence(nameOf(ctx, want.schema, want.name), pick(w), { existing: pick(h) }),
    );
}
