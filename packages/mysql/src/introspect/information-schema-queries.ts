// The bulk information_schema queries of the MySQL introspector: one per kind of object,
// each covering every table of the database at once (never one query per table). `?` is the
// database name. Column aliases are lower-case so MySQL and MariaDB return the same keys.

/** Base tables with their comment and default collation. */
export const TABLES_QUERY = `
SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment, TABLE_COLLATION AS collation
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'
ORDER BY TABLE_NAME`;

/** Every column of every table, in physical order. */
export const COLUMNS_QUERY = `
SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, ORDINAL_POSITION AS position, COLUMN_TYPE AS type,
  IS_NULLABLE AS nullable, COLUMN_DEFAULT AS column_default, EXTRA AS extra, COLUMN_COMMENT AS comment,
  COLLATION_NAME AS collation, GENERATION_EXPRESSION AS generation, DATA_TYPE AS data_type
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = ?
ORDER BY TABLE_NAME, ORDINAL_POSITION`;

/** Index key parts; MySQL 8 adds functional key parts in EXPRESSION (MariaDB has no such column). */
export function statisticsQuery(hasExpressionColumn: boolean): string {
  return `
SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq,
  COLUMN_NAME AS column_name, COLLATION AS collation, SUB_PART AS sub_part, INDEX_TYPE AS index_type,
  ${hasExpressionColumn ? "EXPRESSION" : "NULL"} AS expression
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = ?
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
}

/**
 * Foreign key columns in order (joined with {@link FOREIGN_KEY_RULES_QUERY} by the client, see
 * foreign-key-rows.ts: MariaDB scans REFERENTIAL_CONSTRAINTS of every database when the two are
 * joined in SQL, ~0.3 s at 1,000 keys on a server with a few dozen databases; each alone reads
 * one). `?` twice: the database.
 */
export const FOREIGN_KEY_COLUMNS_QUERY = `
SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name,
  k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_column
FROM information_schema.KEY_COLUMN_USAGE k
WHERE k.TABLE_SCHEMA = ? AND k.CONSTRAINT_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

/** The actions of each foreign key of the database. */
export const FOREIGN_KEY_RULES_QUERY = `
SELECT r.TABLE_NAME AS table_name, r.CONSTRAINT_NAME AS name, r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
FROM information_schema.REFERENTIAL_CONSTRAINTS r
WHERE r.CONSTRAINT_SCHEMA = ?`;

/**
 * CHECK constraints with their table. MariaDB's CHECK_CONSTRAINTS has TABLE_NAME and LEVEL
 * (`Column` for a check written on a column, such as the one behind its JSON type); MySQL's
 * has neither, so the table comes from TABLE_CONSTRAINTS.
 */
export function checksQuery(flavor: "mysql" | "mariadb"): string {
  if (flavor === "mariadb") {
    return `
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause, LEVEL AS level
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = ?
ORDER BY TABLE_NAME, CONSTRAINT_NAME`;
  }
  return `
SELECT t.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS clause, 'Table' AS level
FROM information_schema.CHECK_CONSTRAINTS c
JOIN information_schema.TABLE_CONSTRAINTS t
  ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK'
WHERE c.CONSTRAINT_SCHEMA = ?
ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME`;
}
