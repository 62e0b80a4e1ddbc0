import { defineDriftSuite, mysqlDriftBackend } from "./testing/drift-suite.js";

// check --against migrations and stamp --verify on MariaDB 10.11 (scratch database on the same server).
defineDriftSuite(() => mysqlDriftBackend("drift"));
