// The stager on the outside dialect: a staged column rename is split with quirklite's own
// staging hooks (PostgreSQL's decisions under its name), and the expand revision's operations —
// the new column and the sync trigger operation — run on a quirklite database through its
// renderer: a row written by old code (old column only) reaches the new column, and one written
// by new code reaches the old. No built-in dialect name is given to the stager.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { diffSchemas, stageDiff } from "../../packages/autogenerate/dist/index.js";
import { col, model, table } from "../../packages/autogenerate/src/testing/model-builders.js";
import { loadDialect, registerDialect } from "../../packages/core/dist/dialect/index.js";
import type { Connection, OpenedDialect, Operation } from "../../packages/core/dist/index.js";
import { quirkliteModule } from "./quirklite-dialect.js";

registerDialect(quirkliteModule, { replace: true });
const module = await loadDialect("quirklite");

describe("the stager on quirklite (staging hooks from a dialect registered outside packages/)", () => {
  let opened: OpenedDialect;
  let conn: Connection;

  beforeAll(async () => {
    opened = module.open(module.target({ url: "quirklite:memory", file: "-", root: "/" }));
    conn = await opened.dialect.connect();
  });
  afterAll(async () => {
    await conn.close();
    await opened.close();
  });

  test("a staged rename's expand revision keeps both columns in step on quirklite", async () => {
    const id = col("id", "integer", { nullable: false });
    const live = model([table("users", [id, col("mail", "text")])]);
    const desired = model([table("users", [id, col("email", "text")])]);
    const hooks = module.differHooks("quirklite");
    expect(hooks.name).toBe("quirklite");
    const diff = diffSchemas(desired, live, {
      hooks,
      renames: [{ kind: "column", table: "users", from: "mail", to: "email" }],
    });
    const staged = stageDiff({ diff, desired, live, hooks });
    const expand = staged.revisions.find((r) => r.phase === "expand");
    if (expand === undefined || expand.kind !== "staged") throw new Error("no expand revision was staged");
    const ops: Operation[] = expand.groups.flatMap((g) =>
      g.up.flatMap((s) => (s.kind === "operation" ? [s.operation] : [])),
    );
    // the sync trigger, rendered by quirklite's renderer (a function and its trigger)
    expect(ops.map((o) => o.kind)).toEqual(["addColumn", "createSyncTrigger"]);

    await conn.executeScript(["CREATE TABLE users (id integer NOT NULL, mail text)"]);
    await conn.executeScript(ops.flatMap((op) => [...opened.dialect.render(op)]));
    await conn.executeScript([
      "INSERT INTO users (id, mail) VALUES (1, 'old@code')",
      "INSERT INTO users (id, email) VALUES (2, 'new@code')",
    ]);
    const rows = await conn.query<{ id: number; mail: string; email: string }>(
      "SELECT id, mail, email FROM users ORDER BY id",
    );
    expect(rows.rows).toEqual([
      { id: 1, mail: "old@code", email: "old@code" },
      { id: 2, mail: "new@code", email: "new@code" },
    ]);
  });
});
