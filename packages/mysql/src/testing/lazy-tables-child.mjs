// Child of mysql2-lazy-tables.test.ts: a fresh process opening a session through the built
// package, reporting which of mysql2's tables were loaded before and after they were needed.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { types } from "node:util";
import { openMysqlConnection } from "../../dist/index.js";

const require = createRequire(createRequire(import.meta.url).resolve("mysql2/package.json"));
const errorsFile = join(dirname(require.resolve("mysql2/package.json")), "lib", "constants", "errors.js");
const iconvRoot = dirname(require.resolve("iconv-lite/package.json"));
const loaded = () => ({
  errorTable: require.cache[errorsFile] !== undefined && !types.isProxy(require.cache[errorsFile].exports),
  allEncodings: require.cache[join(iconvRoot, "encodings", "index.js")] !== undefined,
});

const conn = await openMysqlConnection({ url: process.argv[2] });
const report = { afterConnect: loaded() };
const { rows } = await conn.query("SELECT 'ok' AS v");
report.utf8 = rows[0].v;
const error = await conn.query("SELECT * FROM athanor_no_such_table").catch((e) => e);
report.errorCode = error.code;
report.afterError = loaded();
// results sent in cp1250: mysql2 decodes them with iconv-lite's cp1250 codec
await conn.query("SET character_set_results = cp1250");
const [latin] = (await conn.query("SELECT _utf8mb4 'Zuřivý' AS v")).rows;
report.cp1250 = latin.v;
report.afterCp1250 = loaded();
await conn.close();
process.stdout.write(JSON.stringify(report));
