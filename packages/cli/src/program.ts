import { AthanorError } from "@athanor/core/errors";
import { Command, CommanderError, Option } from "commander";
import { cliVersion as version } from "./cli-version.js";
import type { CommandDefinition } from "./command.js";
import { COMMANDS } from "./commands/registry.js";
import type { Context } from "./context.js";
import { EXIT, reportError } from "./output.js";

/** Global options that take a value, so the command name is not mistaken for one. */
const GLOBAL_VALUE_OPTIONS = new Set(["--config", "-c", "--dev-url"]);

/**
 * Parses `argv` with commander and runs the command it names; returns the exit code. Every
 * command line the direct path (direct-command.ts) does not take comes here: options, help,
 * usage errors, unknown commands.
 */
export async function runProgram(ctx: Context, argv: readonly string[]): Promise<number> {
  try {
    let exitCode: number = EXIT.ok;
    const program = await buildProgram(ctx, argv, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return reportCommanderError(ctx, error);
    throw error;
  }
}

async function buildProgram(
  ctx: Context,
  argv: readonly string[],
  setExitCode: (code: number) => void,
): Promise<Command> {
  const requested = commandNameIn(argv);
  // Only the requested command's module is imported; help and unknown names need them all, and
  // `--version` alone none.
  const names =
    requested !== undefined && requested in COMMANDS
      ? [requested]
      : requested === undefined && versionOnly(argv)
        ? []
        : Object.keys(COMMANDS);
  const definitions = await Promise.all(names.map(async (name) => (await COMMANDS[name]?.())?.default));
  return programWith(
    ctx,
    definitions.filter((d) => d !== undefined) as CommandDefinition<unknown>[],
    setExitCode,
  );
}

/**
 * commander's program with the global options and `definitions` registered: what `runProgram`
 * parses (exported so the direct path's test parses the same command lines with it).
 */
export function programWith(
  ctx: Context,
  definitions: readonly CommandDefinition<unknown>[],
  setExitCode: (code: number) => void,
): Command {
  const program = new Command("athanor")
    .description("Alembic-style schema migrations for TypeScript and Drizzle ORM")
    .version(version(), "-V, --version")
    .option(
      "-c, --config <path>",
      "config file (default: athanor.config.ts, searched upwards from the cwd to the project root)",
    )
    .option(
      "--dev-url <url>",
      "empty database to build the models and replay revisions in (or `pglite`); default ATHANOR_DEV_URL, then the config's devUrl",
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: () => {}, // reported by reportCommanderError, in text or JSON
    });
  for (const definition of definitions) register(program, ctx, definition, setExitCode);
  return program;
}

function register(
  program: Command,
  ctx: Context,
  definition: CommandDefinition<unknown>,
  setExitCode: (code: number) => void,
): void {
  const command = program
    .command(definition.name)
    .summary(definition.summary)
    .description(definition.summary);
  for (const argument of definition.arguments ?? []) command.argument(argument);
  for (const spec of definition.options ?? []) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices !== undefined) option.choices(spec.choices);
    if (spec.repeatable === true)
      option.argParser((value: string, previous: string[] = []) => [...previous, value]);
    command.addOption(option);
  }
  if (definition.json === true) command.option("--json", "print one JSON document on stdout");
  command.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command;
    const positional = received
      .slice(0, -2)
      .flatMap((value) => (value === undefined ? [] : value)) as string[];
    const globals = self.optsWithGlobals<{ config?: string; devUrl?: string }>();
    // --dev-url travels as ATHANOR_DEV_URL, which the config loader already reads
    const runCtx =
      globals.devUrl === undefined ? ctx : { ...ctx, env: { ...ctx.env, ATHANOR_DEV_URL: globals.devUrl } };
    const code = await definition.run(runCtx, {
      args: positional,
      options: self.opts(),
      configPath: globals.config,
    });
    if (typeof code === "number") setExitCode(code);
  });
}

function versionOnly(argv: readonly string[]): boolean {
  return argv.some((a) => a === "-V" || a === "--version") && !argv.some((a) => a === "-h" || a === "--help");
}

/** The first argument that is not an option (or an option's value): the command name. */
function commandNameIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

function reportCommanderError(ctx: Context, error: CommanderError): number {
  if (error.exitCode === 0) return EXIT.ok; // --help, --version: already printed
  if (error.code === "commander.help" || error.code === "commander.helpDisplayed") return EXIT.usage;
  const [first = "", ...rest] = error.message.replace(/^error:\s*/, "").split("\n");
  const suggestion = rest
    .join(" ")
    .replace(/^\(|\)$/g, "")
    .trim();
  // commander ends some messages with a full stop ("… but got 1."), most without
  const sentence = `${first.charAt(0).toUpperCase()}${first.slice(1)}`.replace(/\.?$/, ".");
  const usage = new AthanorError("ATHANOR_USAGE", sentence, {
    hint: suggestion === "" ? "run `athanor --help` or `athanor <command> --help` for usage" : suggestion,
  });
  return reportError(ctx, usage);
}
