import { mysqlDialect, quoteLiteral } from "@athanor/mysql";
import { defineControlValuesSuite } from "./testing/control-values-suite.js";
import { mariadbDatabases } from "./testing/mariadb-databases.js";
import { queryOnce } from "./testing/query-once.js";

// Control characters in defaults and check literals on MariaDB 10.11 (a database of this file's own).
defineControlValuesSuite("mysql", async () => {
  const name = `athanor_cli_control_values_${process.pid}`;
  const databases = await mariadbDatabases([name]);
  const url = databases.urlOf(name);
  return {
    // mariadb://: offline `upgrade --sql` renders for MariaDB (a mysql:// URL means MySQL 8.0.0)
    env: () => ({ DATABASE_URL: url.replace(/^mysql:/, "mariadb:") }),
    query: (_dir, sql) => queryOnce(mysqlDialect({ url }), sql),
    literal: quoteLiteral,
    reset: () => databases.root.executeScript([`DROP DATABASE ${name}`, `CREATE DATABASE ${name}`]),
    dispose: databases.dispose,
  };
});
