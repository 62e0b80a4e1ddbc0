import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";
import { BASELINE_JIT_FLAG } from "./cap-jit-tier.js";

// A hot function, run until V8 optimises it or 3 s pass; prints V8's optimisation status bits
// (16: optimised by Maglev or TurboFan). The flag is set at run time, as capJitTier sets it.
const probe = (flag: string | undefined) => `
${flag === undefined ? "" : `require("node:v8").setFlagsFromString(${JSON.stringify(flag)});`}
function hot(a, b) { let s = 0; for (let i = 0; i < 50; i++) s += (a * i) ^ b; return s; }
const end = Date.now() + 3000;
let status = 0;
for (let n = 0; Date.now() < end; n++) {
  hot(n, 7);
  if (n % 10000 === 0 && (status = %GetOptimizationStatus(hot)) & 16) break;
}
process.stdout.write(String(status));
`;

const statusWith = (flag: string | undefined) =>
  Number(execFileSync(process.execPath, ["--allow-natives-syntax", "-e", probe(flag)], { encoding: "utf8" }));

test("the baseline flag keeps V8 from optimising a hot function (V8 ignores flags it does not know)", () => {
  // without it the same loop is optimised: the probe can tell the two apart
  expect(statusWith(undefined) & 16).toBe(16);
  expect(statusWith(BASELINE_JIT_FLAG) & 16).toBe(0);
  // an unknown flag is ignored silently, which is what this test is for
  expect(statusWith("--max-opt-not-a-flag=1") & 16).toBe(16);
});
