import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../main.js";
import { terminalSafe } from "../terminal-guard.js";
import { ok, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 14 item 7: text from files, the database or the command line cannot drive the terminal.
// Everything athanor prints for people passes one guard; these runs put escape sequences, bare
// carriage returns, C1 controls and bidi overrides where a user's data goes and check that none
// reaches the output raw — with colours on, as on a real terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
const RAW_CONTROL = /[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;
const FAKE = "ok\r\x1b[2K\x1b[1A\u009b2J\u202eapplied everything";

describe("terminalSafe", () => {
  it("escapes cursor control, keeps layout, keeps colour only when colours are on", () => {
    expect(terminalSafe("a\tb\nc\r\x1b[2Kd", { color: false })).toBe("a\tb\nc\\r\\x1b[2Kd");
    expect(terminalSafe("\x1b[31mred\x1b[39m", { color: true })).toBe("\x1b[31mred\x1b[39m");
    expect(terminalSafe("\x1b[31mred\x1b[39m", { color: false })).toBe("\\x1b[31mred\\x1b[39m");
    expect(terminalSafe("\x1b]0;title\x07", { color: true })).toBe("\\x1b]0;title\\x07");
    // colours on: athanor's own colour codes only, not text's conceal, blink or 256-colour codes
    expect(terminalSafe("\x1b[8mhidden\x1b[5m\x1b[38;5;1m\x1b[0m", { color: true })).toBe(
      "\\x1b[8mhidden\\x1b[5m\\x1b[38;5;1m\\x1b[0m",
    );
  });

  it("keeps a JSON document's meaning", () => {
    const value = { message: `x\u2028y\u009bz${FAKE}` };
    const guarded = terminalSafe(JSON.stringify(value), { color: false });
    expect(JSON.parse(guarded)).toEqual(value);
    expect(RAW_CONTROL.test(guarded)).toBe(false);
  });
});

describe("hostile text in output", () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase("postgresql", "tty");
  }, 60_000);
  afterAll(() => db?.dispose());

  async function tty(cwd: string, argv: readonly string[]) {
    let out = "";
    const code = await main(argv, {
      cwd,
      env: { DATABASE_URL: db.url },
      isTTY: true,
      color: true,
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (out += t) },
    });
    return { code, out };
  }

  it("a database error message, a file name and a history note are printed inert", async () => {
    const dir = tempDir("athanor-tty-");
    await ok(dir, ["init", "--dialect", "postgresql"]);
    await ok(dir, ["revision", "-m", "raise", "--rev-id", "a1"]);
    setBody(
      dir,
      "a1",
      `op.execute(${JSON.stringify(`DO $x$ BEGIN RAISE EXCEPTION '%', ${pgLiteral(FAKE)}; END $x$`)})`,
      "void op",
    );
    const upgrade = await tty(dir, ["upgrade"]);
    expect(upgrade.code).toBe(1);
    expect(upgrade.out).toContain("ok\\r\\x1b[2K\\x1b[1A\\u009b2J\\u202eapplied everything");
    expect(withoutColours(upgrade.out)).not.toMatch(RAW_CONTROL);

    for (const argv of [["status"], ["history", "-v"], ["current", "-v"]]) {
      const run = await tty(dir, argv);
      expect(withoutColours(run.out), argv.join(" ")).not.toMatch(RAW_CONTROL);
    }

    const versions = join(dir, "migrations", "versions");
    mkdirSync(versions, { recursive: true });
    writeFileSync(join(versions, `b2\x1b[2J\r_evil.ts`), "export default 1;\n");
    const listing = await tty(dir, ["history"]);
    expect(listing.code).toBe(1);
    expect(listing.out).toContain("b2\\x1b[2J\\r_evil.ts");
    expect(withoutColours(listing.out)).not.toMatch(RAW_CONTROL);
  });
});

/** The output without athanor's own SGR colour codes, which are allowed on a terminal. */
function withoutColours(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences start with ESC
  return text.replace(/\x1b\[[0-9;]*m/g, "").replace(/\r\x1b\[2K/g, "");
}

/** A PostgreSQL escape-string literal carrying any characters. */
function pgLiteral(text: string): string {
  return `E'${[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}'`;
}
