// The equivalent of Alembic's tests/test_external_dialect.py: a dialect that is not one of
// athanor's packages is registered through the public registry and passes core's conformance
// suite (every operation kind rendered, applied, introspected and reversed on a real database),
// with no line changed in core, the CLI, drizzle or testing.
import { expect, it } from "vitest";
import { dialectEntryForUrl, loadDialect, registerDialect } from "../../packages/core/dist/dialect/index.js";
import type { Connection, Operation } from "../../packages/core/dist/index.js";
import {
  type ConformanceDatabase,
  describeDialectConformance,
} from "../../packages/core/dist/testing/index.js";
// What the dialect declares about itself for the suite: PGlite's types and printed forms.
import {
  POSTGRES_CAPABILITIES,
  POSTGRES_DATA,
} from "../../packages/postgres/src/testing/conformance-data.js";
import { QUIRK_MARKER, quirkliteModule } from "./quirklite-dialect.js";

registerDialect(quirkliteModule, { replace: true });
const module = await loadDialect("quirklite");

it("is found by name and by URL scheme, and renders through its own renderer", () => {
  expect(module).toBe(quirkliteModule);
  expect(dialectEntryForUrl("quirklite:memory")?.name).toBe("quirklite");
  const target = module.target({ url: "quirklite:memory", file: "athanor.config.ts", root: "/repo" });
  expect(target).toEqual({ dialect: "quirklite", flavour: "quirklite" });
  const op = { kind: "dropTable", table: { name: "t" } } as unknown as Operation;
  const { dialect } = module.open(target);
  expect(dialect.render(op).every((sql) => sql.startsWith(QUIRK_MARKER))).toBe(true);
});

describeDialectConformance({
  name: "quirklite (a dialect registered from outside packages/)",
  createDialect: () => module.open({ dialect: "quirklite", flavour: "quirklite" }).dialect,
  freshDatabase: async (): Promise<ConformanceDatabase> => {
    const opened = module.open(module.target({ url: "quirklite:memory", file: "-", root: "/" }));
    const connection = await opened.dialect.connect();
    return {
      connection,
      dispose: async () => {
        await connection.close();
        await opened.close();
      },
    };
  },
  introspect: (conn: Connection) => module.introspect(conn),
  capabilities: POSTGRES_CAPABILITIES,
  data: POSTGRES_DATA,
  timeoutMs: 60_000,
});
