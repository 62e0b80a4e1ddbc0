import { AthanorError } from "@athanor/core/errors";
import { createContext } from "./context.js";
import { reportError } from "./output.js";

/**
 * Runs the CLI as a process (`bin.js`): every way the process can end prints an outcome and a
 * non-zero exit code, never a raw stack or a silent exit.
 *
 * - An error that revision, config or driver code raised without anyone awaiting it (an
 *   unhandled rejection, an exception thrown from a timer) ends the run with
 *   ATHANOR_UNHANDLED_ERROR instead of Node's stack dump.
 * - A closed stdout (`athanor history | head`) is not an error: output stops, the command ends.
 * - If the event loop empties while the command's promise is still pending (Node would exit 13
 *   without a word), the exit handler reports it.
 *
 * @example
 * ```ts
 * process.exitCode = await runProcess(process.argv.slice(2), (argv) => main(argv));
 * ```
 */
export async function runProcess(
  argv: readonly string[],
  run: (argv: readonly string[]) => Promise<number>,
): Promise<number> {
  ownsProcess = true;
  let settled = false;
  const ctx = createContext({}, argv);
  const fail = (error: AthanorError) => {
    // Before the command's own outcome, the JSON document is still ours to write.
    const code = settled ? reportError({ ...ctx, json: false }, error) : reportError(ctx, error);
    settled = true;
    process.exitCode = code;
  };
  const unhandled = (error: unknown) => {
    fail(
      new AthanorError(
        "ATHANOR_UNHANDLED_ERROR",
        `Code running inside athanor raised an error that nothing awaited (a revision, the config or a driver): ${error instanceof Error ? error.message : String(error)}. The run was stopped; run \`athanor status\` to see what was applied, and await every promise in the revision.`,
        { name: error instanceof Error ? error.name : typeof error },
        { cause: error },
      ),
    );
    process.exit();
  };
  process.on("unhandledRejection", unhandled);
  process.on("uncaughtException", unhandled);
  for (const stream of [process.stdout, process.stderr]) stream.on("error", ignoreClosedPipe);
  process.on("exit", () => {
    if (settled || exitedOnPurpose) return;
    fail(
      new AthanorError(
        "ATHANOR_UNHANDLED_ERROR",
        "The command ended without an outcome: it waited for a promise that can never settle (a revision awaiting something that never resolves, or a driver that lost its connection without saying so), and nothing else was left to run. Run `athanor status` to see what was applied; if no revision of yours awaits such a promise, please report it with ATHANOR_DEBUG=1 output.",
        { exitCode: process.exitCode ?? null },
      ),
    );
  });
  const code = await run(argv);
  settled = true;
  if (!endWhenDone) return code;
  // What is written is out before the process ends (a pipe may be asynchronous elsewhere than Linux).
  await Promise.all([process.stdout, process.stderr].map(flushed));
  process.exit(code);
}

let endWhenDone = false;

let exitedOnPurpose = false;

/**
 * Ends the process now with `code`, the outcome already written by the caller (a second Ctrl-C):
 * the exit handler must not report the unsettled command as a promise that never settled.
 *
 * @example
 * ```ts
 * exitOnPurpose(130);
 * ```
 */
export function exitOnPurpose(code: number): never {
  exitedOnPurpose = true;
  return process.exit(code);
}

let ownsProcess = false;

/**
 * Whether the CLI runs as its own process ({@link runProcess}, bin.js) rather than inside a
 * caller's (a test's `main()`): only then may a command change process-wide settings.
 *
 * @example
 * ```ts
 * if (runsAsProcess()) setFlagsFromString("--max-opt=1");
 * ```
 */
export function runsAsProcess(): boolean {
  return ownsProcess;
}

/**
 * Ends the process as soon as the command's promise settles (after its outcome is written),
 * instead of when the event loop empties: for a command whose work is all awaited and that runs
 * no revision (`check`, `diff`). Nothing the models' module left open (a client's pool, a
 * timer) keeps it waiting, and Node skips tearing down the heap: a cold 1,000-table check
 * ended 0.11-0.25 s after its outcome instead of 0.17-0.50 s (a machine at load ~18).
 *
 * @example
 * ```ts
 * endProcessWhenDone(); // in check's and diff's path
 * ```
 */
export function endProcessWhenDone(): void {
  endWhenDone = true;
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => stream.write("", () => resolve()));
}

// The reader went away (`| head`, a closed terminal): nothing more can be shown, and that is
// the reader's choice, not a failure of the command.
function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
  throw error;
}

/**
 * What the event loop may still hold once a command is done when nothing is left to run: the
 * standard streams' own handles and a handle being closed.
 */
const IDLE_RESOURCES = new Set(["TTYWrap", "PipeWrap", "CloseReq"]);

/**
 * Ends the process with `code` when the command left nothing to run — what Node does next
 * anyway, without tearing the heap down first (20–100 ms after a 1,000-table `check`, the whole
 * heap unmapped page by page). Looked at one turn of the event loop later, so promise callbacks
 * still queued run first. `exit` listeners run as before; `beforeExit` does not fire. With
 * anything pending (a socket, a timer, a child process, a file operation, output a pipe has not
 * taken yet), the process ends as Node ends it, after them.
 *
 * @example
 * ```ts
 * exitWhenIdle(await runProcess(argv, (a) => main(a)));
 * ```
 */
export function exitWhenIdle(code: number): void {
  process.exitCode = code;
  setImmediate(() => {
    const unwritten = process.stdout.writableLength + process.stderr.writableLength;
    if (unwritten === 0 && process.getActiveResourcesInfo().every((r) => IDLE_RESOURCES.has(r)))
      process.exit(code);
  });
}
