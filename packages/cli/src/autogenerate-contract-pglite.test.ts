import { createTestDatabase } from "@athanor/testing";
import { PG_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { defineContractSuite, pgCorpus } from "./testing/contract-suite.js";

// Every autogenerate corpus case, staged and --no-stage, on PGlite: each CLI project keeps its
// own embedded database; the checks walk an in-memory one.
defineContractSuite(
  "PGlite",
  pgCorpus,
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
