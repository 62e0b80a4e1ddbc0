import type { Connection, DialectModule, ThrowawayDatabase } from "@athanor/core/dialect";
import { withConnection } from "@athanor/core/dialect";
import { hideUrlSecrets } from "@athanor/core/text";
import type { TestDatabase, TestDatabaseKind } from "./test-database-shape.js";

/**
 * A {@link TestDatabase} over a dialect module's throw-away database: the module makes, resets
 * and drops it; reading goes through the module's introspector (MySQL: `schemas[0]` is the
 * database).
 *
 * @example
 * ```ts
 * const db = testDatabaseOf(module, await module.throwaway.inMemory(), undefined);
 * ```
 */
export function testDatabaseOf(
  module: DialectModule,
  made: ThrowawayDatabase,
  adminUrl: string | undefined,
): TestDatabase {
  const { dialect } = made;
  return {
    kind: made.flavour as TestDatabaseKind,
    dialectName: module.name,
    name: made.name,
    url: made.url,
    dialect,
    connect: () => dialect.connect(),
    introspect(options = {}) {
      const read = (conn: Connection) =>
        module.introspect(conn, { versionTable: options.versionTable, schemas: options.schemas });
      return options.connection === undefined ? withConnection(dialect, read) : read(options.connection);
    },
    reset: () => made.reset(),
    dispose: () => made.dispose(),
    ...(adminUrl === undefined
      ? {}
      : {
          toString: () =>
            `${module.label(made.flavour)} database ${made.name} on ${hideUrlSecrets(adminUrl)}`,
        }),
  };
}
