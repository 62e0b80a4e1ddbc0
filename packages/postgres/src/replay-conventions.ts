import type { ReplayConventions } from "@athanor/core";

// An identity column's sequence takes the column's type, and with it these bounds.
const SEQUENCE_MAX: Readonly<Record<string, string>> = {
  smallint: "32767",
  integer: "2147483647",
  bigint: "9223372036854775807",
};

/**
 * PostgreSQL for the in-memory replay: names as given (63 bytes kept, longer truncated),
 * relations and key indexes in one namespace per schema, identity sequences with the server's
 * defaults, NULLS LAST ascending.
 *
 * @example
 * ```ts
 * postgresReplayConventions("public").defaultNulls("desc"); // "first"
 * ```
 */
export function postgresReplayConventions(defaultSchema: string): ReplayConventions {
  return {
    key: "postgresql",
    defaultSchema,
    maxNameBytes: 63,
    reservedName: (name) => name.endsWith("_seq"),
    // a serial column is an integer with a sequence and a default the server makes up
    expandsType: (type) => /^(small|big)?serial[248]?$/i.test(type.trim()),
    indexNames: "schema",
    foreignKeyNamesPerSchema: false,
    primaryKeyName: (given) => given,
    identity(spec, type) {
      const max = SEQUENCE_MAX[type];
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
    identityNotNull: true,
    autoIncrementNeedsKey: false,
    defaultNulls: (order) => (order === "desc" ? "first" : "last"),
    uniqueIndexesAreConstraints: false,
    indexesForeignKeys: false,
    extendedKeyOptions: true,
    checksReadAsWritten: false,
    columnOnUpdate: false,
    placesColumns: false,
    enumTypes: true,
    schemas: true,
    rowLevelSecurity: true,
  };
}
