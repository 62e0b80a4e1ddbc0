import { describe, expect, it } from "vitest";
import { renderRevisionFile } from "./render-revision-file.js";

const base = { branchLabels: [], dependsOn: [], transactional: true } as const;

describe("renderRevisionFile", () => {
  it("renders a minimal revision", async () => {
    const text = renderRevisionFile({
      header: {
        ...base,
        id: "1975ea83b712",
        parents: [],
        message: "create account table",
        createdAt: "2026-01-02T03:04:05.000Z",
      },
    });
    await expect(text).toMatchFileSnapshot("./__golden__/minimal.ts.txt");
  });

  it("renders every optional field and indented bodies", async () => {
    const text = renderRevisionFile({
      header: {
        id: "53ff6e4a9c01",
        parents: ["ae1027a6acf0", "27c6a30d7c24"],
        message: 'merge "cart" and accounts',
        createdAt: "2026-01-02T03:04:05.000Z",
        branchLabels: ["cart"],
        dependsOn: ["55af2cb1c267"],
        phase: "expand",
        transactional: false,
      },
      upgradeBody:
        'op.execute("CREATE INDEX CONCURRENTLY cart_user ON cart (user_id)");\n\nop.execute("SELECT 1");',
      downgradeBody: 'op.execute("DROP INDEX CONCURRENTLY cart_user");',
    });
    await expect(text).toMatchFileSnapshot("./__golden__/full.ts.txt");
  });

  it("wraps a parents list that does not fit on one line", async () => {
    const parents = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(12));
    const text = renderRevisionFile({ header: { ...base, id: "m", parents, message: "merge heads" } });
    await expect(text).toMatchFileSnapshot("./__golden__/wrapped-parents.ts.txt");
  });
});
