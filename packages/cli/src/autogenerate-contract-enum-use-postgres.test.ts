import { PG_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { defineContractSuite, pgEnumUseCorpus, serverContractBackend } from "./testing/contract-suite.js";
import { TEST_PG_URL } from "./testing/database-backend.js";

// A value added to a pgEnum and used in the same model change (a default, a CHECK, a partial
// index, a new table), on PostgreSQL 15: autogenerate → lint → every @athanor/testing check.
// Every case on every run (the whole-corpus suite samples them).
defineContractSuite(
  "PostgreSQL 15, enum values used where they are added",
  pgEnumUseCorpus,
  () => serverContractBackend("postgresql", TEST_PG_URL, "contract_enum"),
  PG_KNOWN_GAPS,
  { lanes: 2 },
);
