// The layering athanor's packages keep (docs/architecture.md draws it). Checked by
// `pnpm lint:deps`, which `npm test` runs before vitest; an "error" fails the run, a "warn" is
// printed and does not. Edges between packages are seen through their names (`@athanor/core`),
// and between files of one package through relative imports, type-only imports included.
//
//   core  ←  postgres, mysql, sqlite (dialects)  ←  drizzle, testing  ←  athanor (the CLI)
//   core  ←  autogenerate (differ, stager, code generator, canonicaliser)  ←  drizzle, testing, the CLI
//
// Test files and test helpers (`*.test.ts`, any `testing/` folder, the CLI's `src/reliability/`) may
// reach further down than shipped code: a test drives real databases.

const SHIPPED = "^packages/[^/]+/src/";
const TEST_CODE = "(\\.test\\.ts$|/src/(testing|[^.]*/testing)/|/__golden__/|^packages/cli/src/reliability/)";
const DIALECTS = "(^packages/(postgres|mysql|sqlite)/|^@athanor/(postgres|mysql|sqlite)(/|$))";
const CLI = "(^packages/cli/|^athanor(/|$))";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Two files that import each other (even only for types) are one module in two pieces: move the shared part into a third file both import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-no-dialect",
      severity: "error",
      comment:
        "@athanor/core is the bottom layer: a dialect plugs into its `Dialect` interface, core never names one. Put the dialect's part behind the interface.",
      from: { path: "^packages/core/" },
      to: { path: DIALECTS },
    },
    {
      name: "core-imports-no-upper-package",
      severity: "error",
      comment: "@athanor/core depends on no other athanor package (drizzle, testing, the CLI build on it).",
      from: { path: "^packages/core/" },
      to: {
        path: "(^packages/(autogenerate|drizzle|testing|cli)/|^@athanor/(autogenerate|drizzle|testing)(/|$)|^athanor(/|$))",
      },
    },
    {
      name: "dialects-are-independent",
      severity: "error",
      comment: "A dialect package builds on core only; it never imports another dialect or an upper package.",
      from: { path: "^packages/(postgres|mysql|sqlite)/", pathNot: TEST_CODE },
      to: {
        path: "(^packages/(postgres|mysql|sqlite|autogenerate|drizzle|testing|cli)/|^@athanor/(postgres|mysql|sqlite|autogenerate|drizzle|testing)(/|$)|^athanor(/|$))",
        pathNot: "(^packages/$1/|^@athanor/$1(/|$))",
      },
    },
    {
      name: "autogenerate-builds-on-core-only",
      severity: "error",
      comment:
        "@athanor/autogenerate works on SchemaModels and a dialect module's hooks: it imports core only — no dialect package (a dialect reaches it through DifferHooks), not drizzle-orm or @athanor/drizzle (which read Drizzle schemas into models and build on it), not testing, not the CLI. Its tests may use dialect packages.",
      from: { path: "^packages/autogenerate/", pathNot: TEST_CODE },
      to: {
        path: "(^packages/(postgres|mysql|sqlite|drizzle|testing|cli)/|^@athanor/(postgres|mysql|sqlite|drizzle|testing)(/|$)|^athanor(/|$)|(^|/)node_modules/drizzle-orm/|^drizzle-orm(/|$))",
      },
    },
    {
      name: "no-library-imports-the-cli",
      severity: "error",
      comment: "The CLI is the top layer: no library package (core, dialects, drizzle, testing) imports it.",
      from: { path: "^packages/(core|postgres|mysql|sqlite|autogenerate|drizzle|testing)/" },
      to: { path: CLI },
    },
    {
      name: "ops-do-not-import-runner",
      severity: "error",
      comment:
        "Operations describe schema changes; the runner applies them. What both need (e.g. lock-retry settings) lives in ops/.",
      from: { path: "^packages/core/src/ops/" },
      to: { path: "^packages/core/src/runner/" },
    },
    {
      name: "only-package-entry-points",
      severity: "error",
      comment:
        "Another package is reached through its package name and `exports` entry points, never a relative path into its folder (which would bypass the published surface). Tests may share another package's test fixtures.",
      from: { path: "^packages/([^/]+)/", pathNot: TEST_CODE },
      to: { path: "^packages/([^/]+)/", pathNot: "^packages/$1/", dependencyTypes: ["local"] },
    },
    {
      name: "shipped-code-imports-no-test-helper",
      severity: "error",
      comment:
        "`testing/` folders and the CLI's `src/reliability/` are left out of the published files; shipped code importing them would break in the tarball.",
      from: { path: SHIPPED, pathNot: TEST_CODE },
      to: { path: "(/src/(testing|[^.]*/testing)/|^packages/cli/src/reliability/)" },
    },
    {
      name: "cli-reaches-dialects-through-the-registry",
      severity: "error",
      comment:
        "The CLI loads dialect packages in one place (the dialect registry), so no command switches on a dialect or imports one directly.",
      from: {
        path: "^packages/cli/src/",
        pathNot: [TEST_CODE, "^packages/cli/src/database/dialect-registry\\.ts$"],
      },
      to: { path: DIALECTS },
    },
  ],
  options: {
    includeOnly:
      "^(packages|apps|tests)/|^@athanor/|^athanor(/|$)|(^|/)node_modules/drizzle-orm/|^drizzle-orm(/|$)",
    // Another package resolves to its built `dist` (or stays a bare name before a build); the
    // edge is kept for the rules, the built files are not cruised themselves.
    doNotFollow: { path: "(/node_modules/|/dist/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "default"],
      extensions: [".ts", ".js", ".mjs", ".cjs"],
    },
  },
};
