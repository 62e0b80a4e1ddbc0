import { concurrencySuite } from "./concurrency-suite.js";

// MariaDB 10.11 at ATHANOR_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test)
concurrencySuite("mysql");
