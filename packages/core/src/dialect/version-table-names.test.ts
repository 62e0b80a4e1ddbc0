import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { hasControlCharacters } from "../text/inert-text.js";
import {
  assertVersionTableNamesFit,
  type BookkeepingNames,
  derivedVersionTableNames,
  versionTableCompanionNames,
} from "./version-table-names.js";

// The limits as the dialect packages declare them (their own tests check the real constants).
const BYTES: BookkeepingNames = {
  identifierLimit: { maxLength: 63, unit: "bytes", server: "PostgreSQL", beyond: "truncates" },
};
const CHARACTERS: BookkeepingNames = {
  identifierLimit: { maxLength: 64, unit: "characters", server: "MySQL/MariaDB", beyond: "refuses" },
  companionSuffixes: ["_lock"],
};

function refusal(name: string, names: BookkeepingNames, schema?: string) {
  try {
    assertVersionTableNamesFit({ name, schema }, names, "/repo/athanor.config.ts");
  } catch (error) {
    if (isAthanorError(error)) return error;
    throw error;
  }
  return undefined;
}

describe("names derived from the version table's name", () => {
  it("lists every table and named key, the dialect's own tables last", () => {
    expect(derivedVersionTableNames("v", CHARACTERS).map((d) => d.name)).toEqual([
      "v",
      "v_pkc",
      "v_history",
      "v_backfill",
      "v_fleet_failure",
      "v_fleet_failure_pkc",
      "v_lock",
    ]);
    expect(versionTableCompanionNames("v", ["_lock"])).toEqual([
      "v",
      "v_history",
      "v_backfill",
      "v_fleet_failure",
      "v_lock",
    ]);
  });

  it("counts é as 2 bytes where the limit is bytes and 1 character where it is characters", () => {
    const fortySixCharacters = `v${"é".repeat(45)}`;
    expect(refusal(`v${"é".repeat(22)}`, BYTES)).toBeUndefined(); // 45 bytes
    expect(refusal(`v${"é".repeat(22)}x`, BYTES)?.meta).toMatchObject({ longestFit: 45, unit: "bytes" });
    expect(refusal(fortySixCharacters, CHARACTERS)).toBeUndefined();
    expect(refusal(`${fortySixCharacters}é`, CHARACTERS)?.meta).toMatchObject({
      longestFit: 46,
      unit: "characters",
      tooLong: [{ name: `${fortySixCharacters}é_fleet_failure_pkc`, length: 65 }],
    });
  });

  it("checks the schema as a name of its own, and lets any length through without a limit", () => {
    expect(refusal("v", BYTES, "s".repeat(64))?.meta).toMatchObject({
      field: "versionTable.schema",
      limit: 63,
    });
    expect(refusal("v", BYTES, "s".repeat(63))).toBeUndefined();
    expect(refusal("v".repeat(500), {}, "s".repeat(500))).toBeUndefined();
  });

  it("shows a hostile name inert: quoted, with its controls escaped", () => {
    const error = refusal(`"\n\u001b[2J\u202e${"z".repeat(60)}`, BYTES);
    expect(error?.code).toBe("ATHANOR_CONFIG_INVALID");
    expect(hasControlCharacters(error?.message ?? "")).toBe(false);
    expect(error?.message).toContain('`versionTable.name` "\\"\\n\\u001b[2J\\u202ezzz');
  });
});
