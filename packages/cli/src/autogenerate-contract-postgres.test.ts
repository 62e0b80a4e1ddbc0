import { PG_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { defineContractSuite, pgCorpus, serverContractBackend } from "./testing/contract-suite.js";
import { TEST_PG_URL } from "./testing/database-backend.js";

// Every autogenerate corpus case, staged and --no-stage, on PostgreSQL 15: lint-clean and
// passing every @athanor/testing check. Three cases at a time, each lane on databases of its own:
// a case mostly waits on the server (docs/performance.md, "CI test time").
defineContractSuite(
  "PostgreSQL 15",
  pgCorpus,
  () => serverContractBackend("postgresql", TEST_PG_URL, "contract_pg"),
  PG_KNOWN_GAPS,
  { lanes: 3 },
);
