// PostgreSQL autogenerate cases that add a value to a pgEnum and, in the same model change,
// use it: PostgreSQL refuses a new value ("unsafe use of new value") until the transaction that
// added it commits. packages/cli/src/autogenerate-contract-enum-use-*.test.ts hold them to the
// autogenerate → lint → @athanor/testing contract. Test-only.
import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import type { CorpusCase } from "./run-corpus-case.js";

const planBefore = pgEnum("plan", ["free", "pro"]);
const planAfter = pgEnum("plan", ["free", "team", "pro"]);
type Plan = typeof planBefore;

/** `accounts(id, plan plan not null default <fallback>, seats integer)` with optional extras. */
function accounts(plan: Plan, fallback: "free" | "team", extra: "check" | "index" | "none" = "none") {
  return pgTable(
    "accounts",
    {
      id: integer("id").primaryKey(),
      plan: plan("plan").notNull().default(fallback),
      seats: integer("seats"),
    },
    (t) =>
      extra === "check"
        ? [check("accounts_team_seats", sql`${t.plan} <> 'team' OR ${t.seats} IS NOT NULL`)]
        : extra === "index"
          ? [index("accounts_team_idx").on(t.seats).where(sql`${t.plan} = 'team'`)]
          : [],
  );
}

export const PG_ENUM_USE_CASES: readonly CorpusCase[] = [
  {
    name: "add an enum value and make it the column default",
    before: () => ({ planBefore, accounts: accounts(planBefore, "free") }),
    after: () => ({ planAfter, accounts: accounts(planAfter, "team") }),
  },
  {
    name: "add an enum value and name it in a CHECK",
    before: () => ({ planBefore, accounts: accounts(planBefore, "free") }),
    after: () => ({ planAfter, accounts: accounts(planAfter, "free", "check") }),
  },
  {
    name: "add an enum value and name it in a partial index predicate",
    before: () => ({ planBefore, accounts: accounts(planBefore, "free") }),
    after: () => ({ planAfter, accounts: accounts(planAfter, "free", "index") }),
  },
  {
    name: "add an enum value and a new table whose column defaults to it",
    before: () => ({ planBefore, accounts: accounts(planBefore, "free") }),
    after: () => ({
      planAfter,
      accounts: accounts(planAfter, "free"),
      invites: pgTable("invites", {
        id: integer("id").primaryKey(),
        email: text("email").notNull(),
        plan: planAfter("plan").notNull().default("team"),
      }),
    }),
  },
];
