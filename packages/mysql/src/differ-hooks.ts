import type { DifferHooks, SqlWithInverse, SyncTriggerPair } from "@athanor/core";
import { quoteIdent } from "./quote.js";

/**
 * Two single-statement BEFORE triggers (no DELIMITER needed); assignment converts types, so no
 * casts. The second assignment sees the first one's result, so exactly one direction is copied.
 */
function syncTriggers(pair: SyncTriggerPair): readonly SqlWithInverse[] {
  const qualified = (name: string) =>
    pair.inDefaultSchema ? quoteIdent(name) : `${quoteIdent(pair.schema)}.${quoteIdent(name)}`;
  const table = qualified(pair.table);
  const [s, t] = [quoteIdent(pair.source), quoteIdent(pair.target)];
  const trigger = (suffix: string) => qualified(`${pair.name}_${suffix}`);
  const insert = pair.twoWay
    ? `SET NEW.${t} = COALESCE(NEW.${t}, NEW.${s}), NEW.${s} = COALESCE(NEW.${s}, NEW.${t})`
    : `SET NEW.${t} = NEW.${s}`;
  const update = pair.twoWay
    ? `SET NEW.${t} = IF(NOT (NEW.${s} <=> OLD.${s}) AND (NEW.${t} <=> OLD.${t}), NEW.${s}, NEW.${t}), ` +
      `NEW.${s} = IF(NOT (NEW.${t} <=> OLD.${t}) AND (NEW.${s} <=> OLD.${s}), NEW.${t}, NEW.${s})`
    : `SET NEW.${t} = IF(NOT (NEW.${s} <=> OLD.${s}), NEW.${s}, NEW.${t})`;
  return [
    {
      sql: `CREATE TRIGGER ${trigger("ins")} BEFORE INSERT ON ${table} FOR EACH ROW ${insert}`,
      down: `DROP TRIGGER ${trigger("ins")}`,
    },
    {
      sql: `CREATE TRIGGER ${trigger("upd")} BEFORE UPDATE ON ${table} FOR EACH ROW ${update}`,
      down: `DROP TRIGGER ${trigger("upd")}`,
    },
  ];
}

/**
 * MySQL's (and MariaDB's) decisions for autogenerate: a schema is the session's database,
 * AUTO_INCREMENT, foreign key indexes kept by the server; staged changes built online in place
 * (no split revision, no NOT VALID), kept in step by two triggers that convert on assignment.
 *
 * @example
 * ```ts
 * diffSchemas(desired, live, { hooks: mysqlDifferHooks, defaultSchema: "app" });
 * ```
 */
export const mysqlDifferHooks: DifferHooks = {
  name: "mysql",
  defaultSchema: undefined,
  schemasAreDatabases: true,
  namedTypes: false,
  placesColumns: true,
  quoteIdentifier: quoteIdent,
  indexNullsOrdering: false,
  indexStorageParameters: false,
  serverManagedForeignKeyIndexes: true,
  identityChange: "auto-increment",
  collationChange: "by-hand",
  typeChangeCast: false,
  generatedChange: "in-place",
  enumValueOutsideTransaction: false,
  staging: {
    onlineForms: false,
    assignmentConverts: true,
    syncTriggers,
    notNullRecipe: "in-place",
    inPlaceRules: {
      renameColumn: "my/rename-column",
      renameTable: "my/rename-table",
      dropColumn: "my/drop-column",
      dropTable: "my/drop-table",
      addRequiredColumn: "my/add-required-column",
      typeChangeRewrite: "my/column-type-copy",
      addGeneratedColumn: "my/add-column-copy",
      generationChangeCopy: "my/column-generation-copy",
      foreignKeyCopy: "my/foreign-key-copy",
    },
  },
};
