import type {
  Operation,
  PolicyInput,
  PolicyModel,
  QualifiedName,
  SchemaModel,
  ViewModel,
} from "@athanor/core";
import { mentionsName, operations } from "@athanor/core";

// Model → operations for views, policies and row-level security, shared by the differ and by
// materialisation. Which view reads which relation is decided from the definition text
// (core's mentionsName): a false positive costs one needless drop and re-create, never a
// missed dependency.

/** `{ schema, name }` of a view, with the schema left out in `defaultSchema` when given. */
export function viewName(view: ViewModel, defaultSchema?: string): QualifiedName {
  return view.schema === defaultSchema ? { name: view.name } : { schema: view.schema, name: view.name };
}

function options(view: ViewModel): { readonly [option: string]: string } | undefined {
  if (view.with.length === 0) return undefined;
  return Object.fromEntries(
    view.with.map((o) => {
      const at = o.indexOf("=");
      return at < 0 ? [o, ""] : [o.slice(0, at), o.slice(at + 1)];
    }),
  );
}

/** The `createView` that makes `view`. */
export function createViewOp(view: ViewModel, defaultSchema?: string): Operation {
  const w = options(view);
  return operations.createView(viewName(view, defaultSchema), view.definition, {
    ...(view.materialized ? { materialized: true } : {}),
    ...(w === undefined ? {} : { with: w }),
  });
}

/** The `dropView` of `view`, recording its definition so the downgrade re-creates it. */
export function dropViewOp(view: ViewModel, defaultSchema?: string): Operation {
  const w = options(view);
  return operations.dropView(viewName(view, defaultSchema), {
    ...(view.materialized ? { materialized: true } : {}),
    existing: { definition: view.definition, ...(w === undefined ? {} : { with: w }) },
  });
}

/** A policy of the model as builders take it, defaults left out. */
export function policyInput(policy: PolicyModel): PolicyInput {
  return {
    ...(policy.permissive ? {} : { as: "restrictive" as const }),
    ...(policy.command === "all" ? {} : { for: policy.command }),
    ...(policy.roles.length === 1 && policy.roles[0] === "public" ? {} : { to: policy.roles }),
    ...(policy.using === null ? {} : { using: policy.using }),
    ...(policy.withCheck === null ? {} : { withCheck: policy.withCheck }),
  };
}

/** The operations that give `table` its row-level security and policies, for a new table. */
export function securityOps(
  table: { readonly rowLevelSecurity?: true; readonly policies?: readonly PolicyModel[] },
  name: QualifiedName,
): Operation[] {
  return [
    ...(table.rowLevelSecurity === true ? [operations.enableRowLevelSecurity(name)] : []),
    ...(table.policies ?? []).map((p) => operations.createPolicy(p.name, name, policyInput(p))),
  ];
}

/**
 * Views in an order they can be created in: a view after every view it mentions. A cycle (only
 * possible through a false positive) keeps the model's order for the rest.
 */
export function viewCreationOrder(views: readonly ViewModel[]): ViewModel[] {
  const done: ViewModel[] = [];
  let left = [...views];
  while (left.length > 0) {
    const ready = left.filter(
      (v) => !left.some((other) => other !== v && mentionsName(v.definition, other.name)),
    );
    const next = ready.length > 0 ? ready : left;
    done.push(...next);
    left = left.filter((v) => !next.includes(v));
  }
  return done;
}

/**
 * The views of `model` that depend on any of `names` (tables or views), directly or through
 * other views.
 *
 * @example
 * ```ts
 * dependentViews(live, new Set(["accounts"])); // every view reading accounts, and views on those
 * ```
 */
export function dependentViews(model: SchemaModel, names: ReadonlySet<string>): ViewModel[] {
  const found = new Set<ViewModel>();
  const frontier = [...names];
  while (frontier.length > 0) {
    const name = frontier.pop() ?? "";
    for (const view of model.views ?? []) {
      if (found.has(view) || !mentionsName(view.definition, name)) continue;
      found.add(view);
      frontier.push(view.name);
    }
  }
  return [...found];
}

/**
 * The operations that create the views, row-level security and policies of a whole model,
 * after its tables exist.
 */
export function materializeViewsAndSecurity(model: SchemaModel): Operation[] {
  return [
    ...model.tables.flatMap((t) => securityOps(t, { schema: t.schema, name: t.name })),
    ...viewCreationOrder(model.views ?? []).map((v) => createViewOp(v)),
  ];
}
