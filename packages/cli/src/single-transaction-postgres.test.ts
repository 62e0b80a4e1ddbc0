import { postgresSingleTransactionBackend } from "./testing/single-transaction-backends.js";
import { defineSingleTransactionSuite } from "./testing/single-transaction-suite.js";

defineSingleTransactionSuite(async () => postgresSingleTransactionBackend());
