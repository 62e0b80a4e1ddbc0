import { describeMigrations } from "@athanor/testing";
import { EXAMPLE_MIGRATIONS } from "./migration-checks.js";

// a private in-memory SQLite database (better-sqlite3)
describeMigrations(
  { ...EXAMPLE_MIGRATIONS, database: { url: "sqlite::memory:" } },
  { name: "migrations on SQLite" },
);
