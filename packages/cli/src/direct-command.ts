import type { CommandDefinition, CommandInput, OptionDefinition } from "./command.js";
import { COMMANDS } from "./commands/registry.js";

/** A command and the input commander would have given it. */
export interface DirectCommand {
  readonly definition: CommandDefinition<unknown>;
  readonly input: CommandInput<Record<string, unknown>>;
}

/**
 * The command `argv` names and its input, when the command line is only a command name,
 * positional arguments its definition accepts, and `--json` where it has one — `upgrade`,
 * `upgrade head --json`, `heads`: what deploys and scripts run. Anything else (any other option,
 * a global option, `--`, help, a missing or extra argument, an unknown name) is undefined and
 * goes to commander, which parses it and reports usage errors as before. Loading commander
 * (CommonJS, and it requires `child_process`) was ~5 % of a no-op `upgrade`'s instructions.
 * direct-command.test.ts checks that every command gets exactly commander's input.
 *
 * @example
 * ```ts
 * (await directCommand(["upgrade", "head"]))?.input; // { args: ["head"], options: {}, configPath: undefined }
 * await directCommand(["upgrade", "--sql"]); // undefined: commander parses it
 * ```
 */
export async function directCommand(argv: readonly string[]): Promise<DirectCommand | undefined> {
  const [name, ...rest] = argv;
  if (name === undefined || !Object.hasOwn(COMMANDS, name)) return undefined;
  if (rest.some((arg) => arg.startsWith("-") && arg !== "--json")) return undefined;
  const definition = (await COMMANDS[name]?.())?.default as CommandDefinition<unknown> | undefined;
  const input = definition === undefined ? undefined : directInput(definition, rest);
  return definition === undefined || input === undefined ? undefined : { definition, input };
}

/**
 * What commander would give `definition` for the arguments after its name, when they are
 * positionals it accepts and `--json` where it has one; else undefined.
 */
export function directInput(
  definition: CommandDefinition<unknown>,
  rest: readonly string[],
): CommandInput<Record<string, unknown>> | undefined {
  const json = rest.includes("--json");
  const args = rest.filter((arg) => arg !== "--json");
  if (args.some((arg) => arg.startsWith("-"))) return undefined;
  if (json && definition.json !== true) return undefined;
  if (!acceptsCount(definition.arguments ?? [], args.length)) return undefined;
  const options = { ...negatedDefaults(definition.options ?? []), ...(json ? { json: true } : {}) };
  return { args, options, configPath: undefined };
}

/** Whether `count` positionals fit `<required>` and `[optional]` arguments (a variadic one: never). */
function acceptsCount(declared: readonly string[], count: number): boolean {
  if (declared.some((argument) => argument.includes("..."))) return false;
  const required = declared.filter((argument) => argument.startsWith("<")).length;
  return count >= required && count <= declared.length;
}

/**
 * commander's defaults for options not given: a `--no-x` flag without a `--x` beside it makes
 * `x` true; every other option stays absent.
 */
function negatedDefaults(options: readonly OptionDefinition[]): Record<string, boolean> {
  const longs = options.map((option) => longFlag(option.flags));
  const defaults: Record<string, boolean> = {};
  for (const long of longs) {
    if (long?.startsWith("--no-") !== true) continue;
    const positive = `--${long.slice(5)}`;
    if (!longs.includes(positive)) defaults[camelCase(long.slice(5))] = true;
  }
  return defaults;
}

function longFlag(flags: string): string | undefined {
  return flags.split(/[ ,|]+/).find((part) => part.startsWith("--"));
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
