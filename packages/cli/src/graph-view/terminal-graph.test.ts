import { RevisionGraph } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { revisionHeader as header } from "../testing/revision-header.js";
import { CHARSETS, chooseCharset } from "./charset.js";
import { buildGraphModel, selectRevisions } from "./graph-model.js";
import { historyGraph, parseLimit, TTY_ROW_LIMIT } from "./history-graph.js";
import { renderTerminalGraph } from "./terminal-graph.js";

const graph = RevisionGraph.build([
  header("a", []),
  header("b", ["a"], "msg b", { phase: "expand" }),
  header("c", ["a"]),
]);
const model = buildGraphModel(graph, selectRevisions(graph, undefined));
const ESC = "\u001b[";

describe("chooseCharset", () => {
  it("uses box drawing only on a UTF-8 terminal unless a flag decides", () => {
    expect(chooseCharset({}, { isTTY: true, env: { LANG: "en_US.UTF-8" } })).toBe(CHARSETS.unicode);
    expect(chooseCharset({}, { isTTY: true, env: { LC_ALL: "C", LANG: "en_US.UTF-8" } })).toBe(
      CHARSETS.ascii,
    );
    expect(chooseCharset({}, { isTTY: false, env: { LANG: "en_US.UTF-8" } })).toBe(CHARSETS.ascii);
    expect(chooseCharset({ unicode: true }, { isTTY: false, env: {} })).toBe(CHARSETS.unicode);
    expect(chooseCharset({ ascii: true }, { isTTY: true, env: { LANG: "C.utf8" } })).toBe(CHARSETS.ascii);
  });
});

describe("renderTerminalGraph", () => {
  it("colours lanes, ids and phase badges only when colour is on", () => {
    const plain = renderTerminalGraph(model, { charset: CHARSETS.ascii, color: false });
    const coloured = renderTerminalGraph(model, { charset: CHARSETS.ascii, color: true });
    expect(plain.join("\n")).not.toContain(ESC);
    expect(coloured.join("\n")).toContain(`${ESC}33mc${ESC}39m`); // the id, yellow as in git
    expect(coloured.join("\n")).toContain(`${ESC}32m[expand]${ESC}39m`);
    // without the escapes the coloured drawing is the plain one
    const strip = (line: string) =>
      line
        .split(ESC)
        .map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, "")))
        .join("");
    expect(coloured.map(strip)).toEqual(plain);
  });
});

describe("historyGraph and --limit", () => {
  const terminal = (isTTY: boolean) => ({ isTTY, color: false, env: {} });

  it("pages a terminal at 200 rows, shows everything in a pipe and in JSON, and takes 0 as all", () => {
    expect(parseLimit(undefined, true)).toBe(TTY_ROW_LIMIT);
    expect(parseLimit(undefined, false)).toBe(0);
    expect(parseLimit(" 7 ", true)).toBe(7);
    expect(() => parseLimit("-1", true)).toThrow(expect.objectContaining({ code: "ATHANOR_USAGE" }));
    const page = historyGraph(graph, { limit: "1" }, terminal(true), undefined, false);
    expect(page).toEqual({
      lines: [
        "* b [expand] msg b",
        "| ... 2 older revisions not shown (--limit 0 shows all, -r START:END narrows)",
      ],
    });
    const json = historyGraph(graph, { limit: "1" }, terminal(false), undefined, true);
    expect("json" in json && json.json.nodes.map((n) => [n.id, n.lane, n.row])).toEqual([["b", 0, 0]]);
    expect("json" in json && json.json.total).toBe(3);
  });

  it("draws a 10,000-revision history in 25 branches: one page on a terminal, every row in a pipe", () => {
    const headers = Array.from({ length: 10_000 }, (_, i) =>
      header(`r${i}`, i < 25 ? [] : i % 500 === 0 ? [`r${i - 25}`, `r${i - 24}`] : [`r${i - 25}`]),
    );
    const big = RevisionGraph.build(headers);
    const page = historyGraph(big, {}, terminal(true), undefined, false);
    const rows = (lines: readonly string[]) => lines.filter((l) => /^[*| ]* r\d+ msg r\d+$/.test(l)).length;
    expect("lines" in page && rows(page.lines)).toBe(TTY_ROW_LIMIT);
    expect("lines" in page && page.lines.at(-1)).toContain("9800 older revisions not shown");
    const all = historyGraph(big, {}, terminal(false), undefined, false);
    expect("lines" in all && rows(all.lines)).toBe(10_000);
    expect("lines" in all && Math.max(...all.lines.map((l) => l.indexOf(" r")))).toBeLessThanOrEqual(2 * 26);
  });
});
