import { ok } from "./harness.js";

type Step = readonly string[];

const rev = (id: string, message: string, ...extra: string[]): Step => [
  "revision",
  "-m",
  message,
  "--rev-id",
  id,
  ...extra,
];
const merge = (id: string, message: string, ...parents: string[]): Step => [
  "merge",
  "-m",
  message,
  ...parents,
  "--rev-id",
  id,
];
const on = (parent: string) => ["--head", parent, "--splice"];

/**
 * The history shapes that trip graph drawings up, each as the `athanor` commands that build it
 * (after `init`). Ids are short and readable so the goldens read like the pictures they are.
 */
export const GRAPH_SHAPES: Readonly<Record<string, readonly Step[]>> = {
  // root ─┬─ left ──┬─ join
  //       └─ right ─┘
  diamond: [
    rev("root01", "create users"),
    rev("left01", "add users.email"),
    rev("rght01", "add users.name", ...on("root01")),
    merge("join01", "merge email and name", "left01", "rght01"),
  ],
  "three-way-merge": [
    rev("root01", "create orders"),
    rev("brch0a", "index orders.created_at"),
    rev("brch0b", "add orders.total", ...on("root01")),
    rev("brch0c", "add orders.status", ...on("root01")),
    merge("join01", "merge three branches", "brch0a", "brch0b", "brch0c"),
  ],
  "merge-of-merges": [
    rev("root01", "create products"),
    rev("aaaa01", "add products.sku"),
    rev("bbbb01", "add products.price", ...on("root01")),
    rev("cccc01", "add products.stock", ...on("root01")),
    rev("dddd01", "add products.tags", ...on("root01")),
    merge("mrgab1", "merge sku and price", "aaaa01", "bbbb01"),
    merge("mrgcd1", "merge stock and tags", "cccc01", "dddd01"),
    merge("mrgall", "merge everything", "mrgab1", "mrgcd1"),
  ],
  "two-bases": [
    rev("app001", "create app tables"),
    rev("app002", "add app settings"),
    rev("aud001", "create audit schema", "--head", "base", "--branch-label", "audit"),
    rev("aud002", "add audit retention", "--head", "aud001"),
    merge("both01", "join app and audit", "app002", "aud002"),
  ],
  "depends-on-across-branches": [
    rev("root01", "create accounts"),
    rev("bill01", "create invoices", "--branch-label", "billing"),
    rev("bill02", "add invoices.due_at"),
    rev("ship01", "create shipments", "--head", "root01", "--splice", "--branch-label", "shipping"),
    rev("ship02", "link shipments to invoices", "--head", "shipping@head", "--depends-on", "bill01"),
  ],
  "long-linear-run": Array.from({ length: 30 }, (_, i) =>
    rev(`lin${String(i + 1).padStart(3, "0")}`, `step ${i + 1} of 30`),
  ),
  "branch-label-on-branch-point": [
    rev("root01", "create catalog"),
    rev("core01", "catalog core tables", "--branch-label", "core"),
    rev("feat0a", "add search index"),
    rev("feat0b", "add price history", ...on("core01")),
  ],
  phases: [
    rev("base01", "create customers"),
    rev("exp001", "add customers.full_name nullable", "--phase", "expand"),
    rev("mig001", "backfill customers.full_name", "--phase", "migrate"),
    rev("con001", "drop customers.first_name, last_name", "--phase", "contract"),
    rev("exp002", "add customers.tier", "--head", "exp001", "--splice", "--phase", "expand"),
  ],
};

/**
 * Builds one of {@link GRAPH_SHAPES} in `cwd` through the CLI.
 *
 * @example
 * ```ts
 * await buildGraphShape(tempDir(), "diamond");
 * ```
 */
export async function buildGraphShape(cwd: string, shape: string): Promise<void> {
  const steps = GRAPH_SHAPES[shape];
  if (steps === undefined) throw new Error(`unknown graph shape ${shape}`);
  await ok(cwd, ["init", "--dialect", "postgresql"]);
  for (const step of steps) await ok(cwd, step);
}
