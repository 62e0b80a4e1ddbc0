import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { buildBin } from "./bin-process.js";

// bin.js ends the process as soon as a command leaves nothing to run (exitWhenIdle), instead of
// letting Node tear the heap down first; nothing pending may be cut short by it.
const GUARDS = fileURLToPath(new URL("../../dist/process-guards.js", import.meta.url));

beforeAll(() => buildBin(), 300_000);

/** Runs `body` after importing exitWhenIdle, with both exit events reported on stdout. */
function run(body: string) {
  const script = `const { exitWhenIdle } = await import(${JSON.stringify(GUARDS)});
process.on("beforeExit", () => process.stdout.write("beforeExit\\n"));
process.on("exit", (code) => process.stdout.write("exit " + code + "\\n"));
${body}`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
}

it("exits at once with the command's code when nothing is left to run (no beforeExit turn)", () => {
  const result = run("exitWhenIdle(3);");
  expect(result.status).toBe(3);
  expect(result.stdout).toBe("exit 3\n");
});

it("lets promise callbacks still queued run first", () => {
  const result = run(
    'Promise.resolve().then(() => Promise.resolve()).then(() => process.stdout.write("queued ran\\n"));\nexitWhenIdle(0);',
  );
  expect(result.status).toBe(0);
  expect(result.stdout).toBe("queued ran\nexit 0\n");
});

it("leaves a pending timer to run, and the process then ends as Node ends it", () => {
  const result = run('setTimeout(() => process.stdout.write("timer ran\\n"), 50);\nexitWhenIdle(4);');
  expect(result.status).toBe(4);
  expect(result.stdout).toBe("timer ran\nbeforeExit\nexit 4\n");
});

it("leaves output a pipe has not taken yet (8 MB) to be written, then ends as Node ends it", () => {
  const line = `${"x".repeat(1023)}\n`;
  const result = run(`process.stdout.write(${JSON.stringify(line)}.repeat(8192));\nexitWhenIdle(0);`);
  expect(result.status).toBe(0);
  const tail = "beforeExit\nexit 0\n";
  expect(result.stdout.length).toBe(8 * 1024 * 1024 + tail.length);
  expect(result.stdout.endsWith(`${line}${tail}`)).toBe(true);
});
