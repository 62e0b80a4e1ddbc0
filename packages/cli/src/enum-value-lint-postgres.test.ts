import { postgresBackend } from "./testing/database-backend.js";
import { describeEnumValueLint } from "./testing/enum-value-lint-suite.js";

describeEnumValueLint("PostgreSQL 15", () => postgresBackend("enum_lint"));
