// A MySQL/MariaDB scenario whose steps move values into a narrower type and back: the staged
// recipe's downgrade and migrate, and the --no-stage alterColumn, open with op.requireValuesFit.
// Test-only.
import { int, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
import type { Scenario } from "./run-scenario.js";

const profiles = (type: "varchar" | "text") =>
  mysqlTable("profiles", {
    id: int("id").primaryKey(),
    displayName: type === "varchar" ? varchar("display_name", { length: 100 }) : text("display_name"),
  });

/** varchar(100) → text (its downgrade narrows), then back to varchar(100) (its upgrade narrows). */
export const NARROWING_SCENARIO: Scenario = {
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
