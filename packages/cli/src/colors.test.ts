import { describe, expect, it } from "vitest";
import { createColors } from "./colors.js";

describe("createColors", () => {
  it("wraps text in each style's open and close codes", () => {
    const c = createColors(true);
    expect(c.red("x")).toBe("\x1b[31mx\x1b[39m");
    expect(c.green("x")).toBe("\x1b[32mx\x1b[39m");
    expect(c.yellow("x")).toBe("\x1b[33mx\x1b[39m");
    expect(c.blue("x")).toBe("\x1b[34mx\x1b[39m");
    expect(c.magenta("x")).toBe("\x1b[35mx\x1b[39m");
    expect(c.cyan("x")).toBe("\x1b[36mx\x1b[39m");
    expect(c.bold("x")).toBe("\x1b[1mx\x1b[22m");
    expect(c.dim("x")).toBe("\x1b[2mx\x1b[22m");
    expect(c.red(42)).toBe("\x1b[31m42\x1b[39m");
  });

  it("re-opens an outer style where an inner one of the same kind closed", () => {
    const c = createColors(true);
    // the inner red's close would end the outer red before " c"
    expect(c.red(`a ${c.red("b")} c`)).toBe("\x1b[31ma \x1b[31mb\x1b[31m c\x1b[39m");
    expect(c.red(`a ${c.green("b")} c`)).toBe("\x1b[31ma \x1b[32mb\x1b[31m c\x1b[39m");
    // bold and dim share a close code: the outer one is closed and opened again
    expect(c.bold(`a ${c.dim("b")} c`)).toBe("\x1b[1ma \x1b[2mb\x1b[22m\x1b[1m c\x1b[22m");
    expect(c.dim(`${c.bold("b")}${c.bold("d")}`)).toBe(
      "\x1b[2m\x1b[1mb\x1b[22m\x1b[2m\x1b[1md\x1b[22m\x1b[2m\x1b[22m",
    );
  });

  it("leaves a close code inside the first characters as it is, as the package it replaced did", () => {
    // the search for an inner close starts at the open code's length (5 characters for red)
    expect(createColors(true).red("\x1b[39mab")).toBe("\x1b[31m\x1b[39mab\x1b[39m");
  });

  it("returns the text unchanged when colour is off", () => {
    const c = createColors(false);
    for (const style of Object.values(c)) expect(style("a \x1b[39m b")).toBe("a \x1b[39m b");
    expect(c.bold(7)).toBe("7");
  });
});
