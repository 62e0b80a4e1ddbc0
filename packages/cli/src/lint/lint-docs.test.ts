import { readFileSync } from "node:fs";
import { CORE_LINT_RULES, type LintRule } from "@athanor/core";
import { mysqlLintRules } from "@athanor/mysql";
import { postgresLintRules } from "@athanor/postgres";
import { sqliteLintRules } from "@athanor/sqlite";
import { describe, expect, it } from "vitest";

const doc = readFileSync(new URL("../../../../docs/lint.md", import.meta.url), "utf8");

/** The row docs/lint.md must carry for a rule: the rule's own data, so the docs cannot drift. */
function row(rule: LintRule): string {
  const effects = [
    rule.rewritesTable && "rewrite",
    rule.scansTable && "scan",
    rule.breaksRunningCode && "breaks code",
  ]
    .filter(Boolean)
    .join(", ");
  return `| \`${rule.id}\` | ${rule.severity} | ${rule.summary} | ${rule.lock ?? "—"} | ${effects || "—"} | ${rule.safeRecipe.replace(/\|/g, "\\|")} |`;
}

describe("docs/lint.md", () => {
  it("documents every rule exactly as the rule lists define it", () => {
    for (const rule of [...postgresLintRules, ...mysqlLintRules, ...sqliteLintRules])
      expect(doc).toContain(row(rule));
    for (const [id, rule] of Object.entries(CORE_LINT_RULES)) {
      expect(doc).toContain(`| \`${id}\` | ${rule.severity} | ${rule.summary} |`);
    }
  });

  it("lists no rule that does not exist", () => {
    const documented = [...doc.matchAll(/^\| `([a-z]+\/[a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    const known = [...postgresLintRules, ...mysqlLintRules, ...sqliteLintRules]
      .map((r) => r.id)
      .concat(Object.keys(CORE_LINT_RULES));
    expect([...documented].sort()).toEqual([...known].sort());
  });
});
