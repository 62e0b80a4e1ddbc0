import { describeMigrations } from "@athanor/testing";
import { EXAMPLE_MIGRATIONS } from "./migration-checks.js";

// a fresh database of its own on the MariaDB 10.11 server; unreachable means failed, not skipped
describeMigrations(
  { ...EXAMPLE_MIGRATIONS, database: { url: "mysql://root@127.0.0.1:3306/test", prefix: "example" } },
  { name: "migrations on MariaDB" },
);
