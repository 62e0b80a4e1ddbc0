// Set-up of the database-free tier (vitest.fast.config.ts): a socket connection means a test
// reached a database server, so it fails instead of passing slowly (or not at all offline).
import { Socket } from "node:net";

Socket.prototype.connect = function refuseConnection() {
  throw new Error(
    "A test in the database-free tier (pnpm test:fast) opened a network connection. Name the database in the test (scripts/test-tiers.mjs reads it) so it runs with the full suite only.",
  );
};
