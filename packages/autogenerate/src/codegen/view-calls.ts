import type { OperationOf, PolicyDefinition, ViewDefinition } from "@athanor/core";
import type { Literal } from "./js-literal.js";

// The `op.*` calls of views, policies and row-level security, kept apart from the table and
// constraint callers in operation-call.ts.

type Args = readonly Literal[];
type Name = { readonly schema?: string; readonly name: string };

const name = (q: Name): Literal => (q.schema === undefined ? q.name : { schema: q.schema, name: q.name });
const present = (value: { readonly [key: string]: Literal }): Args =>
  Object.values(value).some((v) => v !== undefined) ? [value] : [];
const view = (d: ViewDefinition): Literal => ({ definition: d.definition, with: d.with as Literal });
const policy = (d: PolicyDefinition): { readonly [key: string]: Literal } => ({
  as: d.as,
  for: d.for,
  to: d.to,
  using: d.using,
  withCheck: d.withCheck,
});

/** The callers for the view, policy and row-level security kinds, merged into `CALLERS`. */
export const VIEW_CALLERS = {
  createView: (op: OperationOf<"createView">): Args => [
    name(op.name),
    op.definition,
    ...present({ materialized: op.materialized, with: op.with as Literal }),
  ],
  dropView: (op: OperationOf<"dropView">): Args => [
    name(op.name),
    ...present({
      materialized: op.materialized,
      existing: op.existing === undefined ? undefined : view(op.existing),
    }),
  ],
  createPolicy: ({ kind: _, name: n, table, ...definition }: OperationOf<"createPolicy">): Args => [
    n,
    name(table),
    ...present(policy(definition)),
  ],
  dropPolicy: (op: OperationOf<"dropPolicy">): Args => [
    op.name,
    name(op.table),
    ...present({ existing: op.existing === undefined ? undefined : policy(op.existing) }),
  ],
  enableRowLevelSecurity: (op: OperationOf<"enableRowLevelSecurity">): Args => [name(op.table)],
  disableRowLevelSecurity: (op: OperationOf<"disableRowLevelSecurity">): Args => [name(op.table)],
};
