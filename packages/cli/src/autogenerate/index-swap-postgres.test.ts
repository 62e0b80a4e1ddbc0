import { afterAll, beforeAll, expect, test } from "vitest";
import { buildBin, runBin, startBin } from "../reliability/bin-process.js";
import { postgresBackend } from "../testing/database-backend.js";
import { type SchemaProject, schemaProject } from "../testing/schema-project.js";

// A unique index redefined under its name (here widened from (email) to (tenant, email)) used to
// be written as DROP INDEX in one revision and CREATE INDEX CONCURRENTLY in the next: in between,
// nothing enforced the rule, and a duplicate written then made the second revision fail. It is
// one swap now — the new index built beside the old, the old dropped, the new renamed — so at
// every statement boundary of the upgrade some unique index rejects a duplicate (tenant, email);
// a run killed between two steps resumes to the same end.
let backend: Awaited<ReturnType<typeof postgresBackend>>;
let project: SchemaProject;
beforeAll(async () => {
  await buildBin();
  backend = await postgresBackend("index_swap");
  project = await schemaProject("postgresql", backend.env());
}, 300_000);
afterAll(async () => {
  await backend?.dispose();
});

const schema = (
  keys: string,
) => `import { integer, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
export const users = pgTable("users", { id: serial("id").primaryKey(), tenant: integer("tenant"), email: text("email") }, (t) => [
  uniqueIndex("users_email_uidx").on(${keys}),
]);`;
const ok = async (...argv: string[]) => {
  const r = await project.cli(...argv);
  expect(r.code, `${argv.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
  return r;
};
const definitions = async () =>
  (
    await backend.query<{ def: string }>(
      "",
      "SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'users' AND indexname <> 'users_pkey' ORDER BY indexname",
    )
  ).map((r) => r.def);
const OLD = ["CREATE UNIQUE INDEX users_email_uidx ON public.users USING btree (email)"];
const NEW = ["CREATE UNIQUE INDEX users_email_uidx ON public.users USING btree (tenant, email)"];
const duplicateRejected = () =>
  backend.query("", "INSERT INTO users (tenant, email) VALUES (1, 'a@x')").then(
    () => false,
    (e: Error) => /duplicate key/.test(e.message),
  );

test("a unique index redefined under its name: enforced at every statement boundary, resumable after kill -9, and back", async () => {
  project.schema(schema("t.email"));
  await ok("migrate", "-m", "users");
  await ok("upgrade", "head");
  await backend.query("", "INSERT INTO users (tenant, email) VALUES (1, 'a@x'), (2, 'b@x')");

  project.schema(schema("t.tenant, t.email"));
  const generated = await ok("migrate", "-m", "widen");
  expect(generated.stdout).toContain("Staged into 1 revision");
  expect(generated.stdout).toContain("built CONCURRENTLY beside it, then takes its name");
  const lint = await ok("lint");
  expect(lint.stdout).toContain("No lint findings");

  // the uninterrupted run's statements, by the runner's own trace
  const env = backend.env();
  const traced = await runBin(project.dir, ["upgrade", "head"], {
    ...env,
    ATHANOR_TEST_TRACE_STATEMENTS: "1",
  });
  expect(traced.code, traced.stderr).toBe(0);
  expect(await definitions()).toEqual(NEW);
  const statements = [...traced.stderr.matchAll(/^athanor-test: statement (\d+): (.*)$/gm)].map(
    (m) => m[2] ?? "",
  );
  const first = statements.findIndex((s) => s.includes("CREATE UNIQUE INDEX CONCURRENTLY"));
  expect(first, statements.join("\n")).toBeGreaterThan(0);
  await ok("downgrade", "-1");
  expect(await definitions()).toEqual(OLD);

  // paused after each statement while the swap is in flight (build, drop, rename and their
  // progress records): some unique index holds the rule
  const renamed = statements.findIndex((s) => /ALTER INDEX .* RENAME TO/.test(s));
  expect(renamed).toBeGreaterThan(first);
  for (let n = first + 1; n <= renamed + 1; n++) {
    const run = startBin(project.dir, ["upgrade", "head"], { ...env, ATHANOR_TEST_PAUSE_AFTER: String(n) });
    expect(await run.stderrShows(`paused after statement ${n}`), `statement ${n}`).toBe(true);
    expect(await duplicateRejected(), `after statement ${n}: ${statements[n - 1]}`).toBe(true);
    process.kill(run.pid, "SIGUSR2");
    expect((await run.exited).code).toBe(0);
    expect(await definitions()).toEqual(NEW);
    await ok("downgrade", "-1");
  }

  // kill -9 right after the old index is dropped (its progress recorded): the re-run resumes
  const dropped = statements.findIndex((s, i) => i > first && s.includes("DROP INDEX CONCURRENTLY"));
  const recorded = statements.findIndex((s, i) => i > dropped && /athanor_version_history/.test(s));
  const run = startBin(project.dir, ["upgrade", "head"], {
    ...env,
    ATHANOR_TEST_PAUSE_AFTER: String(recorded + 1),
  });
  expect(await run.stderrShows("paused after statement")).toBe(true);
  run.kill9();
  await run.exited;
  expect(await duplicateRejected()).toBe(true);
  const rerun = await project.cli("upgrade", "head");
  if (rerun.code !== 0) {
    expect(rerun.stderr).toContain("--resume");
    await ok("upgrade", "head", "--resume");
  }
  expect(await definitions()).toEqual(NEW);
  await ok("check");
  await ok("check", "--against", "migrations");
  expect(await backend.query("", "SELECT tenant, email FROM users ORDER BY id")).toEqual([
    { tenant: 1, email: "a@x" },
    { tenant: 2, email: "b@x" },
  ]);
  // the wider rule now lets another tenant use the address
  await backend.query("", "INSERT INTO users (tenant, email) VALUES (2, 'a@x')");
  await backend.query("", "DELETE FROM users WHERE tenant = 2 AND email = 'a@x'");
  await ok("downgrade", "-1");
  expect(await definitions()).toEqual(OLD);
}, 300_000);
