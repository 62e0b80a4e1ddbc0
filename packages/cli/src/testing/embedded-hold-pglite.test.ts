import { pgliteDialect } from "@athanor/postgres";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedHolds, embeddedFolder } from "./embedded-hold.js";
import { runCli, tempDir } from "./harness.js";

// The story suites share one PGlite across their CLI calls; a call that left a transaction open
// (which a process's exit would have discarded) must fail the suite, not leak into the next call.
describe("an embedded backend's held PGlite", () => {
  const holds = new EmbeddedHolds();
  const project = tempDir("athanor-hold-");
  afterAll(() => holds.closeAll());

  it("is held once a call created it, and reset after each call as a new process would find it", async () => {
    const env = holds.tag({});
    expect((await runCli(project, ["init", "--dialect", "postgresql"], { env })).code).toBe(0);
    expect((await runCli(project, ["revision", "-m", "one", "--rev-id", "a00000000001"], { env })).code).toBe(
      0,
    );
    const up = await runCli(project, ["upgrade"], { env });
    expect(up.code, up.stderr).toBe(0);
    const held = await holds.connection(project);
    await held.executeScript(["SET application_name = 'left by a call'"]);
    expect((await runCli(project, ["current"], { env })).stdout).toContain("a00000000001");
    // the session is reset after each call, as a new process would find it
    expect((await held.query<{ a: string }>("SELECT current_setting('application_name') AS a")).rows).toEqual(
      [{ a: "" }],
    );
  });

  it("fails a call after which a transaction is still open", async () => {
    // another lease of the same folder, as the CLI's own open would be
    const conn = await pgliteDialect({ dataDir: embeddedFolder(project) }).connect();
    await conn.executeScript(["BEGIN"]);
    await conn.close();
    await expect(holds.afterCall(project, ["upgrade"])).rejects.toThrow(
      /athanor upgrade left a transaction open/,
    );
    await (await holds.connection(project)).executeScript(["ROLLBACK"]);
    await expect(holds.afterCall(project, ["current"])).resolves.toBeUndefined();
  });
});
