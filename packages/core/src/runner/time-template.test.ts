import { describe, expect, test } from "vitest";
import { timeTemplate } from "./time-template.js";

// MySQL's literal, as the history rows write it
const literal = (at: Date) => `'${at.toISOString().replace("T", " ").replace("Z", "")}'`;
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

describe("timeTemplate: a row's SQL written ahead, its times joined in at the turn", () => {
  test("gives the very text of a build at any instant, time-like text of the row's own kept as it is", () => {
    // a statement preview and an id holding the very literals the template is found with, and
    // another time: only the places the build writes its instant move
    const own = [
      "INSERT INTO t VALUES ('2001-01-01 01:01:01.001', '2002-02-02 02:02:02.002')",
      "'2026-12-07 12:00:00.000'",
    ];
    const build = (at: Date) =>
      `INSERT INTO h (started_at, note, finished_at, id) VALUES (${literal(at)}, ${quote(own[0] as string)}, ${literal(at)}, ${quote(own[1] as string)})`;
    const template = timeTemplate(build, literal);
    expect(template).not.toBe(build);
    for (const at of [
      new Date(),
      new Date(Date.UTC(2001, 0, 1, 1, 1, 1, 1)),
      new Date(Date.UTC(9999, 11, 31)),
    ])
      expect(template(at)).toBe(build(at));
  });

  test("a build whose text depends on more than the instant's literal is kept as a build", () => {
    let calls = 0;
    const build = (at: Date) => `UPDATE h SET t = ${literal(at)}, n = ${++calls}`;
    expect(timeTemplate(build, literal)).toBe(build);
  });
});
