import { expect, test } from "vitest";
import type { CodeVersion, UserService } from "../app/user-service.js";
import { Ledger } from "./ledger.js";
import { RolloutStats } from "./phase-stats.js";
import { Traffic } from "./traffic.js";

/** A service whose every request waits until `open()`; only createUser is reached (no users yet). */
function gatedService(version: CodeVersion): UserService & { started: number; open(): void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let next = 0;
  const service = {
    version,
    started: 0,
    open: () => open(),
    async createUser() {
      service.started++;
      await gate;
      return ++next + (version === "v1" ? 0 : 1_000_000);
    },
    updateUser: async () => undefined,
    getUser: async () => undefined,
    placeOrder: async () => undefined,
    orderSummary: async () => undefined,
    snapshot: async () => ({ users: [], orderCounts: new Map() }),
  };
  return service;
}

const settled = (promise: Promise<unknown>) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 50))]);

// The rollout switches routing to v2 and then contracts the schema v1 still needs: a v1 request
// that started before the switch must have finished first, however long it takes.
test("drained() waits for the requests of a version the routing retired, and only those", async () => {
  const v1 = gatedService("v1");
  const v2 = gatedService("v2");
  const traffic = new Traffic({ v1, v2 }, new Ledger(), new RolloutStats(), { clients: 3, thinkMs: 1 });
  traffic.start();
  while (v1.started < 3) await new Promise((resolve) => setTimeout(resolve, 1));

  traffic.routing = "v2";
  const drained = traffic.drained();
  expect(await settled(drained)).toBe(false);
  v1.open();
  expect(await settled(drained)).toBe(true);

  // v2 requests in flight do not hold a routing that still serves v2
  while (v2.started < 3) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(await settled(traffic.drained())).toBe(true);
  v2.open();
  await traffic.stop();
});
