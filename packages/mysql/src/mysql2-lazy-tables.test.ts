import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { TEST_MYSQL_URL } from "./testing/scratch-database.js";

// mysql2's error-name table and iconv-lite's codec list load when first used, not when mysql2 is
// imported and connects; what reads them still gets them. A fresh process (this one may already
// hold mysql2) through the built package.
const run = promisify(execFile);
const child = fileURLToPath(new URL("./testing/lazy-tables-child.mjs", import.meta.url));

test("a session loads mysql2's error table and iconv-lite's codecs only when it needs them", async () => {
  if (!existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)))) {
    throw new Error("packages/mysql/dist is missing: build the package before this test");
  }
  const { stdout } = await run(process.execPath, [child, TEST_MYSQL_URL], { timeout: 60_000 });
  expect(JSON.parse(stdout)).toEqual({
    afterConnect: { errorTable: false, allEncodings: false },
    utf8: "ok",
    // the server's error number named from the real table
    errorCode: "ER_NO_SUCH_TABLE",
    afterError: { errorTable: true, allEncodings: false },
    // a cp1250 column decoded by a codec outside iconv-lite's internal ones
    cp1250: "Zuřivý",
    afterCp1250: { errorTable: true, allEncodings: true },
  });
}, 90_000);
