import { MYSQL_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import {
  defineContractSuite,
  mysqlCorpus,
  sampledCorpus,
  serverContractBackend,
} from "./testing/contract-suite.js";

// Autogenerate corpus cases, staged and --no-stage, on MariaDB 10.11: lint-clean and passing
// every @athanor/testing check. Three cases at a time, each lane on databases of its own. CI runs
// a seeded 1-in-4 slice (16 of 64 cases; 1 in 3 until 2026-12-07) that rotates from run to run
// (the seed is in the suite's name; four runs cover the corpus); ATHANOR_RELIABILITY_FULL=1
// runs every case. Every case still goes
// autogenerate → upgrade → no diff → downgrade on MariaDB in every run
// (packages/drizzle/src/round-trip/corpus-mariadb.test.ts).
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const mariadb = await sampledCorpus(mysqlCorpus, 4);

defineContractSuite(
  `MariaDB 10.11 ${mariadb.note}`,
  mariadb.corpus,
  () => serverContractBackend("mysql", SERVER, "contract_my"),
  MYSQL_KNOWN_GAPS,
  { lanes: 3 },
);
