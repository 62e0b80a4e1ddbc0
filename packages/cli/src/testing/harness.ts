import { mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main.js";
import { holdsOf } from "./embedded-hold.js";

/** The pinned clock of every in-process run, so generated files and outputs are deterministic. */
export const FIXED_NOW = new Date("2026-01-02T03:04:05.000Z");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `athanor <argv>` in-process in `cwd` with captured output, no TTY and a fixed clock. */
export async function runCli(
  cwd: string,
  argv: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    isTTY?: boolean;
    /** stdout a terminal though stdin is not (defaults to `isTTY`). */
    stdoutIsTerminal?: boolean;
    color?: boolean;
  } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd,
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    ...(options.stdoutIsTerminal === undefined ? {} : { stdoutIsTerminal: options.stdoutIsTerminal }),
    color: options.color ?? false,
    now: () => FIXED_NOW,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  await holdsOf(options.env)?.afterCall(cwd, argv);
  return { code, stdout, stderr };
}

/**
 * `cli(...argv)` and `must(...argv)` (which throws with the output unless the exit code is 0)
 * for a project and environment known only once a suite's `beforeAll` ran.
 *
 * @example
 * ```ts
 * const { cli, must } = projectCli(() => project, () => backend.env);
 * await must("upgrade");
 * ```
 */
export function projectCli(
  cwd: () => string,
  env: () => Record<string, string | undefined>,
): {
  cli(...argv: string[]): Promise<CliResult>;
  must(...argv: string[]): Promise<CliResult>;
} {
  const cli = (...argv: string[]) => runCli(cwd(), argv, { env: env() });
  const must = async (...argv: string[]) => {
    const r = await cli(...argv);
    if (r.code !== 0) throw new Error(`athanor ${argv.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r;
  };
  return { cli, must };
}

/** A fresh empty folder (real path, so relative paths in output are stable). */
export function tempDir(prefix = "athanor-cli-"): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** Runs a command and fails loudly unless it exits 0. */
export async function ok(cwd: string, argv: readonly string[]): Promise<CliResult> {
  const result = await runCli(cwd, argv);
  if (result.code !== 0)
    throw new Error(`athanor ${argv.join(" ")} exited ${result.code}: ${result.stderr}${result.stdout}`);
  return result;
}

/**
 * Builds the sample history used by the golden tests:
 *
 *   1975 ─┬─ ae10 ─────────────┐
 *         └─ 27c6 (cart) ─ 3b1f ┴─ 53ff (merge)
 *   55af (audit, a second base) ···depends-on··· 3b1f
 */
export async function buildSampleHistory(cwd: string): Promise<void> {
  await ok(cwd, ["init", "--dialect", "postgresql"]);
  await ok(cwd, ["revision", "-m", "create account table", "--rev-id", "1975ea83b712"]);
  await ok(cwd, ["revision", "-m", "add a column", "--rev-id", "ae1027a6acf0"]);
  await ok(cwd, [
    "revision",
    "-m",
    "add shopping cart table",
    "--head",
    "1975ea83b712",
    "--splice",
    "--branch-label",
    "cart",
    "--rev-id",
    "27c6a30d7c24",
  ]);
  await ok(cwd, [
    "revision",
    "-m",
    "create audit log",
    "--head",
    "base",
    "--branch-label",
    "audit",
    "--rev-id",
    "55af2cb1c267",
  ]);
  await ok(cwd, [
    "revision",
    "-m",
    "add cart items",
    "--head",
    "cart@head",
    "--depends-on",
    "audit",
    "--rev-id",
    "3b1f0c9d2e4a",
    "--phase",
    "expand",
  ]);
  await ok(cwd, [
    "merge",
    "-m",
    "merge cart into main",
    "ae1027a6acf0",
    "3b1f0c9d2e4a",
    "--rev-id",
    "53ff6e4a9c01",
  ]);
}

/**
 * Makes a freshly `init`ed project read its Drizzle models from `schema.ts` (imported from the
 * CLI's own node_modules, as a real project imports drizzle-orm from its own); `extraConfig`
 * adds `defineConfig` fields (`sqlite: { driver: "libsql" }`).
 */
export function useSchemaFile(project: string, extraConfig?: string): void {
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(project, "node_modules"), "dir");
  const config = join(project, "athanor.config.ts");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace(
      'versions: "migrations/versions",',
      `versions: "migrations/versions",\n  schema: "schema.ts",${extraConfig === undefined ? "" : `\n  ${extraConfig},`}`,
    ),
  );
}
