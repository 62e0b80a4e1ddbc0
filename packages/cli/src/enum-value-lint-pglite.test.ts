import { pgliteBackend } from "./testing/database-backend.js";
import { describeEnumValueLint, ENUM_VALUE_USES } from "./testing/enum-value-lint-suite.js";

// Each PGlite CLI run boots the embedded database (~1.3 s of CPU for the three runs of a use):
// the upgrades run for a default and an index predicate only; lint judges every use, and
// enum-value-lint-postgres.test.ts runs every upgrade on PostgreSQL 15.
describeEnumValueLint(
  "PGlite",
  async () => pgliteBackend(),
  ENUM_VALUE_USES.filter((u) => u.id === "b00000000001" || u.id === "b00000000003"),
);
