import { PG_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import {
  defineContractSuite,
  pgEnumUseCorpus,
  pgliteContractBackend,
  sampledCorpus,
} from "./testing/contract-suite.js";

// A value added to a pgEnum and used in the same model change (a default, a CHECK, a partial
// index, a new table), on PGlite: autogenerate → lint → every @athanor/testing check. A case
// costs ~25 s of CPU here (each CLI run boots the database), so CI runs a seeded 1-in-4 slice
// (one case) that rotates from run to run; PostgreSQL 15 runs every case
// (autogenerate-contract-enum-use-postgres.test.ts); ATHANOR_RELIABILITY_FULL=1 runs all.
const enumUse = await sampledCorpus(pgEnumUseCorpus, 4);

defineContractSuite(
  `PGlite, enum values used where they are added ${enumUse.note}`,
  enumUse.corpus,
  pgliteContractBackend,
  PG_KNOWN_GAPS,
);
