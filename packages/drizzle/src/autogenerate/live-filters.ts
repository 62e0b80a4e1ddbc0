import { createRequire } from "node:module";
import type { SchemaModel } from "@athanor/core";

// picomatch is loaded when a filter is first built: every check reads this module, few set one
// (~7 ms of start-up otherwise).
const require = createRequire(import.meta.url);
const picomatch = (pattern: string, options: { dot: boolean }): ((name: string) => boolean) =>
  (require("picomatch") as typeof import("picomatch"))(pattern, options);

/**
 * drizzle-kit's `tablesFilter` as a test of a table name, with drizzle-kit's own rule: each
 * pattern that matches votes yes, a `!pattern` whose pattern matches votes no, and a name that
 * gets no vote is left out.
 *
 * @example
 * ```ts
 * tablesFilterOf(["app_*", "!app_tmp"])("app_users"); // true
 * tablesFilterOf(["app_*"])("other"); // false
 * ```
 */
export function tablesFilterOf(patterns: readonly string[]): (name: string) => boolean {
  // minimatch's negation, as drizzle-kit's Minimatch objects do it: `!p` matches what p does not
  const matchers = patterns.map((pattern) => {
    const negate = pattern.startsWith("!");
    const test = picomatch(negate ? pattern.slice(1) : pattern, { dot: true });
    return { negate, matches: (name: string) => test(name) !== negate };
  });
  return (name) => {
    if (matchers.length === 0) return true;
    const votes: boolean[] = [];
    for (const matcher of matchers) {
      if (matcher.negate && !matcher.matches(name)) votes.push(false);
      if (matcher.matches(name)) votes.push(true);
    }
    return votes.length > 0 && votes.every(Boolean);
  };
}

/**
 * The live model without the tables and views `keep` leaves out: they are compared as if the
 * database did not hold them, so nothing is proposed for them.
 */
export function keepTables(model: SchemaModel, keep: (name: string) => boolean): SchemaModel {
  return {
    ...model,
    tables: model.tables.filter((t) => keep(t.name)),
    ...(model.views === undefined ? {} : { views: model.views.filter((v) => keep(v.name)) }),
  };
}

/**
 * The model with only the objects of `schemas` (drizzle-kit's `schemaFilter`), for a comparison
 * that reads every schema (`check --against migrations`).
 */
export function keepSchemas(model: SchemaModel, schemas: readonly string[]): SchemaModel {
  const kept = new Set(schemas);
  return {
    ...model,
    schemas: model.schemas.filter((s) => kept.has(s)),
    tables: model.tables.filter((t) => kept.has(t.schema)),
    enums: model.enums.filter((e) => kept.has(e.schema)),
    sequences: model.sequences.filter((s) => kept.has(s.schema)),
    ...(model.views === undefined ? {} : { views: model.views.filter((v) => kept.has(v.schema)) }),
  };
}
