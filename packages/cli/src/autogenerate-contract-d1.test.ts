import { D1_KNOWN_GAPS } from "./testing/contract-known-gaps.js";
import { defineContractSuite, sampledCorpus, sqliteCorpus } from "./testing/contract-suite.js";
import { sqliteContractBackend } from "./testing/sqlite-contract-backend.js";

// The SQLite corpus with the @athanor/testing checks on Cloudflare D1: `revision --autogenerate`
// and `lint` run in the CLI against the project's SQLite file (the CLI has no D1 transport:
// docs/sqlite.md, "Why not d1-http"), and every check — each revision from its parent, the
// stairway, downgrade leaves no trace, models match, old code's queries — upgrades and
// downgrades the written revisions on a throw-away D1 (`d1::memory:`, miniflare 3's local D1)
// through `d1Dialect` over the binding, the way a Worker deploy runs them. D1 is where the
// revisions meet no BEGIN, foreign keys that stay on and rebuilds done as one batch. Each case
// gets a fresh miniflare (sqlite-contract-backend.ts says why) and every statement is a round
// trip to it, so a case costs several times a better-sqlite3 one: CI runs a seeded 1-in-8 slice
// (3-4 cases), ATHANOR_RELIABILITY_FULL=1 runs all 26 (all pass).
const d1 = await sampledCorpus(sqliteCorpus, 8);
defineContractSuite(
  `D1 (miniflare 3) ${d1.note}`,
  d1.corpus,
  () => sqliteContractBackend({ checksUrl: "d1::memory:" }),
  D1_KNOWN_GAPS,
);
