// The autogenerate round-trip corpus on the outside dialect: models → autogenerate → upgrade →
// no diff → downgrade → no diff, with every statement rendered by quirklite's renderer and every
// model read through its module. The corpus and its driver are @athanor/drizzle's test code,
// used as they are. The differ and the code generator take quirklite's own differ hooks (its
// module's differHooks: PostgreSQL's decisions under its own name), never a built-in name.
//
// Every 6th case runs by default (PGlite is slow on a loaded machine); ATHANOR_EXTERNAL_DIALECT_FULL=1 runs all.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadDialect, registerDialect } from "../../packages/core/dist/dialect/index.js";
import type { Connection, OpenedDialect } from "../../packages/core/dist/index.js";
import { PG_CASES } from "../../packages/drizzle/src/testing/autogen-corpus/pg-cases.js";
import {
  type CorpusBackend,
  runCorpusCase,
} from "../../packages/drizzle/src/testing/autogen-corpus/run-corpus-case.js";
import { quirkliteModule } from "./quirklite-dialect.js";

registerDialect(quirkliteModule, { replace: true });
const module = await loadDialect("quirklite");
const FULL = process.env.ATHANOR_EXTERNAL_DIALECT_FULL === "1";
const CASES = PG_CASES.filter((_, index) => FULL || index % 6 === 0);

describe("autogenerate corpus on quirklite (a dialect registered from outside packages/)", () => {
  let backend: CorpusBackend;
  const opened: OpenedDialect[] = [];
  const sessions: Connection[] = [];

  beforeAll(async () => {
    const target = module.target({ url: "quirklite:memory", file: "-", root: "/" });
    const [live, scratch] = [module.open(target), module.open(target)] as const;
    opened.push(live, scratch);
    const [liveConn, scratchConn] = await Promise.all([live.dialect.connect(), scratch.dialect.connect()]);
    sessions.push(liveConn, scratchConn);
    backend = {
      dialect: module.name,
      hooks: module.differHooks("quirklite"),
      live: liveConn,
      scratch: scratchConn,
      render: (op) => live.dialect.render(op),
      introspect: (conn, schemas) => module.introspect(conn, { schemas }),
      reset: () => module.scratch.empty(liveConn),
    };
  });
  afterAll(async () => {
    for (const conn of sessions) await conn.close();
    for (const o of opened) await o.close();
  });

  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
    expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
    if (c.irreversible === true) expect(outcome.downgradeError).toMatch(/ATHANOR_IRREVERSIBLE_OPERATION/);
    else expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
  });
});
