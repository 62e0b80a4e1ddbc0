import { describe, expect, it } from "vitest";
import type { CommandDefinition, CommandInput } from "./command.js";
import { COMMANDS } from "./commands/registry.js";
import { createContext } from "./context.js";
import { directCommand, directInput } from "./direct-command.js";
import { programWith } from "./program.js";

const sink = { write: () => true };

/** The input commander gives `definition` for `argv`, or "usage error" when it refuses it. */
async function commanderInput(
  definition: CommandDefinition<unknown>,
  argv: readonly string[],
): Promise<CommandInput<unknown> | "usage error" | "not run"> {
  let received: CommandInput<unknown> | undefined;
  const capture: CommandDefinition<unknown> = {
    ...definition,
    run: async (_ctx, input) => {
      received = input;
    },
  };
  const ctx = createContext({ stdout: sink, stderr: sink, isTTY: false }, argv);
  try {
    await programWith(ctx, [capture], () => undefined).parseAsync([...argv], { from: "user" });
  } catch {
    return "usage error";
  }
  return received ?? "not run";
}

const SHAPES: readonly (readonly string[])[] = [
  [],
  ["a1"],
  ["a1", "b2"],
  ["a1", "b2", "c3"],
  ["--json"],
  ["a1", "--json"],
  ["--json", "a1"],
  ["--json", "--json"],
  ["head"],
  [""],
];

describe("directCommand", () => {
  it("gives every command exactly the input commander gives it, or leaves the line to commander", async () => {
    let direct = 0;
    for (const name of Object.keys(COMMANDS)) {
      const definition = (await COMMANDS[name]?.())?.default as CommandDefinition<unknown>;
      for (const shape of SHAPES) {
        const argv = [name, ...shape];
        const fast = await directCommand(argv);
        if (fast === undefined) continue;
        direct++;
        expect(fast.definition.name, argv.join(" ")).toBe(name);
        expect(fast.input, argv.join(" ")).toStrictEqual(await commanderInput(definition, argv));
      }
    }
    // every command takes at least its bare form, and most a positional or --json besides
    expect(direct).toBeGreaterThan(Object.keys(COMMANDS).length * 2);
  });

  it("takes the no-op upgrade's command lines", async () => {
    expect((await directCommand(["upgrade"]))?.input).toStrictEqual({
      args: [],
      options: {},
      configPath: undefined,
    });
    expect((await directCommand(["upgrade", "head", "--json"]))?.input).toStrictEqual({
      args: ["head"],
      options: { json: true },
      configPath: undefined,
    });
  });

  it("leaves options, global options, extra arguments, help and unknown names to commander", async () => {
    for (const argv of [
      ["upgrade", "--sql"],
      ["upgrade", "head", "--lock-timeout", "5"],
      ["upgrade", "-c", "other.ts"],
      ["--config", "other.ts", "upgrade"],
      ["upgrade", "--", "head"],
      ["upgrade", "a1", "b2"],
      ["heads", "a1"],
      ["upgrade", "--help"],
      ["help", "upgrade"],
      ["toString"],
      ["nope"],
      [],
    ]) {
      expect(await directCommand(argv), argv.join(" ")).toBeUndefined();
    }
  });

  it("defaults a negated option without a positive twin to true, as commander does", async () => {
    const definition: CommandDefinition<unknown> = {
      name: "upgrade",
      summary: "test",
      json: true,
      arguments: ["<first>", "[second]"],
      options: [
        { flags: "--no-color", description: "no colour" },
        { flags: "-k, --keep-going", description: "on" },
        { flags: "--op-cache", description: "on" },
        { flags: "--no-op-cache", description: "off" },
      ],
      run: async () => undefined,
    };
    for (const rest of [["a"], ["a", "b"], ["a", "--json"]]) {
      const input = directInput(definition, rest);
      expect(input?.options, rest.join(" ")).toStrictEqual(
        rest.includes("--json") ? { color: true, json: true } : { color: true },
      );
      expect(input, rest.join(" ")).toStrictEqual(await commanderInput(definition, ["upgrade", ...rest]));
    }
    // a required argument missing, or one too many: commander's usage errors
    for (const rest of [[], ["a", "b", "c"]]) {
      expect(directInput(definition, rest), rest.join(" ")).toBeUndefined();
      expect(await commanderInput(definition, ["upgrade", ...rest])).toBe("usage error");
    }
  });
});
