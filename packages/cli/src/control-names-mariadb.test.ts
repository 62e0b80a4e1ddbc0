import { mysqlDialect } from "@athanor/mysql";
import { defineControlNamesSuite } from "./testing/control-names-suite.js";
import { mariadbDatabases } from "./testing/mariadb-databases.js";
import { queryOnce } from "./testing/query-once.js";

// Names with control characters on MariaDB 10.11 (a database of this file's own): refused.
defineControlNamesSuite({ dialect: "mysql" }, async () => {
  const name = `athanor_cli_control_names_${process.pid}`;
  const databases = await mariadbDatabases([name]);
  const url = databases.urlOf(name);
  return {
    env: () => ({ DATABASE_URL: url }),
    query: (_dir, sql) => queryOnce(mysqlDialect({ url }), sql),
    reset: () => databases.root.executeScript([`DROP DATABASE ${name}`, `CREATE DATABASE ${name}`]),
    dispose: databases.dispose,
  };
});
