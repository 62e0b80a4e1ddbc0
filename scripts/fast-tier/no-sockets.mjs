// Set-up of the database-free tier (vitest.fast.config.ts): a socket connection means a test
// reached a database server, so it fails instead of passing slowly (or not at all offline).
import { Socket } from "node:net";
import { beforeEach } from "vitest";
// core's own switch, not a copy of where it keeps the phrasing
import { LIBRARY_PHRASING, phraseNextStepsWith } from "../../packages/core/src/text/next-step.ts";

Socket.prototype.connect = function refuseConnection() {
  throw new Error(
    "A test in the database-free tier (pnpm test:fast) opened a network connection. Name the database in the test (scripts/test-tiers.mjs reads it) so it runs with the full suite only.",
  );
};

// The tier runs without isolation (vitest.fast.config.ts: files share a worker's module cache,
// 82 → 35 s), so globals one file sets reach the next. Each test starts from core's default
// phrasing of next steps; the CLI's `main()` installs its own on every call.
beforeEach(() => {
  phraseNextStepsWith(LIBRARY_PHRASING);
});
