import { describe, expect, it } from "vitest";
import * as catalog from "./catalog-queries.js";
import { narrowScope } from "./catalog-queries.js";
import * as views from "./view-queries.js";

const queries = Object.entries({ ...catalog, ...views }).filter(
  (entry): entry is [string, string] => entry[0].endsWith("_QUERY") && typeof entry[1] === "string",
);

describe("narrowScope", () => {
  it("swaps the pg_class scan of every catalogue query that reads relations of the schemas in scope", () => {
    expect(queries.map(([name]) => name).sort()).toEqual([
      "COLUMNS_QUERY",
      "CONSTRAINTS_QUERY",
      "ENUMS_QUERY",
      "INDEXES_QUERY",
      "POLICIES_QUERY",
      "ROW_SECURITY_QUERY",
      "SCHEMAS_QUERY",
      "SEQUENCES_QUERY",
      "TABLES_QUERY",
      "VIEWS_QUERY",
    ]);
    for (const [name, sql] of queries) {
      const narrow = narrowScope(sql);
      // each query's own scans of the schemas' relations (beyond the scope's `rel`) are swapped too
      expect(narrow, name).not.toMatch(/pg_catalog\.pg_class c\s+join ns on ns\.oid = c\.relnamespace/);
      expect(narrow, name).not.toMatch(/join ns on ns\.oid = c\.relnamespace/);
      expect(narrow.includes("nd.refobjid = ns.oid"), name).toBe(true);
    }
    // the sequences and views are found the same way as the scope's tables
    for (const sql of [catalog.SEQUENCES_QUERY, views.VIEWS_QUERY])
      expect(narrowScope(sql).match(/nd\.refobjid = ns\.oid/g)).toHaveLength(2);
  });
});
