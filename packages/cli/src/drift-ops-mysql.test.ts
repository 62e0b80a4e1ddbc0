import { defineDriftSuite, mysqlDriftBackend } from "./testing/drift-suite.js";

// The drift suite on MariaDB 10.11 with revisions of operations (see drift-ops-postgres.test.ts).
defineDriftSuite(() => mysqlDriftBackend("drift_ops"), "ops");
