import type { ReplayConventions } from "@athanor/core";

/**
 * MariaDB/MySQL for the in-memory replay: the primary key is `PRIMARY`, index names per table,
 * foreign key names per database, AUTO_INCREMENT without a sequence and only on a keyed column,
 * NULLs sorted first, unique indexes read back as unique constraints, and InnoDB's own index
 * for a foreign key no index covers.
 *
 * @example
 * ```ts
 * mysqlReplayConventions("shop").primaryKeyName("users_pkey"); // "PRIMARY"
 * ```
 */
export function mysqlReplayConventions(database: string): ReplayConventions {
  return {
    key: "mysql",
    defaultSchema: database,
    // longer names are refused by the server
    maxNameBytes: 64,
    reservedName: () => false,
    expandsType: () => false,
    indexNames: "table",
    foreignKeyNamesPerSchema: true,
    primaryKeyName: () => "PRIMARY",
    // AUTO_INCREMENT takes only a start (the table's counter, not read back); the renderer refuses the rest.
    identity: (spec) =>
      spec.always ||
      [spec.increment, spec.minValue, spec.maxValue, spec.cache, spec.cycle].some((v) => v !== undefined)
        ? undefined
        : { generation: "byDefault", sequence: null },
    identityNotNull: false,
    autoIncrementNeedsKey: true,
    defaultNulls: (order) => (order === "asc" ? "first" : "last"),
    uniqueIndexesAreConstraints: true,
    indexesForeignKeys: true,
    extendedKeyOptions: false,
    checksReadAsWritten: true,
    columnOnUpdate: true,
    placesColumns: true,
    enumTypes: false,
    schemas: false,
    rowLevelSecurity: false,
  };
}
