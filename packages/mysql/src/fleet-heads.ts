import { quoteLiteral } from "./quote.js";

// Backticks doubled inside a quoted identifier, as quoteIdent does, but done by the server on
// the names it found (they reach the built statement only through this expression).
const ident = (column: string) => `CONCAT('\`', REPLACE(${column}, '\`', '\`\`'), '\`')`;

/**
 * The heads of many tenant databases in one round trip on MariaDB: an anonymous compound
 * statement finds the databases that have the version table (`information_schema.TABLES`),
 * builds the `UNION ALL` of their version rows server-side — names quoted by the server with
 * `QUOTE()` and doubled backticks, never spliced from the client — and runs it with
 * `EXECUTE IMMEDIATE`, whose rows are the statement's first result set. Where the two-step read
 * (the catalog, then the union) sent two queries per 200 tenants, this sends one per 1,000.
 * MariaDB only (10.2+): MySQL 8 has no compound statements outside stored programs, and keeps the
 * two-step read. Database names reach SQL only as literals.
 *
 * @example
 * ```ts
 * mariadbFleetHeadsSql(["tenant_a", "tenant_b"], "athanor_version");
 * ```
 */
export function mariadbFleetHeadsSql(databases: readonly string[], versionTable: string): string {
  const select = `CONCAT('SELECT ', QUOTE(TABLE_SCHEMA), ' AS s, version_num AS v FROM ', ${ident("TABLE_SCHEMA")}, '.', ${ident("TABLE_NAME")})`;
  return (
    "BEGIN NOT ATOMIC DECLARE q LONGTEXT; " +
    `SET STATEMENT group_concat_max_len = 4294967295 FOR SELECT GROUP_CONCAT(${select} SEPARATOR ' UNION ALL ') INTO q ` +
    `FROM information_schema.TABLES WHERE TABLE_NAME = ${quoteLiteral(versionTable)} ` +
    `AND TABLE_SCHEMA IN (${databases.map(quoteLiteral).join(", ")}); ` +
    "IF q IS NOT NULL THEN EXECUTE IMMEDIATE q; END IF; END"
  );
}
