import { defineLintRule, type LintRule, type QualifiedName, tableLabel } from "@athanor/core";
import { METADATA_LOCK, MY_DIALECTS } from "./online-ddl.js";

const sameTable = (a: QualifiedName, b: QualifiedName) =>
  a.name === b.name && (a.schema ?? "") === (b.schema ?? "");

// Statements Galera does not replicate, or replicates in a way that breaks the cluster.
const NON_INNODB_ENGINE = /\bENGINE\s*=?\s*['"`]?(MyISAM|Aria|MEMORY|HEAP|CSV|ARCHIVE|MRG_MyISAM|MERGE)\b/i;
const LOCK_TABLES = /(^|;)\s*(LOCK\s+TABLES?|FLUSH\s+TABLES?\s+[\s\S]*?WITH\s+READ\s+LOCK)\b/i;
const GET_LOCK = /\b(GET_LOCK|RELEASE_LOCK)\s*\(/i;

/**
 * Rules for MariaDB Galera (`mysql: { galera: true }` in the config): Galera replicates InnoDB rows
 * by primary key (a table without one is replicated by full-row comparison, deletes can diverge,
 * and MariaDB's `innodb_force_primary_key` refuses it), does not replicate MyISAM/Aria data, and
 * its LOCK TABLES / GET_LOCK hold on one node only.
 *
 * @example
 * ```ts
 * const rules = [...createMysqlLintRules(), ...galeraRules];
 * ```
 */
export const galeraRules: readonly LintRule[] = [
  defineLintRule({
    id: "my/galera-no-primary-key",
    dialects: MY_DIALECTS,
    kinds: ["createTable"],
    severity: "error",
    summary: "a table without a primary key on Galera: rows replicate without a key and nodes can diverge",
    lock: null,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe: "give the table a primary key (an id column if nothing else identifies a row)",
    check(op, context) {
      if (op.primaryKey !== undefined) return undefined;
      const later = context.revision.operations.slice(context.index + 1);
      if (later.some((o) => o.kind === "addPrimaryKey" && sameTable(o.table, op.table))) return undefined;
      return {
        message: `${tableLabel(op.table)} has no primary key: Galera certifies and applies rows by primary key, so without one replication is slow and deletes/updates of duplicate rows can leave nodes different.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "my/galera-primary-key-dropped",
    dialects: MY_DIALECTS,
    kinds: ["dropConstraint"],
    severity: "error",
    summary: "dropping a primary key on Galera leaves a table replicated without a key",
    lock: METADATA_LOCK,
    rewritesTable: true,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe: "drop and add the primary key in one ALTER (op.execute), or add the new key first",
    check(op, context) {
      const isPrimary = op.name.toUpperCase() === "PRIMARY" || op.existing?.type === "primaryKey";
      if (!isPrimary) return undefined;
      const later = context.revision.operations.slice(context.index + 1);
      if (later.some((o) => o.kind === "addPrimaryKey" && sameTable(o.table, op.table))) return undefined;
      return {
        message: `${tableLabel(op.table)} loses its primary key: on Galera a table must keep one.`,
        table: op.table,
      };
    },
  }),
  defineLintRule({
    id: "my/galera-non-innodb",
    dialects: MY_DIALECTS,
    kinds: ["execute"],
    severity: "error",
    summary: "a non-InnoDB table on Galera: its rows are not replicated",
    lock: null,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe:
      "use ENGINE=InnoDB (Galera replicates InnoDB only; MyISAM replication is experimental and off)",
    check(op) {
      const engine = NON_INNODB_ENGINE.exec(op.sql);
      if (engine === null) return undefined;
      return {
        message: `ENGINE=${engine[1]}: Galera replicates only InnoDB rows; this table's data would differ per node.`,
      };
    },
  }),
  defineLintRule({
    id: "my/galera-node-local-lock",
    dialects: MY_DIALECTS,
    kinds: ["execute"],
    severity: "error",
    summary: "LOCK TABLES, FLUSH TABLES WITH READ LOCK and GET_LOCK hold on one Galera node only",
    lock: null,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe:
      "drop the explicit lock: athanor's own lock already serialises runners cluster-wide, and Galera certification resolves conflicting writes",
    check(op) {
      const what = LOCK_TABLES.exec(op.sql)?.[2] ?? GET_LOCK.exec(op.sql)?.[1];
      if (what === undefined) return undefined;
      return {
        message: `${what.replace(/\s+/g, " ").toUpperCase()} holds on the node that runs it only: writes through the other Galera nodes go on (LOCK TABLES is not supported by Galera at all).`,
      };
    },
  }),
];
