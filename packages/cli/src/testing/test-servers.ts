/** The two servers the CLI's server suites run against, with their dialect and package names. */
export const TEST_SERVERS = [
  {
    name: "PostgreSQL",
    dialect: "postgresql",
    url: process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    pkg: "postgres",
  },
  {
    name: "MariaDB",
    dialect: "mysql",
    url: process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
    pkg: "mysql",
  },
] as const;
