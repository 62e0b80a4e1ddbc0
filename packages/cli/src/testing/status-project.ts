import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ok } from "./harness.js";
import { revisionFile } from "./sample-database-project.js";

/** Ids of {@link buildStatusProject}'s revisions. */
export const STATUS_IDS = {
  base: "base01a2b3c4",
  expand: "exp001a2b3c4",
  migrate: "mig001a2b3c4",
  contract: "con001a2b3c4",
  after: "ord001a2b3c4",
  billing: "bil001a2b3c4",
  billingContract: "bil002a2b3c4",
} as const;

interface RevisionSpec {
  readonly id: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly phase?: "expand" | "migrate" | "contract";
  readonly label?: string;
  readonly up: string;
  readonly down: string;
}

function writeRevision(project: string, spec: RevisionSpec): void {
  const header = [
    `  id: "${spec.id}",`,
    `  parents: ${JSON.stringify(spec.parents)},`,
    `  message: "${spec.message}",`,
    ...(spec.phase ? [`  phase: "${spec.phase}",`] : []),
    ...(spec.label ? [`  branchLabels: ["${spec.label}"],`] : []),
  ];
  writeFileSync(
    join(project, "migrations", "versions", `${spec.id}_rev.ts`),
    `import { defineRevision } from "@athanor/core";

export default defineRevision({
${header.join("\n")}
  upgrade(op) {
    ${spec.up}
  },
  downgrade(op) {
    ${spec.down}
  },
});
`,
  );
}

/**
 * A PostgreSQL project with an expand/migrate/contract rollout on two branches:
 *
 *   base01 ─┬─ exp001 (expand) ─ mig001 (migrate) ─ con001 (contract) ─ ord001
 *           └─ bil001 (expand, label billing; indexes customers without CONCURRENTLY: a lint error)
 *                └─ bil002 (contract)
 *
 * Lint does not flag the contract drops (old code is gone by the time they run); ord001 is
 * ordinary and waits only because it builds on con001. The one lint finding is bil001's error.
 */
export async function buildStatusProject(project: string): Promise<void> {
  await ok(project, ["init", "--dialect", "postgresql"]);
  const I = STATUS_IDS;
  writeRevision(project, {
    id: I.base,
    parents: [],
    message: "create customers",
    up: `op.createTable("customers", { columns: [{ name: "id", type: "bigint", nullable: false }, { name: "first_name", type: "text" }, { name: "last_name", type: "text" }, { name: "legacy_code", type: "text" }] });`,
    down: `op.dropTable("customers");`,
  });
  writeRevision(project, {
    id: I.expand,
    parents: [I.base],
    message: "add customers.full_name nullable",
    phase: "expand",
    up: `op.addColumn("customers", { name: "full_name", type: "text" });`,
    down: `op.execute("ALTER TABLE customers DROP COLUMN full_name");`,
  });
  writeRevision(project, {
    id: I.migrate,
    parents: [I.expand],
    message: "backfill customers.full_name",
    phase: "migrate",
    up: `op.execute("UPDATE customers SET full_name = first_name || ' ' || last_name WHERE full_name IS NULL");`,
    down: `op.execute("UPDATE customers SET full_name = NULL");`,
  });
  writeRevision(project, {
    id: I.contract,
    parents: [I.migrate],
    message: "drop customers.first_name",
    phase: "contract",
    up: `op.dropColumn("customers", "first_name", { existing: { type: "text" } });`,
    down: `op.execute("ALTER TABLE customers ADD COLUMN first_name text");`,
  });
  writeRevision(project, {
    id: I.after,
    parents: [I.contract],
    message: "add customers.note",
    up: `op.addColumn("customers", { name: "note", type: "text" });`,
    down: `op.execute("ALTER TABLE customers DROP COLUMN note");`,
  });
  writeRevision(project, {
    id: I.billing,
    parents: [I.base],
    message: "create invoices, index customers",
    phase: "expand",
    label: "billing",
    up: `op.createTable("invoices", { columns: [{ name: "id", type: "bigint", nullable: false }, { name: "customer_id", type: "bigint" }] });
    op.createIndex("ix_customers_legacy_code", "customers", ["legacy_code"]);`,
    down: `op.execute("DROP INDEX ix_customers_legacy_code");
    op.dropTable("invoices");`,
  });
  writeRevision(project, {
    id: I.billingContract,
    parents: [I.billing],
    message: "drop customers.legacy_code",
    phase: "contract",
    up: `op.dropColumn("customers", "legacy_code", { existing: { type: "text" } });`,
    down: `op.execute("ALTER TABLE customers ADD COLUMN legacy_code text");`,
  });
}

/** Edits an applied revision's file without changing what it does, so its checksum differs. */
export function touchRevision(project: string, id: string): void {
  appendFileSync(revisionFile(project, id), "// reformatted after it was applied\n");
}
