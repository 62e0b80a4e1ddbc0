import type { ColumnModel, IdentityModel, IdentitySpec } from "@athanor/core";

/**
 * What a server does on its own when an operation leaves something unsaid, for the dialects the
 * in-memory replay models. Anything these conventions cannot say exactly makes the replay refuse
 * (see {@link ReplayRefused}), never guess.
 */
export interface ReplayConventions {
  readonly family: "postgresql" | "mysql";
  /** Where an unqualified name lands: `public`, or the MySQL database. */
  readonly defaultSchema: string;
  /** The primary key's name as the introspector reads it (MySQL: always `PRIMARY`). */
  primaryKeyName(given: string | undefined): string | undefined;
  /** A column's identity as the introspector reads it; undefined: not modelled. */
  identity(spec: IdentitySpec, type: string): IdentityModel | undefined;
  /** NULLs placement of an index key when the operation names none. */
  defaultNulls(order: "asc" | "desc"): "first" | "last";
}

/** Thrown inside the replay when an operation cannot be modelled exactly; the caller falls back. */
export class ReplayRefused extends Error {}

/** Refuses the in-memory replay with `reason`. */
export function refuse(reason: string): never {
  throw new ReplayRefused(reason);
}

// PostgreSQL's identity sequence bounds per column type (the sequence takes the column's type).
const PG_MAX: Readonly<Record<string, string>> = {
  smallint: "32767",
  integer: "2147483647",
  bigint: "9223372036854775807",
};

/** PostgreSQL: names as given, identity sequences with the server's defaults. */
export function postgresConventions(defaultSchema: string): ReplayConventions {
  return {
    family: "postgresql",
    defaultSchema,
    primaryKeyName: (given) => given,
    identity(spec, type) {
      const max = PG_MAX[type];
      const increment = spec.increment ?? 1;
      // Descending sequences and explicit bounds have server rules of their own: not modelled.
      if (max === undefined || increment <= 0 || spec.minValue !== undefined || spec.maxValue !== undefined)
        return undefined;
      const start = spec.start ?? 1;
      if (start < 1) return undefined;
      return {
        generation: spec.always ? "always" : "byDefault",
        sequence: {
          dataType: type,
          start: String(start),
          increment: String(increment),
          min: "1",
          max,
          cache: String(spec.cache ?? 1),
          cycle: spec.cycle === true,
        },
      };
    },
    defaultNulls: (order) => (order === "desc" ? "first" : "last"),
  };
}

/** MariaDB: the primary key is `PRIMARY`, AUTO_INCREMENT has no sequence, NULLs sort first. */
export function mariadbConventions(database: string): ReplayConventions {
  return {
    family: "mysql",
    defaultSchema: database,
    primaryKeyName: () => "PRIMARY",
    // AUTO_INCREMENT takes only a start (the table's counter, not read back); the renderer refuses the rest.
    identity: (spec) =>
      spec.always ||
      [spec.increment, spec.minValue, spec.maxValue, spec.cache, spec.cycle].some((v) => v !== undefined)
        ? undefined
        : { generation: "byDefault", sequence: null },
    defaultNulls: (order) => (order === "asc" ? "first" : "last"),
  };
}

/** A column's model as the introspector reads it, with the defaults filled in. */
export type ReplayColumn = { -readonly [K in keyof ColumnModel]: ColumnModel[K] };
