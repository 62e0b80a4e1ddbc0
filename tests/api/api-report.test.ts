// The public surface is reviewed, not drifted into: api/*.api.md lists every name each
// published package exports. After an intended change run `pnpm api:update` and commit api/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiReports, REPORT_DIR, staleReports } from "../../scripts/api-report.mjs";

describe("API report", () => {
  const reports = apiReports() as Map<string, string>;

  it("has one report per published package and no stale file", () => {
    expect(reports.size).toBeGreaterThanOrEqual(6);
    expect(staleReports(reports).filter((name: string) => !reports.has(name))).toEqual([]);
  });

  it.each([...reports.keys()])("api/%s matches the package's exports (else `pnpm api:update`)", (name) => {
    const checkedIn = readFileSync(join(REPORT_DIR, name), "utf8");
    expect(checkedIn).toBe(reports.get(name));
  });
});
