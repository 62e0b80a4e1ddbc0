import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renameColumnReference } from "./rename-column-reference.js";

const q = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);
const rename = (text: string) => renameColumnReference(text, "qty", "qty_new", q);

describe("renameColumnReference", () => {
  it.each([
    ["(qty * 2)", "(qty_new * 2)"],
    ["(qty >= 0)", "(qty_new >= 0)"],
    ['("qty" >= 0)', "(qty_new >= 0)"],
    ["lower((qty)::text)", "lower((qty_new)::text)"],
    ["qty_total + qty", "qty_total + qty_new"],
    ["(qty > 0) AND (note <> 'qty'::text)", "(qty_new > 0) AND (note <> 'qty'::text)"],
    ["note = E'it\\'s qty'", "note = E'it\\'s qty'"],
    ["note = 'it''s qty' OR qty = 1", "note = 'it''s qty' OR qty_new = 1"],
    ["note = $$qty$$ OR qty = 1", "note = $$qty$$ OR qty_new = 1"],
    ["qty(1) + qty", "qty(1) + qty_new"],
    ["(x)::qty + qty", "(x)::qty + qty_new"],
    ["t.qty + qty", "t.qty + qty_new"],
    ['"Qty" + qty', '"Qty" + qty_new'],
    ["1.5 * qty", "1.5 * qty_new"],
  ])("%s → %s", (from, to) => {
    expect(rename(from)).toBe(to);
  });

  it("gives up on an unterminated literal or quoted name", () => {
    expect(rename("qty = 'open")).toBeUndefined();
    expect(rename('"qty')).toBeUndefined();
  });

  it("renames to a name that needs quoting", () => {
    expect(renameColumnReference("(qty * 2)", "qty", "Qty New", q)).toBe('("Qty New" * 2)');
  });

  it("leaves any text that does not name the column as it is (property)", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const renamed = rename(text);
        if (renamed !== undefined && !/qty/.test(text)) expect(renamed).toBe(text);
      }),
    );
  });
});
