import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mysqlProbeFallbackReason } from "../../autogenerate/src/canonicalize-mysql-probe.js";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { compareFastPath } from "./testing/autogen-corpus/fast-path-differential.js";
import { mariadbCorpusBackend, type OwnedCorpusBackend } from "./testing/autogen-corpus/mariadb-backend.js";
import { MYSQL_CASES } from "./testing/autogen-corpus/mysql-cases.js";
import { MYSQL_VIEW_CASES } from "./testing/autogen-corpus/view-cases.js";

// Issue 21: MariaDB canonicalises the models by probes (one probe column per distinct column,
// one skeleton per table shape with checks or non-plain indexes) instead of creating every
// table. Proved against the reference (every table, key and index created) on every MariaDB
// corpus case at four database states: the same operations and the same revision text — both
// in the scratch database and, as `check` runs them without devUrl, on the live session in a
// database of their own (which is gone afterwards, the live database untouched).
describe("MariaDB probe canonicalisation equals full materialisation on the corpus", () => {
  let backend: OwnedCorpusBackend;
  beforeAll(async () => {
    backend = await mariadbCorpusBackend("mysql_probe_corpus");
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test("the probes serve the corpus's models (the full way only where they cannot vouch)", () => {
    const reasons = [...MYSQL_CASES, ...MYSQL_VIEW_CASES].flatMap((c) =>
      [c.before(), c.after()].map((exports) =>
        mysqlProbeFallbackReason(
          drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "mysql", database: "db" }),
        ),
      ),
    );
    // generated columns and views are the only fallbacks the corpus has
    for (const reason of reasons) if (reason !== null) expect(reason).toMatch(/generated column|views/);
    expect(reasons.filter((r) => r === null).length).toBeGreaterThan(reasons.length / 2);
  });

  test.each([...MYSQL_CASES, ...MYSQL_VIEW_CASES].map((c) => [c.name, c] as const))(
    "%s",
    async (_name, c) => {
      const comparisons = await compareFastPath(backend, c);
      expect(comparisons).toHaveLength(4);
      const probed = [c.before(), c.after()].some(
        (exports) =>
          mysqlProbeFallbackReason(
            drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "mysql", database: "db" }),
          ) === null,
      );
      for (const cmp of comparisons) {
        expect(cmp.fast, cmp.state).toBe(cmp.reference);
        expect(cmp.live, cmp.state).toBe(cmp.reference);
        expect(cmp.catalogue[1], cmp.state).toBe(cmp.catalogue[0]);
      }
      // the probes ran on the live session alone wherever the models take them
      if (probed) expect(comparisons.some((cmp) => cmp.onLive)).toBe(true);
    },
  );
});
