/**
 * The servers this package's own tests create databases on; each overridable by environment
 * (the same variables the dialect packages read). Tests fail, never skip, when one is down.
 */
export const TEST_SERVERS = {
  postgres: process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  mysql: process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
} as const;
