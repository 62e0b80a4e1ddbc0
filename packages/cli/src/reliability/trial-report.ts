/** What one command of a trial printed: a spawned CLI's exit, or an in-process run's result. */
export interface TrialOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal?: NodeJS.Signals | null;
  readonly ms?: number;
}

/**
 * The environment a trial's commands run with: `ATHANOR_DEBUG=1`, so a failure prints its
 * error's stack (and each cause's) on stderr — what a one-off CI failure must leave behind.
 */
export const TRIAL_DEBUG = { ATHANOR_DEBUG: "1" } as const;

/** Records what a trial's commands printed (`record("status", result)`), in order. */
export type RecordOutput = <T extends TrialOutput>(name: string, output: T) => T;

/**
 * Runs one trial; when anything in it fails (an assertion, a throw), the error's message gets
 * the whole stdout and stderr of every command recorded so far — the interrupted CLI first — so a
 * failure in CI is diagnosable from its log alone, without a rerun that may not fail again.
 *
 * @example
 * ```ts
 * await reportedTrial(label, async (record) => {
 *   const interrupted = record("interrupted upgrade", await run.exited);
 *   expect(interrupted.code).toBe(1);
 * });
 * ```
 */
export async function reportedTrial<T>(
  label: string,
  body: (record: RecordOutput) => Promise<T>,
): Promise<T> {
  const outputs: string[] = [];
  const record: RecordOutput = (name, output) => {
    outputs.push(describeOutput(name, output));
    return output;
  };
  try {
    return await body(record);
  } catch (error) {
    const report = `\n\n=== ${label}: what the trial's commands printed ===\n${outputs.join("\n") || "(no command finished)"}`;
    if (error instanceof Error) {
      error.message += report;
      throw error;
    }
    throw new Error(`${String(error)}${report}`, { cause: error });
  }
}

function describeOutput(name: string, output: TrialOutput): string {
  const how = [
    `exit code ${output.code}`,
    ...(output.signal ? [`signal ${output.signal}`] : []),
    ...(output.ms === undefined ? [] : [`${Math.round(output.ms)} ms`]),
  ].join(", ");
  return `--- ${name} (${how})\n--- stderr:\n${output.stderr}\n--- stdout:\n${output.stdout}`;
}
