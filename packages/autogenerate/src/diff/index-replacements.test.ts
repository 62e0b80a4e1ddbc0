import { operations as o } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { replaceIndexesInPlace } from "./index-replacements.js";

const dropU = o.dropConstraint("u", "users", { existing: { type: "unique", columns: ["email"] } });
const addU = o.addUnique("u", "users", ["tenant", "email"]);

describe("replaceIndexesInPlace", () => {
  it("turns a drop and a create under one name into the create with replaces, at the create's place", () => {
    const other = o.addColumn("users", { name: "tenant", type: "int" });
    expect(replaceIndexesInPlace([dropU, other, addU])).toStrictEqual([
      other,
      o.addUnique("u", "users", ["tenant", "email"], {
        replaces: { existing: { type: "unique", columns: ["email"] } },
      }),
    ]);
    const dropI = o.dropIndex("i", "users", { existing: { keys: ["a"] } });
    const addI = o.createIndex("i", "users", ["a", "b"]);
    expect(replaceIndexesInPlace([dropI, addI])).toStrictEqual([
      o.createIndex("i", "users", ["a", "b"], { replaces: { existing: { keys: ["a"] } } }),
    ]);
    // an index made unique: a unique key replaces the index
    const addK = o.addUnique("i", "users", ["a"]);
    expect(replaceIndexesInPlace([dropI, addK])).toStrictEqual([
      o.addUnique("i", "users", ["a"], { replaces: { existing: { keys: ["a"] } } }),
    ]);
  });

  it("leaves the pair alone where a column of either definition is dropped or renamed, or nothing was recorded", () => {
    const dropped = [dropU, o.dropColumn("users", "email"), addU];
    expect(replaceIndexesInPlace(dropped)).toStrictEqual(dropped);
    const renamed = [dropU, o.renameColumn("users", "mail", "tenant"), addU];
    expect(replaceIndexesInPlace(renamed)).toStrictEqual(renamed);
    const other = [
      o.dropConstraint("u", "other", { existing: { type: "unique", columns: ["email"] } }),
      addU,
    ];
    expect(replaceIndexesInPlace(other)).toStrictEqual(other);
    const unrecorded = [o.dropIndex("u", "users"), o.createIndex("u", "users", ["a"])];
    expect(replaceIndexesInPlace(unrecorded)).toStrictEqual(unrecorded);
    // a foreign key standing on the old index and not the new one: the dropIndex keeps it indexed
    const dropFk = o.dropIndex("i", "posts", { existing: { keys: ["author_id", "at"] } });
    const flipped = o.createIndex("i", "posts", ["at", "author_id"]);
    const fks = () => [["author_id"]];
    expect(replaceIndexesInPlace([dropFk, flipped], fks)).toStrictEqual([dropFk, flipped]);
    const widened = o.createIndex("i", "posts", ["author_id", "at", "id"]);
    expect(replaceIndexesInPlace([dropFk, widened], fks)).toHaveLength(1);
    // an unrelated column dropped does not matter
    const unrelated = [dropU, o.dropColumn("users", "bio"), addU];
    expect(replaceIndexesInPlace(unrelated)).toHaveLength(2);
  });
});
