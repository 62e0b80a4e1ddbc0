import { describe, expect, it } from "vitest";
import { pauseUntilSignalled } from "./test-pause-hook.js";

describe("pauseUntilSignalled", () => {
  it("listens for SIGUSR2 before it prints the pause line, so the fastest harness cannot kill it", async () => {
    const before = process.listenerCount("SIGUSR2");
    const write = process.stderr.write;
    let listenersWhenPrinted: number | undefined;
    // the fastest possible harness: it signals the moment the line is written
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (String(chunk).includes("athanor-test: paused after statement 7")) {
        listenersWhenPrinted = process.listenerCount("SIGUSR2");
        // SIGUSR2 with no listener is node's default action: the worker would die
        if (listenersWhenPrinted > before) process.kill(process.pid, "SIGUSR2");
      }
      return write.call(process.stderr, chunk, ...rest);
    }) as typeof process.stderr.write;
    let paused: Promise<void>;
    try {
      paused = pauseUntilSignalled(7);
    } finally {
      process.stderr.write = write;
    }
    expect(listenersWhenPrinted, "a SIGUSR2 listener when the line is printed").toBe(before + 1);
    await paused;
    expect(process.listenerCount("SIGUSR2"), "the listener is gone after the resume").toBe(before);
  });
});
