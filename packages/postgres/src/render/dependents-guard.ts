import type { OperationOf } from "@athanor/core";
import { qualifiedNameText, quoteLiteral, quoteQualified } from "../quote.js";
import { dollarTag } from "./dollar-tag.js";

/** The session setting that lets the check pass (`upgrade --allow-broken-dependents` sets it). */
export const ALLOW_BROKEN_DEPENDENTS = "athanor.allow_broken_dependents";

const escapeRegex = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * The names as a function body may spell them, bare or quoted (`a"b` as `"a""b"`), and not inside
 * a longer name. `\m`/`\M` needed a word character at a name's edge: `"m✓"` or `"$m"` matched nothing.
 */
const standalone = (names: readonly string[]) => {
  const spellings = new Set(names.flatMap((n) => [n, n.replaceAll('"', '""')]));
  return quoteLiteral(`(?<![[:alnum:]_$])(${[...spellings].map(escapeRegex).join("|")})(?![[:alnum:]_$])`);
};
const textArray = (names: readonly string[]) =>
  names.length === 0 ? "ARRAY[]::text[]" : `ARRAY[${names.map(quoteLiteral).join(", ")}]`;

/**
 * The objects outside the models that the check of `op` refuses for, one row each (`kind`,
 * `name`; the check lists them as `kind name`): views, materialized views and rules reading a
 * dropped column (or, for a dropped table, the table), trigger functions of the table naming the
 * columns, other SQL/plpgsql functions naming the table and the columns (see
 * {@link renderRequireNoDependents}). Autogenerate runs it as is, to warn before the revision exists.
 *
 * @example
 * ```ts
 * await conn.query(postgresDependentsQuery(operations.requireNoDependents("users", ["mail"])));
 * // [{ kind: "view", name: "mail_view" }]
 * ```
 */
export function postgresDependentsQuery(op: OperationOf<"requireNoDependents">): string {
  const table = quoteLiteral(qualifiedNameText(op.table));
  const wholeTable = op.columns === "table";
  const names = wholeTable ? [] : op.columns;
  // a renamed column's views, rules and materialized views follow it: only dropped ones break
  const dropped = textArray(names.filter((c) => !(op.renamed ?? []).includes(c)));
  const tableWord = standalone([op.table.name]);
  const words = wholeTable ? tableWord : standalone(names);
  const views = textArray(op.except?.views ?? []);
  const syncFunctions = textArray(op.except?.syncTriggers ?? []);
  // a dropped table's own rules go with it
  const viewsReading = wholeTable ? `c.oid <> ${table}::regclass` : `a.attname = ANY (${dropped})`;
  return [
    "SELECT CASE WHEN r.rulename <> '_RETURN' THEN 'rule' WHEN c.relkind = 'm' THEN 'materialized view' ELSE 'view' END AS kind,",
    "  CASE WHEN r.rulename <> '_RETURN' THEN quote_ident(r.rulename) || ' on ' || c.oid::regclass::text ELSE c.oid::regclass::text END AS name",
    "FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid",
    "JOIN pg_class c ON c.oid = r.ev_class",
    "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid",
    `WHERE d.refobjid = ${table}::regclass AND ${viewsReading} AND c.relname <> ALL (${views})`,
    "UNION",
    "SELECT 'trigger', quote_ident(t.tgname) || ' on ' || t.tgrelid::regclass::text || ' (function ' || p.oid::regprocedure::text || ')'",
    "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid",
    // a dropped table's own triggers go with it
    `WHERE ${wholeTable ? "false" : `t.tgrelid = ${table}::regclass`} AND NOT t.tgisinternal AND p.prosrc ~* ${words} AND p.proname <> ALL (${syncFunctions})`,
    "UNION",
    "SELECT 'function', p.oid::regprocedure::text FROM pg_proc p",
    "JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang",
    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND l.lanname IN ('sql', 'plpgsql')",
    `  AND p.prosrc ~* ${words} AND p.prosrc ~* ${tableWord} AND p.proname <> ALL (${syncFunctions})`,
    `  AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgfoid = p.oid AND t.tgrelid = ${table}::regclass)`,
  ].join("\n");
}

/**
 * One DO block that refuses (`dependent_objects_still_exist`, the transaction rolls back) while
 * something outside the models names a column about to go, or the table when it goes whole:
 * views, materialized views and rules reading it (PostgreSQL tracks these: it would refuse the
 * DROP itself, with a less useful message; they follow a rename, so a renamed column's are
 * not named), and function bodies, which it does not track — a trigger function of the table
 * naming the column, or any other SQL/plpgsql function naming both the table and the column (a
 * word match: it may name an object that only mentions them). For a dropped table: the views
 * and rules of other tables reading it and the functions naming it (its own triggers go with
 * it). The objects are listed as `[kind name; ...]` (the runner reads that list into the
 * error's meta).
 *
 * @example
 * ```ts
 * renderRequireNoDependents(operations.requireNoDependents("users", ["mail"]));
 * // ["DO $athanor$ ... RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist' ... $athanor$"]
 * ```
 */
export function renderRequireNoDependents(op: OperationOf<"requireNoDependents">): string[] {
  const label =
    op.columns === "table"
      ? `the table ${quoteQualified(op.table)}`
      : `${op.columns.join(", ")} of ${quoteQualified(op.table)}`;
  const body = [
    "DECLARE found text;",
    "DECLARE n bigint;",
    "BEGIN",
    `  IF coalesce(current_setting(${quoteLiteral(ALLOW_BROKEN_DEPENDENTS)}, true), '') = 'on' THEN RETURN; END IF;`,
    "  SELECT string_agg(kind || ' ' || name, '; ' ORDER BY kind || ' ' || name), count(*) INTO found, n FROM (",
    postgresDependentsQuery(op),
    "  ) AS dependents;",
    "  IF found IS NOT NULL THEN",
    `    RAISE EXCEPTION USING ERRCODE = 'dependent_objects_still_exist', MESSAGE = format('%s outside the models %s %s, which this revision drops or renames: [%s]. They would break silently. Change or drop them first (or recreate them after), or run with --allow-broken-dependents (SET ${ALLOW_BROKEN_DEPENDENTS} = on) to go ahead anyway', CASE WHEN n > 1 THEN 'Objects' ELSE 'An object' END, CASE WHEN n > 1 THEN 'still name' ELSE 'still names' END, ${quoteLiteral(label)}, found);`,
    "  END IF;",
    "END",
  ].join("\n");
  const tag = dollarTag(body);
  return [`DO ${tag}\n${body}\n${tag}`];
}
