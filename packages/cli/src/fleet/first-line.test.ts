import { expect, test } from "vitest";
import { firstLine } from "./report-fleet.js";

const command = "`athanor upgrade --fleet tenants --target fleetref_b --phase expand --resume`";

test("a long story is cut, but never inside the command of its next step", () => {
  const story = `${"x".repeat(250)} Next: ${command} runs the rest, ${"y".repeat(200)}`;
  const line = firstLine(story);
  expect(line).toContain(`Next: ${command}…`);
  expect(line.endsWith("…")).toBe(true);
});

test("a cut before any command, a short line and a surrogate pair at the cut", () => {
  expect(firstLine(`${"x".repeat(400)} ${command}`)).toBe(`${"x".repeat(300)}…`);
  expect(firstLine(`short ${command}\nsecond line`)).toBe(`short ${command}`);
  const emoji = `${"x".repeat(299)}😀${"y".repeat(10)}`;
  expect(firstLine(emoji)).toBe(`${"x".repeat(299)}…`);
});

test("an unclosed backtick: the cut falls before it", () => {
  expect(firstLine(`${"x".repeat(280)} \`${"z".repeat(100)}`)).toBe(`${"x".repeat(280)} …`);
});
