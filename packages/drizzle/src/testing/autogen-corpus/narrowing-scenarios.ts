// Scenarios whose steps move values into a narrower type and back: the staged recipe's
// downgrade and migrate, and the --no-stage alterColumn, open with op.requireValuesFit (on
// PostgreSQL varchar → text changes in place, and its downgrade's USING cast is checked).
// Test-only.
import { int, mysqlTable, text as mysqlText, varchar as mysqlVarchar } from "drizzle-orm/mysql-core";
import { integer, pgTable, text, varchar } from "drizzle-orm/pg-core";
import type { Scenario } from "./run-scenario.js";

const mysqlProfiles = (type: "varchar" | "text") =>
  mysqlTable("profiles", {
    id: int("id").primaryKey(),
    displayName:
      type === "varchar" ? mysqlVarchar("display_name", { length: 100 }) : mysqlText("display_name"),
  });
const pgProfiles = (type: "varchar" | "text") =>
  pgTable("profiles", {
    id: integer("id").primaryKey(),
    displayName: type === "varchar" ? varchar("display_name", { length: 100 }) : text("display_name"),
  });

function narrowing(profiles: (type: "varchar" | "text") => unknown): Scenario {
  return {
    name: "narrowing: varchar(100) → text → varchar(100), every value fitting",
    steps: [
      {
        title: "display_name varchar(100)",
        models: () => ({ profiles: profiles("varchar") }),
        seed: ["INSERT INTO profiles (id, display_name) VALUES (1, 'Ann'), (2, NULL), (3, 'Bob')"],
      },
      { title: "display_name text", models: () => ({ profiles: profiles("text") }) },
      { title: "display_name varchar(100) again", models: () => ({ profiles: profiles("varchar") }) },
    ],
  };
}

/** varchar(100) → text (its downgrade narrows), then back to varchar(100) (its upgrade narrows). */
export const MYSQL_NARROWING_SCENARIO: Scenario = narrowing(mysqlProfiles);
/** The same on PostgreSQL. */
export const PG_NARROWING_SCENARIO: Scenario = narrowing(pgProfiles);
