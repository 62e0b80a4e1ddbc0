import { MYSQL_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { defineContractSuite, mysqlCorpus, serverContractBackend } from "./testing/contract-suite.js";

// Every autogenerate corpus case, staged and --no-stage, on MariaDB 10.11: lint-clean and
// passing every @athanor/testing check. Three cases at a time, each lane on databases of its own.
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

defineContractSuite(
  "MariaDB 10.11",
  mysqlCorpus,
  () => serverContractBackend("mysql", SERVER, "contract_my"),
  MYSQL_KNOWN_GAPS,
  { lanes: 3 },
);
