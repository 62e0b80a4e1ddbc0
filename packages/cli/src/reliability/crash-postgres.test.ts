import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../testing/harness.js";
import { buildBin } from "./bin-process.js";
import { type ChainProject, chainProject } from "./chain-project.js";
import {
  applyWindow,
  expectedModels,
  histogram,
  killedUpgrade,
  seededRandom,
  trialSeed,
} from "./crash-trial.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";
import { TRIALS } from "./trial-counts.js";

// Each revision changes the schema in several statements inside its transaction (a table, an
// index, a foreign key from the previous table), so a kill between statements would show.
const REVISIONS = 12;
let db: ScratchDatabase;
let scratch: ScratchDatabase;
let project: ChainProject;

beforeAll(async () => {
  await buildBin();
  db = await scratchDatabase("postgresql", "crash");
  scratch = await scratchDatabase("postgresql", "crash_replay");
  project = await chainProject(
    "postgresql",
    Array.from({ length: REVISIONS }, (_, i) => ({
      up: [
        `CREATE TABLE c${i} (id int PRIMARY KEY, v text)`,
        "SELECT pg_sleep(0.03)",
        `CREATE INDEX c${i}_v ON c${i} (v)`,
        ...(i === 0 ? [] : [`ALTER TABLE c${i - 1} ADD COLUMN next_id int REFERENCES c${i} (id)`]),
      ],
      down: [...(i === 0 ? [] : [`ALTER TABLE c${i - 1} DROP COLUMN next_id`]), `DROP TABLE c${i}`],
    })),
  );
}, 300_000);
afterAll(async () => {
  await db?.dispose();
  await scratch?.dispose();
});

it(`kill -9 at ${TRIALS.crashTrials} random moments of \`upgrade head\`: schema = replay of the recorded revisions, and the next upgrade completes`, async () => {
  const seed = trialSeed();
  const random = seededRandom(seed);
  const expected = expectedModels(project, scratch);
  const window = await applyWindow(project, db);
  const landed: number[] = [];
  let finishedFirst = 0;
  for (let trial = 0; trial < TRIALS.crashTrials; trial++) {
    const delay = Math.round(random() * window);
    const label = `trial ${trial} (seed ${seed}, kill after ${delay} ms)`;
    const killed = await killedUpgrade(project, db, delay);
    if (killed.finishedFirst) finishedFirst++;
    landed.push(killed.applied.length);

    expect(await db.model(), label).toBe(await expected(killed.applied.length));
    // nothing recorded wrongly: exactly the applied revisions have an `ok` upgrade row, once each
    const history = (await db.historyRows()) ?? [];
    expect(
      history.filter((h) => h.status === "ok").map((h) => `${h.revision} ${h.direction}`),
      label,
    ).toEqual(killed.applied.map((id) => `${id} upgrade`));

    // In this process: what is on trial is what the killed process left (the database, the
    // folder), which is all the next run reads; a spawned CLI cost its start-up (~0.5 s of CPU)
    // per trial. The killed run stays a process.
    const resume = await runCli(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
    expect(resume.code, `${label}\n${resume.stdout}${resume.stderr}`).toBe(0);
    expect(await db.versionRows(), label).toEqual([project.head]);
    expect(await db.model(), label).toBe(await expected(REVISIONS));
  }
  console.log(
    `[reliability] postgresql crash: ${TRIALS.crashTrials} kill -9 trials (seed ${seed}, window ${Math.round(window)} ms), ` +
      `${finishedFirst} finished before the kill; revisions applied when killed → trials: ${histogram(landed)}`,
  );
}, 3_600_000);
