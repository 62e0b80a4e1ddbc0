// `pnpm release` rehearsed in a temporary clone of HEAD: `changeset version` moves the fixed
// group together and writes a CHANGELOG per package, and `changeset publish` packs and uploads
// every package to a registry that lives inside the test (nothing leaves 127.0.0.1).
import { describe, expect, it } from "vitest";
import { publishablePackages } from "../../scripts/pack-and-install.mjs";
import { bumpVersion, largestBump, releaseDryRun } from "../../scripts/release-dry-run.mjs";

describe("largestBump and bumpVersion", () => {
  it("take the largest bump named in any changeset's frontmatter", () => {
    const patch = '---\n"@athanor/core": patch\n---\n\nFix.\n';
    const minor = '---\n"athanor": minor\n"@athanor/core": patch\n---\n\nAdd.\n';
    expect(largestBump([patch])).toBe("patch");
    expect(largestBump([patch, minor])).toBe("minor");
    expect(largestBump(["no frontmatter"])).toBeUndefined();
    expect(bumpVersion("0.3.9", "patch")).toBe("0.3.10");
    expect(bumpVersion("0.3.9", "minor")).toBe("0.4.0");
    expect(bumpVersion("0.3.9", "major")).toBe("1.0.0");
  });
});

describe("release dry run in a temporary clone", () => {
  it("versions the fixed group together and publishes every package with registry ranges", async () => {
    const report = await releaseDryRun();
    const names = publishablePackages().map((pkg) => pkg.name);

    expect(report.packages.map((pkg) => pkg.name)).toEqual(names);
    // built in the clone (or restored from this tree's turbo cache): what the packages export exists
    expect(report.missingAfterBuild).toEqual([]);
    for (const pkg of report.packages) {
      // exactly the largest requested bump: a minor must not turn into a major through
      // changesets' peer-dependent rule (see CONTRIBUTING.md)
      expect(pkg.version, pkg.name).toBe(report.expectedVersion);
      expect(pkg.changelogHasVersion, `${pkg.name} CHANGELOG.md`).toBe(true);
    }
    expect(report.leftoverChangesets).toEqual([]);

    expect(report.publish.status, report.publish.output).toBe(0);
    expect(report.published.map((entry) => entry.name).sort()).toEqual([...names].sort());
    for (const entry of report.published) {
      expect(entry.version, entry.name).toBe(report.expectedVersion);
      expect(entry.unresolvable, entry.name).toEqual([]);
      expect(entry.tarballBytes, entry.name).toBeGreaterThan(1000);
    }
  }, 900_000);
});
