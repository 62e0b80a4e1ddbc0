import { describeCheckSuite } from "./testing/check-suite.js";
import { TEST_SERVERS } from "./testing/test-servers.js";

describeCheckSuite("PostgreSQL 15", TEST_SERVERS.postgres);
