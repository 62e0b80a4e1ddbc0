import { createServer, type Server } from "node:net";
import { current, upgrade } from "@athanor/core";
import { derivedVersionTableNames, identifierLength } from "@athanor/core/dialect";
import { confirmNoopUpgrade } from "@athanor/core/preflight";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresDialectModule } from "./dialect-module.js";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { postgresSessionModule } from "./session.js";

// The runner's own check (the programmatic API, no config file): a version table name whose
// derived names PostgreSQL would truncate is refused before the dialect connects. The dialect
// points at a listener that counts the connections it is offered.
let listener: Server;
let offered = 0;
let url = "";

beforeAll(async () => {
  listener = createServer((socket) => {
    offered++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  url = `postgres://postgres@127.0.0.1:${(listener.address() as { port: number }).port}/none`;
});
afterAll(async () => {
  await new Promise((resolve) => listener?.close(resolve));
});

describe("PostgreSQL's limit on the version table's derived names", () => {
  test("upgrade, current and the no-op check refuse a 50-byte name with ATHANOR_CONFIG_INVALID without connecting", async () => {
    const options = {
      dialect: postgresDialect({ url }),
      revisions: [],
      versionTable: { name: "n".repeat(50) },
    };
    const refused = { code: "ATHANOR_CONFIG_INVALID", meta: { field: "versionTable.name", longestFit: 45 } };
    await expect(upgrade(options, "heads")).rejects.toMatchObject(refused);
    await expect(current(options)).rejects.toMatchObject(refused);
    const summary = { targets: ["heads"], heads: [], checksums: {} };
    await expect(confirmNoopUpgrade(options, summary as never, "heads")).rejects.toMatchObject(refused);
    expect(offered).toBe(0);
  });

  test("the module, the session module and the runner dialects declare the same limit: 63 bytes", () => {
    const names = postgresDialectModule.bookkeepingNames;
    expect(names?.identifierLimit).toMatchObject({ maxLength: 63, unit: "bytes" });
    expect(postgresSessionModule.bookkeepingNames).toBe(names);
    expect(postgresDialect({ url }).bookkeepingSql.identifierLimit).toBe(names?.identifierLimit);
    expect(pgliteDialect({}).bookkeepingSql.identifierLimit).toBe(names?.identifierLimit);
  });

  test("the longest name that fits (45 bytes) keeps every derived name within 63 bytes: PGlite reads each back unchanged, and one byte more is cut", async () => {
    const name = `v${"é".repeat(22)}`;
    expect(identifierLength(name, "bytes")).toBe(45);
    const dialect = pgliteDialect({});
    try {
      const conn = await dialect.connect();
      const unchanged = async (n: string) =>
        (await conn.query<{ same: boolean }>(`SELECT '${n}'::name::text = '${n}' AS same`)).rows[0]?.same;
      for (const derived of derivedVersionTableNames(name)) expect(await unchanged(derived.name)).toBe(true);
      expect(await unchanged(`${name}x_fleet_failure_pkc`)).toBe(false);
      await conn.close();
    } finally {
      await dialect.close();
    }
  });
});
