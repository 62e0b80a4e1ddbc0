import { PG_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import {
  defineContractSuite,
  pgCorpus,
  sampledCorpus,
  serverContractBackend,
} from "./testing/contract-suite.js";
import { TEST_PG_URL } from "./testing/database-backend.js";

// Autogenerate corpus cases, staged and --no-stage, on PostgreSQL 15: lint-clean and passing
// every @athanor/testing check. Three cases at a time, each lane on databases of its own: a case
// mostly waits on the server (docs/performance.md, "CI test time"). CI runs a seeded 1-in-4 slice
// (23 of 90 cases; 1 in 3 until 2026-12-07) that rotates from run to run (the seed is in the
// suite's name; four runs cover the corpus); ATHANOR_RELIABILITY_FULL=1 runs every case. Every
// case still goes
// autogenerate → upgrade → no diff → downgrade on PostgreSQL in every run
// (packages/drizzle/src/round-trip/corpus-postgres.test.ts).
const pg = await sampledCorpus(pgCorpus, 4);

defineContractSuite(
  `PostgreSQL 15 ${pg.note}`,
  pg.corpus,
  () => serverContractBackend("postgresql", TEST_PG_URL, "contract_pg"),
  PG_KNOWN_GAPS,
  { lanes: 3 },
);
