import { introspectPostgres, postgresDialectModule } from "@athanor/postgres";
import { postgresCorpusBackend } from "../../../drizzle/src/testing/autogen-corpus/pg-backends.js";
import { PG_CASES } from "../../../drizzle/src/testing/autogen-corpus/pg-cases.js";
import { defineMemoryReplaySuite } from "../testing/memory-replay-differential.js";

// Issue 21: check --against replays the revisions' operations in memory and trusts the model
// only when it equals the live database. Sound only if the model, whenever it does not refuse,
// is exactly what the server builds: proved on every PostgreSQL corpus case, revision by revision.
defineMemoryReplaySuite(
  "PostgreSQL",
  PG_CASES,
  () => postgresCorpusBackend("memory_replay_pg"),
  () => postgresDialectModule.replayConventions?.(undefined),
  (backend) => introspectPostgres(backend.live, {}),
);
