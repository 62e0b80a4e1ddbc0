// A second, narrow entry point (`@athanor/mysql/dialects`): the dialect module and factory and
// what they pull in (renderer, driver, lock). The package root also brings the introspector and
// lint rules, which a plain `upgrade` never uses; the CLI imports this on its start-up path.

export { mysqlDialectModule } from "./dialect-module.js";
export type { MysqlDialect, MysqlDialectCommonOptions, MysqlDialectOptions } from "./mysql-dialect.js";
export { mysqlDialect } from "./mysql-dialect.js";
