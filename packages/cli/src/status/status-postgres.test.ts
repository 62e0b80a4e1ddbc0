import { advisoryLockId } from "@athanor/postgres";
import postgres from "postgres";
import { postgresBackend } from "../testing/database-backend.js";
import { defineStatusSuite } from "../testing/status-suite.js";

// PostgreSQL 15 in a database of this file's own; a second session holds the migration lock
// during the first test, as another deploy's runner would.
let url = "";
defineStatusSuite(
  async () => {
    const backend = await postgresBackend("status");
    url = backend.url;
    return backend;
  },
  async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "deploy-bot" } });
    const id = advisoryLockId("athanor:.athanor_version").toString();
    await sql`SELECT pg_advisory_lock(${id}::bigint)`;
    return {
      async release() {
        await sql`SELECT pg_advisory_unlock(${id}::bigint)`;
        await sql.end();
      },
    };
  },
);
