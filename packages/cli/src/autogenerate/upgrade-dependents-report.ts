import { inertText } from "@athanor/core/text";
import type { UpgradeDependent, UpgradeDependents } from "./find-upgrade-dependents.js";

/** A written revision as the report names it. */
export interface WrittenRevision {
  readonly id: string;
  /** As the user should see it (`displayPath`). */
  readonly file: string;
}

const what = (d: { table: string; column: string | undefined }) =>
  d.column === undefined ? `the table ${d.table}` : `${d.table}.${d.column}`;

const verb = (d: UpgradeDependent) => (d.change === "renamed" ? "renames" : "drops");

/**
 * The lines `revision --autogenerate` prints when `upgrade` will refuse what it wrote: each
 * object, what it names, and which file removes it; then the three ways on. Names come from the
 * database and the models: each line is made inert. Nothing found, nothing unchecked: no lines.
 *
 * @example
 * ```ts
 * upgradeDependentsLines(dependents, [{ id: "b2", file: "migrations/versions/b2_drop_mail.ts" }]);
 * // ["WARNING: `athanor upgrade` will refuse ...", "  view users_mail names users.mail, which ... drops", ...]
 * ```
 */
export function upgradeDependentsLines(
  dependents: UpgradeDependents,
  revisions: readonly WrittenRevision[],
): string[] {
  const file = (i: number) => revisions[i]?.file ?? "?";
  const lines: string[] = [];
  const { unchecked } = dependents;
  const found = dependents.found.filter((d) => d.renamedTo === undefined);
  const afterRename = dependents.found.filter((d) => d.renamedTo !== undefined);
  const line = (d: UpgradeDependent) =>
    `  ${d.kind} ${d.name} names ${what(d)}, which ${file(d.revision)} ${verb(d)}`;
  if (found.length > 0) {
    const n = found.length;
    lines.push(
      `WARNING: ${n === 1 ? "an object" : `${n} objects`} outside the models ${n === 1 ? "names" : "name"} what this revision drops or renames, so its op.requireNoDependents check will refuse \`athanor upgrade\`:`,
      ...found.map(line),
    );
  }
  if (afterRename.length > 0)
    lines.push(
      "WARNING: objects outside the models name what a revision drops or renames after an earlier one renames its table; the check refuses for each that follows the table's rename (a PostgreSQL view does), and each that does not (a function body, a MariaDB view) breaks at the rename, unchecked:",
      ...afterRename.map((d) => `${line(d)} (as ${d.renamedTo})`),
    );
  if (dependents.found.length > 0)
    lines.push(
      "  Drop or change each in the same revision before that step (op.execute) and recreate it after if it is still wanted, or run `athanor upgrade --allow-broken-dependents` to let it break.",
    );
  for (const warning of dependents.warnings ?? [])
    lines.push(`WARNING: the look for objects outside the models may have missed some: ${warning}.`);
  for (const u of unchecked)
    lines.push(
      `NOTE: could not ask the database what names ${what(u)} (${u.error}); the check in ${file(u.revision)} still runs at upgrade.`,
    );
  return lines.map(inertText);
}

/**
 * The same for `--json`: `dependents` (every object found, with the revision that refuses) and,
 * when a check could not be asked, `dependentsNotChecked`.
 *
 * @example
 * ```ts
 * upgradeDependentsJson(dependents, revisions);
 * // { dependents: [{ kind: "view", name: "users_mail", table: "users", column: "mail", change: "dropped", revision: "b2", file: "..." }] }
 * ```
 */
export function upgradeDependentsJson(
  dependents: UpgradeDependents,
  revisions: readonly WrittenRevision[],
): Record<string, unknown> {
  const at = (i: number) => ({ revision: revisions[i]?.id ?? null, file: revisions[i]?.file ?? null });
  const found = dependents.found.map((d) => ({
    kind: d.kind,
    name: d.name,
    table: d.table,
    column: d.column ?? null,
    change: d.column === undefined ? "table dropped" : d.change,
    ...(d.renamedTo === undefined ? {} : { renamedTo: d.renamedTo }),
    ...at(d.revision),
  }));
  const unchecked = dependents.unchecked.map((u) => ({
    table: u.table,
    column: u.column ?? null,
    error: u.error,
    ...at(u.revision),
  }));
  return {
    dependents: found,
    ...(unchecked.length > 0 ? { dependentsNotChecked: unchecked } : {}),
    ...(dependents.warnings === undefined ? {} : { dependentsWarnings: dependents.warnings }),
  };
}
