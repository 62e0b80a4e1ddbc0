import { expect } from "vitest";
import { type CliResult, projectCli, tempDir, useSchemaFile } from "./harness.js";
import { rowsOf, runStatements, type StageBackend } from "./stage-suite.js";

/** A project on a throw-away database for the suites about hand-written objects outside the models. */
export interface DependentsProject {
  readonly backend: StageBackend;
  readonly project: string;
  /** MariaDB's database (the check names objects `db.name`); "" on PostgreSQL. */
  readonly db: string;
  /** `{db}` in each name replaced by the database. */
  named(names: readonly string[]): string[];
  cli(...argv: string[]): Promise<CliResult>;
  must(...argv: string[]): Promise<CliResult>;
  run(statements: readonly string[]): Promise<void>;
  /** Runs a command expected to be refused with ATHANOR_BROKEN_DEPENDENTS, nothing applied; its error. */
  refusal(...argv: string[]): Promise<{ message: string; meta: Record<string, unknown> }>;
  /**
   * Makes the project folder, the database (`makeBackend` gets the folder: PGlite's lives in it)
   * and initialises the project with a schema file (call in `beforeAll`).
   */
  open(makeBackend: (project: string) => Promise<StageBackend>, prefix: string): Promise<void>;
  /** Drops the database, if it was made (call in `afterAll`). */
  dispose(): Promise<void>;
}

/**
 * The state and helpers those suites share, filled by {@link DependentsProject.open}.
 *
 * @example
 * ```ts
 * const p = dependentsProject("postgresql");
 * beforeAll(() => p.open(() => postgresStageBackend("deps"), "athanor-deps-"));
 * ```
 */
export function dependentsProject(on: "postgresql" | "mysql"): DependentsProject {
  let backend: StageBackend | undefined;
  let project = "";
  let db = "";
  const opened = () => {
    if (backend === undefined) throw new Error("the dependents project is not open yet");
    return backend;
  };
  const { cli, must } = projectCli(
    () => project,
    () => opened().env,
  );
  return {
    get backend() {
      return opened();
    },
    get project() {
      return project;
    },
    get db() {
      return db;
    },
    named: (names) => names.map((n) => n.replace("{db}", db)),
    cli,
    must,
    run: (statements) => runStatements(opened(), statements),
    async refusal(...argv) {
      const refused = await cli(...argv, "--json");
      expect(refused.code, refused.stderr).toBe(1);
      const error = JSON.parse(refused.stdout).error;
      expect(error.code).toBe("ATHANOR_BROKEN_DEPENDENTS");
      expect(error.meta.outcome).toBe("nothing");
      return error;
    },
    async open(makeBackend, prefix) {
      project = tempDir(prefix);
      backend = await makeBackend(project);
      expect(backend.dialect).toBe(on);
      if (on === "mysql") db = String(rowsOf(await backend.query("SELECT DATABASE() AS d"))[0]?.d);
      expect((await cli("init", "--dialect", backend.dialect)).code).toBe(0);
      useSchemaFile(project);
    },
    dispose: async () => backend?.dispose(),
  };
}
