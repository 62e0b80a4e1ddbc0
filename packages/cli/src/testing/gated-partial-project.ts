import { readFileSync, writeFileSync } from "node:fs";
import { ok } from "./harness.js";
import { revisionFile, setBody } from "./sample-database-project.js";

/**
 * Writes, in the freshly `init`ed project `dir`, the two revisions of a partial run with 2
 * statements done: r001 creates `accounts` (3 rows of balance 100) and `gate` holding a row; r002
 * runs outside a transaction (each statement commits with its record) — `addColumn` (w), `UPDATE
 * balance + 50`, then an INSERT into `gate` that fails while the row is there. The first
 * `upgrade` stops at r002's statement #2; deleting the gate row lets a resume finish.
 *
 * @example
 * ```ts
 * writeGatedPartialProject(dir, 'op.addColumn("accounts", { name: "w", type: "int" })', 'op.dropColumn("accounts", "w")');
 * ```
 */
export async function writeGatedPartialProject(
  dir: string,
  addColumn: string,
  dropColumn: string,
): Promise<void> {
  for (const id of ["r001", "r002"]) await ok(dir, ["revision", "-m", id, "--rev-id", id]);
  const exec = (sql: string) => `op.execute(${JSON.stringify(sql)})`;
  setBody(
    dir,
    "r001",
    [
      exec("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)"),
      exec("INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100)"),
      exec("CREATE TABLE gate (id int PRIMARY KEY)"),
      exec("INSERT INTO gate VALUES (1)"),
    ].join(";\n    "),
    [exec("DROP TABLE gate"), exec("DROP TABLE accounts")].join(";\n    "),
  );
  setBody(
    dir,
    "r002",
    [addColumn, exec("UPDATE accounts SET balance = balance + 50"), exec("INSERT INTO gate VALUES (1)")].join(
      ";\n    ",
    ),
    [exec("DELETE FROM gate"), exec("UPDATE accounts SET balance = balance - 50"), dropColumn].join(
      ";\n    ",
    ),
  );
  const file = revisionFile(dir, "r002");
  writeFileSync(
    file,
    readFileSync(file, "utf8").replace('  message: "r002",', '  message: "r002",\n  transactional: false,'),
  );
}
