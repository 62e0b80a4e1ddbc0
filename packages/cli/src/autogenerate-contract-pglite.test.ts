import { PG_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import {
  defineContractSuite,
  pgCorpus,
  pgliteContractBackend,
  sampledCorpus,
} from "./testing/contract-suite.js";

// Autogenerate corpus cases, staged and --no-stage, on PGlite: each CLI project keeps its own
// embedded database; the checks walk an in-memory one.
//
// PGlite shares PostgreSQL's renderer, introspector and lint rules, and the corpus runs on
// PostgreSQL 15 in CI too (autogenerate-contract-postgres.test.ts). Each CLI call here boots the
// embedded database (~8 CLI calls a case, ~0.3-0.6 s of CPU each: about half of the file's CPU;
// ~8 s of CPU a case in all, one case at a time: PGlite keeps a core busy), so CI runs a seeded
// 1-in-24 slice (~3-4 cases) that rotates from run to run (the seed is in the suite's name;
// twenty-four runs cover the corpus); ATHANOR_RELIABILITY_FULL=1 runs every case.
const pglite = await sampledCorpus(pgCorpus, 24);

defineContractSuite(`PGlite ${pglite.note}`, pglite.corpus, pgliteContractBackend, PG_KNOWN_GAPS);
