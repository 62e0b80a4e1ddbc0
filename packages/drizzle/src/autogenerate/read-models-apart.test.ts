import type { Connection, IntrospectScope, SchemaModel } from "@athanor/core";
import { postgresDialectModule, renderPostgres } from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "../collect-drizzle-schema.js";
import { applyStatements, kitPostgresStatements } from "../testing/drizzle-kit-oracle.js";
import * as schema from "../testing/rich-pg-schema.js";
import { postgresTestDatabase, type TestDatabase } from "../testing/test-databases.js";
import { type LiveAndDesired, readModels } from "./read-models.js";

const dialect = { module: postgresDialectModule, flavour: "postgresql", render: renderPostgres };

/** `conn`, with every statement sent on it recorded. */
function recording(conn: Connection): { readonly conn: Connection; readonly sent: string[] } {
  const sent: string[] = [];
  const noting =
    <A extends unknown[], R>(send: (...args: A) => R, texts: (...args: A) => readonly string[]) =>
    (...args: A): R => {
      sent.push(...texts(...args));
      return send(...args);
    };
  const query: Connection["query"] = (sql, params) => conn.query(sql, params);
  const executeScript: Connection["executeScript"] = (statements) => conn.executeScript(statements);
  return {
    sent,
    conn: {
      query: noting(query, (sql) => [sql]),
      executeScript: noting(executeScript, (statements) => statements),
      close: () => conn.close(),
    },
  };
}

// readModels with the live model read elsewhere (the CLI's worker): the desired side is built —
// the probes sent on the live session — while that read is still out, and the outcome is the
// one of reading the live side on the session first.
describe("readModels with the live model read elsewhere", () => {
  let live: TestDatabase;
  let scratch: TestDatabase;
  const exports = collectDrizzleSchema([schema]);
  const read = (conn: Connection, introspect?: (scope: IntrospectScope) => Promise<SchemaModel>) =>
    readModels({
      exports,
      live: conn,
      withDev: (body) => body({ connection: scratch.connection }),
      dialect,
      scope: { versionTable: "athanor_version" },
      probeOnLive: true,
      introspect,
    });
  const elsewhere = () => {
    // the worker's own session: another connection to the live database
    const opened = postgresDialectModule.open({
      dialect: "postgresql",
      flavour: "postgresql",
      url: live.url,
    });
    return opened.dialect.connect();
  };

  beforeAll(async () => {
    [live, scratch] = await Promise.all([postgresTestDatabase("apart"), postgresTestDatabase("apart_dev")]);
    await applyStatements(live.connection, await kitPostgresStatements(schema));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([live?.dispose(), scratch?.dispose()]);
  });

  test("gives what reading the live side on the session first gives (the rich schema)", async () => {
    const onSession: LiveAndDesired = await read(live.connection);
    const other = await elsewhere();
    try {
      const apart = await read(live.connection, (scope) => postgresDialectModule.introspect(other, scope));
      expect(apart.desired).toStrictEqual(onSession.desired);
      expect(apart.live).toStrictEqual(onSession.live);
      expect(apart.notCompared).toStrictEqual(onSession.notCompared);
      expect(apart.dialect.server.serverVersion).toBe(onSession.dialect.server.serverVersion);
      expect(apart.live.tables.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  }, 120_000);

  test("the probes go on the live session before the live model is in, after the server's decisions", async () => {
    const session = recording(live.connection);
    const other = await elsewhere();
    let probed = false;
    try {
      const models = await read(session.conn, async (scope) => {
        // answered only once a probe went on the session: reading first would wait forever
        for (let i = 0; i < 2_000 && !probed; i++) {
          probed = session.sent.some((sql) => /^\s*(BEGIN|START TRANSACTION)/i.test(sql));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        if (!probed) throw new Error("no probe was sent while the live model was being read");
        return postgresDialectModule.introspect(other, scope);
      });
      expect(probed).toBe(true);
      expect(models.live.tables.length).toBeGreaterThan(0);
      // the server's decisions were asked before any probe
      const first = session.sent.findIndex((sql) => /server_version_num/.test(sql));
      const probe = session.sent.findIndex((sql) => /^\s*(BEGIN|START TRANSACTION)/i.test(sql));
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(probe);
    } finally {
      await other.close();
    }
  }, 120_000);

  test("a failure of the live read is the one reported, after the build it overlapped has finished", async () => {
    const failure = new Error("the live read failed");
    await expect(read(live.connection, async () => Promise.reject(failure))).rejects.toBe(failure);
    // the session is left usable: no probe transaction is left open on it
    const rows = await live.connection.query<{ n: number }>("SELECT 1 AS n");
    expect(rows.rows[0]?.n).toBe(1);
  }, 120_000);
});
