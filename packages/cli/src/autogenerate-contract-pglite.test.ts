import { createTestDatabase } from "@athanor/testing";
import { PG_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { type ContractCorpus, defineContractSuite, pgCorpus } from "./testing/contract-suite.js";

// Every autogenerate corpus case, staged and --no-stage, on PGlite: each CLI project keeps its
// own embedded database; the checks walk an in-memory one.
//
// PGlite shares PostgreSQL's renderer, introspector and lint rules, and the whole corpus runs on
// PostgreSQL 15 in CI (autogenerate-contract-postgres.test.ts). Each CLI call here boots the
// embedded database (~25 s a case), so CI runs every 6th case; ATHANOR_CONTRACT_FULL=1 runs all.
const FULL = process.env.ATHANOR_CONTRACT_FULL === "1";

async function pgliteCorpus(): Promise<ContractCorpus> {
  const corpus = await pgCorpus();
  return FULL ? corpus : { ...corpus, cases: corpus.cases.filter((_, i) => i % 6 === 0) };
}

defineContractSuite(
  "PGlite",
  pgliteCorpus,
  async () => {
    const checks = await createTestDatabase({ url: "pglite" });
    return {
      dialect: "postgresql",
      env: () => ({}),
      resetProject: async () => {},
      checks,
      dispose: () => checks.dispose(),
    };
  },
  PG_KNOWN_GAPS,
);
