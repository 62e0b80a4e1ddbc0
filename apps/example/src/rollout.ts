#!/usr/bin/env node
// The example's entry point: `npm run demo` at the repository root, or `node dist/src/rollout.js`
// here. DATABASE_URL=postgres://… or mysql://… runs the same rollout against a server, file:… on a
// SQLite file; without it the embedded PGlite database in apps/example/.athanor/pglite is used
// (and started afresh).
import { databaseChoiceOf } from "./database/database-choice.js";
import { exampleRoot } from "./rollout/athanor-views.js";
import { runRollout } from "./rollout/run-rollout.js";

const report = await runRollout({ database: databaseChoiceOf(process.env.DATABASE_URL, exampleRoot()) });
process.exitCode = report.ok ? 0 : 1;
