import { describeMigrations } from "@athanor/testing";
import { EXAMPLE_MIGRATIONS } from "./migration-checks.js";

// a fresh database of its own on the PostgreSQL 15 server; unreachable means failed, not skipped
describeMigrations(
  { ...EXAMPLE_MIGRATIONS, database: { url: "postgres://postgres@127.0.0.1:5432/test", prefix: "example" } },
  { name: "migrations on PostgreSQL" },
);
