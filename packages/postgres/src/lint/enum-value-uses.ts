import type { ColumnSpec, JsonValue, Operation } from "@athanor/core";

/** A step of a revision that names a value, and what of it does. */
export interface EnumValueUse {
  readonly kind: string;
  /** e.g. `the default of t.plan`, `check t_team on t`, `the predicate of index t_team_idx`. */
  readonly where: string;
}

/**
 * The SQL expressions an operation makes PostgreSQL parse and evaluate when it runs (a literal
 * there is cast to its type at once): defaults, generated columns, CHECKs, index keys and
 * predicates, view and policy bodies, `USING` conversions, raw SQL. Not the `existing…` fields,
 * which only record the state before for the downgrade.
 */
function expressionsOf(op: Operation): { where: string; sql: string }[] {
  const column = (table: string, c: ColumnSpec) => [
    ...(c.default === undefined ? [] : [{ where: `the default of ${table}.${c.name}`, sql: c.default }]),
    ...(c.generated === undefined
      ? []
      : [{ where: `the generation expression of ${table}.${c.name}`, sql: c.generated.expression }]),
  ];
  switch (op.kind) {
    case "execute":
      return [{ where: "raw SQL", sql: op.sql }];
    case "createTable":
      return [
        ...op.columns.flatMap((c) => column(op.table.name, c)),
        ...(op.checks ?? []).map((c) => ({
          where: `check ${c.name} on ${op.table.name}`,
          sql: c.expression,
        })),
      ];
    case "addColumn":
      return column(op.table.name, op.column);
    case "alterColumn": {
      const at = `${op.table.name}.${op.column}`;
      return [
        ...(typeof op.default === "string" ? [{ where: `the default of ${at}`, sql: op.default }] : []),
        ...(op.using === undefined ? [] : [{ where: `the USING of ${at}`, sql: op.using }]),
        ...(op.generated
          ? [{ where: `the generation expression of ${at}`, sql: op.generated.expression }]
          : []),
      ];
    }
    case "addCheck":
      return [{ where: `check ${op.name} on ${op.table.name}`, sql: op.expression }];
    case "createIndex":
      return [
        ...(op.where === undefined ? [] : [{ where: `the predicate of index ${op.name}`, sql: op.where }]),
        ...op.keys.flatMap((k) =>
          k.expression === undefined ? [] : [{ where: `a key of index ${op.name}`, sql: k.expression }],
        ),
      ];
    case "createView":
      return [{ where: `view ${op.name.name}`, sql: op.definition }];
    case "createPolicy":
      return [op.using, op.withCheck].flatMap((sql) =>
        sql === undefined ? [] : [{ where: `policy ${op.name} on ${op.table.name}`, sql }],
      );
    default:
      return [];
  }
}

/** `'value'` as a SQL string literal. */
function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function rowsHold(rows: readonly { readonly [column: string]: JsonValue }[], value: string): boolean {
  return rows.some((row) => Object.values(row).some((v) => v === value));
}

/**
 * The first of `operations` that uses the enum value `value`: names it as a SQL literal in an
 * expression it evaluates, or inserts it as a row's value.
 *
 * @example
 * ```ts
 * firstUseOf("team", [operations.alterColumn("t", "plan", { default: "'team'::plan" })]);
 * // { kind: "alterColumn", where: "the default of t.plan" }
 * ```
 */
export function firstUseOf(value: string, operations: readonly Operation[]): EnumValueUse | undefined {
  const literal = sqlLiteral(value);
  for (const op of operations) {
    if (op.kind === "bulkInsert") {
      if (rowsHold(op.rows, value)) return { kind: op.kind, where: `a row inserted into ${op.table.name}` };
      continue;
    }
    const found = expressionsOf(op).find((e) => e.sql.includes(literal));
    if (found !== undefined) return { kind: op.kind, where: found.where };
  }
  return undefined;
}

/** Whether SQL text names `value` as a string literal (an `op.query` of the revision). */
export function sqlNames(value: string, sql: string): boolean {
  return sql.includes(sqlLiteral(value));
}
