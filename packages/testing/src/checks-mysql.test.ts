import { describeCheckSuite } from "./testing/check-suite.js";
import { TEST_SERVERS } from "./testing/test-servers.js";

describeCheckSuite("MariaDB 10.11", TEST_SERVERS.mysql);
