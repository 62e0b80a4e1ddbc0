import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { caseLanes, laneWaitBackstop } from "./case-lanes.js";

describe("caseLanes", () => {
  it("times a case's own work, not its wait for the lane", async () => {
    const lanes = caseLanes(() => ["a", "b"], 400);
    const order: string[] = [];
    const step = (name: string, ms: number) => async (resource: string) => {
      order.push(`${name} on ${resource}`);
      await sleep(ms);
      return name;
    };
    // cases 0 and 2 share lane "a": case 2 waits ~300 ms there, then works ~200 ms: 500 ms in all,
    // past its 400 ms limit, which counts only the work
    const results = await Promise.all([
      lanes.run(0, "first", step("first", 300)),
      lanes.run(1, "second", step("second", 10)),
      lanes.run(2, "third", step("third", 200)),
      lanes.run(4, "fourth", step("fourth", 10)),
    ]);
    expect(results).toEqual(["first", "second", "third", "fourth"]);
    expect(order).toEqual(["first on a", "second on b", "third on a", "fourth on a"]);
  });

  it("fails a case whose own work runs past the limit, naming it, and the lane goes on", async () => {
    const lanes = caseLanes(() => ["a"], 50);
    const slow = lanes.run(0, "slow case", () => sleep(500));
    const next = lanes.run(1, "next case", async () => "ran");
    await expect(slow).rejects.toThrow(
      "slow case: its own work took over 50 ms (the wait for its lane not counted)",
    );
    await expect(next).resolves.toBe("ran");
  });

  it("gives vitest's timeout room for four cases ahead on the lane", () => {
    expect(laneWaitBackstop(120_000)).toBeGreaterThan(5 * 120_000);
  });
});
