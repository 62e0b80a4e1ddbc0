import { expect, test } from "vitest";
import { splitStatements } from "./split-statements.js";

test("a `;` in a string, a quoted name or a comment does not end a statement", () => {
  expect(
    splitStatements(`INSERT INTO t VALUES ('a;b'); /* one; two */ UPDATE "x;y" SET a = 1 -- c;d
; DELETE FROM t`),
  ).toEqual([
    "INSERT INTO t VALUES ('a;b')",
    `/* one; two */ UPDATE "x;y" SET a = 1 -- c;d`,
    "DELETE FROM t",
  ]);
});

test("a trigger keeps its body, a CASE … END inside it included", () => {
  const trigger =
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET x = CASE WHEN NEW.a THEN 1 ELSE 2 END WHERE id = NEW.id; DELETE FROM u; END";
  expect(splitStatements(`${trigger}; INSERT INTO t VALUES (1)`)).toEqual([
    trigger,
    "INSERT INTO t VALUES (1)",
  ]);
});
