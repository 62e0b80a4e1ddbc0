import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { CONTROL_CHARACTERS } from "../text/inert-text.js";
import { checkTargetName } from "./fleet-target.js";
import { planWaves } from "./fleet-waves.js";
import { checkHaltRules, haltReason } from "./halt-rules.js";

describe("planWaves", () => {
  it("keeps every target exactly once, in order; the canary first; waves of the size asked", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.nat({ max: 10 }),
        fc.oneof(
          fc.integer({ min: 1, max: 20 }),
          fc.integer({ min: 1, max: 100 }).map((p) => `${p}%` as const),
        ),
        (targets, canary, wave) => {
          const waves = planWaves(targets, { canary, wave });
          expect(waves.flat()).toEqual(targets);
          expect(waves.every((w) => w.length > 0)).toBe(true);
          const rest = waves.slice(canary > 0 && targets.length > 0 ? 1 : 0);
          if (canary > 0 && targets.length > 0) expect(waves[0]).toEqual(targets.slice(0, canary));
          const size =
            typeof wave === "number"
              ? wave
              : Math.max(1, Math.ceil((rest.flat().length * Number.parseInt(wave, 10)) / 100));
          expect(rest.slice(0, -1).every((w) => w.length === size)).toBe(true);
        },
      ),
    );
  });

  it("without a wave size the rest is one wave", () => {
    expect(planWaves(["a", "b", "c"], { canary: 1 })).toEqual([["a"], ["b", "c"]]);
    expect(planWaves([], {})).toEqual([]);
  });

  it("refuses sizes that make no sense with ATHANOR_USAGE", () => {
    for (const options of [
      { wave: 0 },
      { wave: "0%" as const },
      { wave: "150%" as const },
      { canary: -1 },
      { wave: 1.5 },
    ]) {
      let thrown: unknown;
      try {
        planWaves([1, 2], options);
      } catch (error) {
        thrown = error;
      }
      expect(isAthanorError(thrown) && thrown.code).toBe("ATHANOR_USAGE");
    }
  });
});

describe("halt rules", () => {
  it("halt after F failures; a rate only once the sample finished", () => {
    expect(haltReason({ haltAfter: 3 }, { failed: 2, finished: 9, total: 50 })).toBeUndefined();
    expect(haltReason({ haltAfter: 3 }, { failed: 3, finished: 9, total: 50 })).toBe("halt-after");
    expect(haltReason({ haltRate: 0.2 }, { failed: 2, finished: 5, total: 50 })).toBeUndefined();
    expect(haltReason({ haltRate: 0.2 }, { failed: 2, finished: 10, total: 50 })).toBe("halt-rate");
    expect(haltReason({ haltRate: 0.5 }, { failed: 2, finished: 3, total: 3 })).toBe("halt-rate");
    expect(haltReason({}, { failed: 100, finished: 100, total: 100 })).toBeUndefined();
  });

  it("refuses bad values", () => {
    for (const rules of [{ haltAfter: 0 }, { haltAfter: 1.5 }, { haltRate: 0 }, { haltRate: 1.2 }]) {
      expect(() => checkHaltRules(rules)).toThrow(/Fleet option/);
    }
  });
});

describe("tenant names", () => {
  it("allows any text without control characters and refuses the rest", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        const hasControl = new RegExp(`[${CONTROL_CHARACTERS}]`).test(name);
        let thrown: unknown;
        try {
          checkTargetName(name);
        } catch (error) {
          thrown = error;
        }
        expect(thrown === undefined).toBe(!hasControl);
        if (hasControl) expect(isAthanorError(thrown) && thrown.code).toBe("ATHANOR_FLEET_TARGET_INVALID");
      }),
    );
  });
});
