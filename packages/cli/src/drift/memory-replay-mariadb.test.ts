import { introspectMysql, mysqlDialectModule } from "@athanor/mysql";
import { mariadbCorpusBackend } from "../../../drizzle/src/testing/autogen-corpus/mariadb-backend.js";
import { MYSQL_CASES } from "../../../drizzle/src/testing/autogen-corpus/mysql-cases.js";
import { defineMemoryReplaySuite } from "../testing/memory-replay-differential.js";

// Issue 21: the in-memory replay of check --against, proved exact (or refused) on every MariaDB
// corpus case, revision by revision (see memory-replay-postgres.test.ts).
defineMemoryReplaySuite(
  "MariaDB",
  MYSQL_CASES,
  () => mariadbCorpusBackend("memory_replay_my"),
  (backend) => mysqlDialectModule.replayConventions?.(backend.database ?? ""),
  (backend) => introspectMysql(backend.live, { database: backend.database ?? "" }),
);
