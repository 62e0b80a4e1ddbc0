import type { DifferHooks, SqlWithInverse, SyncTriggerPair } from "@athanor/core";
import { quoteIdent } from "./quote.js";

/** PostgreSQL 18 adds NOT NULL constraints `NOT VALID` and validates them natively. */
const NATIVE_NOT_VALID_NOT_NULL = 180000;

const qualified = (schema: string | undefined, name: string) =>
  schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;

/**
 * One plpgsql function and a BEFORE INSERT OR UPDATE trigger calling it. On INSERT the side the
 * code left empty is filled from the other; on UPDATE the side that changed is copied over
 * (both ways only for a rename).
 */
function syncTriggers(pair: SyncTriggerPair): readonly SqlWithInverse[] {
  const schema = pair.inDefaultSchema ? undefined : pair.schema;
  const fn = qualified(schema, pair.name);
  const table = qualified(schema, pair.table);
  const [s, t] = [quoteIdent(pair.source), quoteIdent(pair.target)];
  const body = pair.twoWay
    ? [
        "  IF TG_OP = 'INSERT' THEN",
        `    NEW.${t} := COALESCE(NEW.${t}, ${pair.toTarget("NEW")});`,
        `    NEW.${s} := COALESCE(NEW.${s}, ${pair.toSource("NEW")});`,
        `  ELSIF NEW.${s} IS DISTINCT FROM OLD.${s} AND NEW.${t} IS NOT DISTINCT FROM OLD.${t} THEN`,
        `    NEW.${t} := ${pair.toTarget("NEW")};`,
        `  ELSIF NEW.${t} IS DISTINCT FROM OLD.${t} AND NEW.${s} IS NOT DISTINCT FROM OLD.${s} THEN`,
        `    NEW.${s} := ${pair.toSource("NEW")};`,
        "  END IF;",
      ]
    : [
        // OLD is unassigned on INSERT, so the UPDATE test sits in its own branch.
        "  IF TG_OP = 'INSERT' THEN",
        `    NEW.${t} := ${pair.toTarget("NEW")};`,
        `  ELSIF NEW.${s} IS DISTINCT FROM OLD.${s} THEN`,
        `    NEW.${t} := ${pair.toTarget("NEW")};`,
        "  END IF;",
      ];
  const createFunction = [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    "BEGIN",
    ...body,
    "  RETURN NEW;",
    "END",
    "$$",
  ].join("\n");
  const trigger = quoteIdent(pair.name);
  return [
    { sql: createFunction, down: `DROP FUNCTION ${fn}()` },
    {
      sql: `CREATE TRIGGER ${trigger} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      down: `DROP TRIGGER ${trigger} ON ${table}`,
    },
  ];
}

/**
 * PostgreSQL's (and PGlite's) decisions for autogenerate: schemas, enum types and sequences of
 * their own, identity steps, `USING` casts; staged changes split into an online revision
 * (CONCURRENTLY, NOT VALID), kept in step by a plpgsql trigger, NOT NULL through a validated check.
 *
 * @example
 * ```ts
 * diffSchemas(desired, live, { hooks: postgresDifferHooks });
 * ```
 */
export const postgresDifferHooks: DifferHooks = {
  name: "postgresql",
  defaultSchema: "public",
  schemasAreDatabases: false,
  namedTypes: true,
  quoteIdentifier: quoteIdent,
  indexNullsOrdering: true,
  indexStorageParameters: true,
  serverManagedForeignKeyIndexes: false,
  identityChange: "identity",
  collationChange: "alter-type",
  typeChangeCast: true,
  generatedChange: "drop-expression",
  enumValueOutsideTransaction: true,
  staging: {
    onlineForms: true,
    assignmentConverts: false,
    syncTriggers,
    notNullRecipe: "validated-check",
    notValidNotNull(serverVersion, table, constraint, column) {
      if ((serverVersion ?? 0) < NATIVE_NOT_VALID_NOT_NULL) return undefined;
      const t = qualified(table.schema, table.name);
      return {
        sql: `ALTER TABLE ${t} ADD CONSTRAINT ${quoteIdent(constraint)} NOT NULL ${quoteIdent(column)} NOT VALID`,
        down: `ALTER TABLE ${t} DROP CONSTRAINT ${quoteIdent(constraint)}`,
      };
    },
    inPlaceRules: {
      renameColumn: "pg/rename-column",
      renameTable: "pg/rename-table",
      dropColumn: "pg/drop-column",
      dropTable: "pg/drop-table",
      addRequiredColumn: "pg/add-required-column",
      typeChangeRewrite: "pg/type-change-rewrite",
      addGeneratedColumn: "pg/add-stored-generated-column",
      addSerialColumn: "pg/volatile-default",
    },
  },
};
