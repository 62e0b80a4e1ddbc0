import { describe, expect, test } from "vitest";
import { mustRunAlone, runScript, scriptBatches, statementIndexOf } from "./script-batches.js";

describe("scriptBatches", () => {
  test("joins ordinary statements into one batch, terminating each once", () => {
    const batches = scriptBatches([
      "CREATE TABLE a (id int)",
      "CREATE TABLE b (id int);",
      "  INSERT INTO a VALUES (1) ;  ",
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.text).toBe(
      "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n  INSERT INTO a VALUES (1);\n",
    );
    expect(batches[0]?.starts).toEqual([0, 25, 50]);
  });

  test("statements that refuse a transaction block travel alone, order kept", () => {
    const statements = [
      "CREATE TABLE t (a int)",
      "CREATE INDEX CONCURRENTLY i ON t (a)",
      "ALTER TABLE t ADD b int",
      "VACUUM t",
      "SELECT 1",
    ];
    const batches = scriptBatches(statements);
    expect(batches.map((b) => b.firstIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(batches.map((b) => b.starts.length)).toEqual([1, 1, 1, 1, 1]);
    expect(mustRunAlone("drop index concurrently if exists i")).toBe(true);
    expect(mustRunAlone("CREATE DATABASE x")).toBe(true);
    expect(mustRunAlone("CREATE TABLE concurrently_named (a int)")).toBe(false);
  });

  test("a trailing line comment gets its terminator on the next line", () => {
    const [batch] = scriptBatches(["SELECT 1 -- one", "SELECT 2"]);
    expect(batch?.text).toBe("SELECT 1 -- one\n;\nSELECT 2;\n");
  });

  test("an empty script sends nothing", async () => {
    const sent: string[] = [];
    await runScript([], async (text) => void sent.push(text));
    expect(sent).toEqual([]);
  });
});

describe("statementIndexOf", () => {
  const statements = [
    "SELECT 1",
    "CREATE INDEX CONCURRENTLY i ON t (a)",
    "SELECT 2",
    "SELECT * FROM nope",
    "SELECT 3",
  ];
  const batches = scriptBatches(statements);

  test("maps the error position to the statement, across batches", () => {
    const last = batches[2];
    if (!last) throw new Error("expected three batches");
    const position = last.text.indexOf("nope") + 1;
    expect(statementIndexOf(last, { position: String(position) })).toBe(3);
    expect(statementIndexOf(last, { position: 1 })).toBe(2);
  });

  test("is unknown without a position in a multi-statement batch, exact in a single one", () => {
    expect(statementIndexOf(batches[2] as never, { code: "23505" })).toBeUndefined();
    expect(statementIndexOf(batches[1] as never, { code: "25001" })).toBe(1);
  });

  test("runScript attaches statementIndex and statement to the driver's error", async () => {
    const failure = await runScript(statements, async (text) => {
      if (text.includes("nope"))
        throw Object.assign(new Error("relation does not exist"), { position: text.indexOf("nope") + 1 });
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      message: "relation does not exist",
      statementIndex: 3,
      statement: "SELECT * FROM nope",
    });
  });
});
