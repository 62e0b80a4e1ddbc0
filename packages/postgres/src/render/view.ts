import type { OperationOf } from "@athanor/core";
import { quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";

// Views, materialized views, row-level security and policies. Option names pass through
// quoteIdent and values through quoteLiteral (`WITH ("security_barrier" = 'true')` is valid
// PostgreSQL); only the definition and the policy expressions are SQL, rendered verbatim.

/** Role names PostgreSQL spells as keywords in `TO ...`; any other name is a quoted role. */
const ROLE_KEYWORDS = new Set(["public", "current_user", "current_role", "session_user"]);

function withClause(options: { readonly [option: string]: string } | undefined): string {
  const entries = Object.entries(options ?? {});
  if (entries.length === 0) return "";
  return ` WITH (${entries.map(([k, v]) => `${quoteIdent(k)} = ${quoteLiteral(v)}`).join(", ")})`;
}

/**
 * `CREATE [MATERIALIZED] VIEW`.
 *
 * @example
 * ```ts
 * renderCreateView(operations.createView("v", "SELECT 1")); // ['CREATE VIEW "v" AS SELECT 1']
 * ```
 */
export function renderCreateView(op: OperationOf<"createView">): string[] {
  const what = op.materialized === true ? "MATERIALIZED VIEW" : "VIEW";
  return [`CREATE ${what} ${quoteQualified(op.name)}${withClause(op.with)} AS ${op.definition}`];
}

/** `DROP [MATERIALIZED] VIEW`; without CASCADE, so a dependent object stops it instead of going silently. */
export function renderDropView(op: OperationOf<"dropView">): string[] {
  return [`DROP ${op.materialized === true ? "MATERIALIZED VIEW" : "VIEW"} ${quoteQualified(op.name)}`];
}

/**
 * `CREATE POLICY`, with only the clauses that differ from PostgreSQL's defaults.
 *
 * @example
 * ```ts
 * renderCreatePolicy(operations.createPolicy("r", "notes", { for: "select", using: "true" }));
 * // ['CREATE POLICY "r" ON "notes" FOR SELECT USING (true)']
 * ```
 */
export function renderCreatePolicy(op: OperationOf<"createPolicy">): string[] {
  const role = (name: string) => (ROLE_KEYWORDS.has(name) ? name.toUpperCase() : quoteIdent(name));
  return [
    [
      `CREATE POLICY ${quoteIdent(op.name)} ON ${quoteQualified(op.table)}`,
      ...(op.as === "restrictive" ? ["AS RESTRICTIVE"] : []),
      ...(op.for === undefined ? [] : [`FOR ${op.for.toUpperCase()}`]),
      ...(op.to === undefined ? [] : [`TO ${op.to.map(role).join(", ")}`]),
      ...(op.using === undefined ? [] : [`USING (${op.using})`]),
      ...(op.withCheck === undefined ? [] : [`WITH CHECK (${op.withCheck})`]),
    ].join(" "),
  ];
}

/** `DROP POLICY`. */
export function renderDropPolicy(op: OperationOf<"dropPolicy">): string[] {
  return [`DROP POLICY ${quoteIdent(op.name)} ON ${quoteQualified(op.table)}`];
}

/** `ALTER TABLE ... ENABLE | DISABLE ROW LEVEL SECURITY`. */
export function renderRowLevelSecurity(
  op: OperationOf<"enableRowLevelSecurity"> | OperationOf<"disableRowLevelSecurity">,
): string[] {
  const change = op.kind === "enableRowLevelSecurity" ? "ENABLE" : "DISABLE";
  return [`ALTER TABLE ${quoteQualified(op.table)} ${change} ROW LEVEL SECURITY`];
}
