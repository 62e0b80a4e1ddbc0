#!/usr/bin/env node
// Floor of a no-op `upgrade`: list and stat the revision files, import the driver, connect, read
// the version table and the history in one statement, disconnect (see README.md).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { listAndStat } from "./list-and-stat.mjs";

/** The driver as the dialect package resolves it (pnpm keeps it out of the root's node_modules). */
const driver = (pkg, name) =>
  import(
    pathToFileURL(createRequire(new URL(`../../packages/${pkg}/package.json`, import.meta.url)).resolve(name))
      .href
  );

const [dir, url] = process.argv.slice(2);
listAndStat(dir);
const state =
  "SELECT 1 AS part, version_num AS revision, NULL AS checksum FROM athanor_version " +
  "UNION ALL SELECT 2, revision, checksum FROM athanor_version_history";
if (url.startsWith("postgres")) {
  const { default: postgres } = await driver("postgres", "postgres");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const rows = await sql.unsafe(state);
  if (rows.length === 0) throw new Error("no bookkeeping rows");
  await sql.end();
} else {
  const mysql = await driver("mysql", "mysql2/promise");
  const conn = await mysql.createConnection(url);
  const [rows] = await conn.query(state);
  if (rows.length === 0) throw new Error("no bookkeeping rows");
  await conn.end();
}
