import { introspectPostgres } from "@athanor/postgres";
import { postgresCorpusBackend } from "../../../drizzle/src/testing/autogen-corpus/pg-backends.js";
import { PG_CASES } from "../../../drizzle/src/testing/autogen-corpus/pg-cases.js";
import { defineMemoryReplaySuite } from "../testing/memory-replay-differential.js";
import { postgresConventions } from "./memory-replay/replay-conventions.js";

// Issue 21: check --against replays the revisions' operations in memory and trusts the model
// only when it equals the live database. Sound only if the model, whenever it does not refuse,
// is exactly what the server builds: proved on every PostgreSQL corpus case, revision by revision.
defineMemoryReplaySuite(
  "PostgreSQL",
  PG_CASES,
  () => postgresCorpusBackend("memory_replay_pg"),
  () => postgresConventions("public"),
  (backend) => introspectPostgres(backend.live, {}),
);
