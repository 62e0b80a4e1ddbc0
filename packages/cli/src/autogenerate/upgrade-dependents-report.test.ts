import { describe, expect, it } from "vitest";
import { upgradeDependentsJson, upgradeDependentsLines } from "./upgrade-dependents-report.js";

const revisions = [{ id: "b2", file: "migrations/versions/b2_drop_mail.ts" }];

describe("the report of what an upgrade's dependents check will refuse", () => {
  it("keeps a hostile object name to one inert line", () => {
    const lines = upgradeDependentsLines(
      {
        found: [
          {
            kind: "view",
            name: "v\n\u001b[2Jx",
            table: "users",
            column: "mail",
            change: "dropped",
            renamedTo: undefined,
            revision: 0,
          },
        ],
        unchecked: [],
      },
      revisions,
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      "  view v\\n\\x1b[2Jx names users.mail, which migrations/versions/b2_drop_mail.ts drops",
    );
    expect(lines.some((l) => l.includes("\n") || l.includes("\u001b"))).toBe(false);
  });

  it("says nothing when nothing depends, and JSON carries an empty list", () => {
    expect(upgradeDependentsLines({ found: [], unchecked: [] }, revisions)).toEqual([]);
    expect(upgradeDependentsJson({ found: [], unchecked: [] }, revisions)).toEqual({ dependents: [] });
  });

  it("passes on what the reads could not see (MariaDB without PROCESS), as a warning line and in JSON", () => {
    const dependents = { found: [], unchecked: [], warnings: ["this user lacks the PROCESS privilege"] };
    expect(upgradeDependentsLines(dependents, revisions)).toEqual([
      "WARNING: the look for objects outside the models may have missed some: this user lacks the PROCESS privilege.",
    ]);
    expect(upgradeDependentsJson(dependents, revisions)).toEqual({
      dependents: [],
      dependentsWarnings: ["this user lacks the PROCESS privilege"],
    });
  });

  it("names a check that could not be asked, and the file whose check still runs", () => {
    const dependents = {
      found: [],
      unchecked: [
        { table: "users", column: undefined, revision: 0, error: 'relation "users" does not exist' },
      ],
    };
    expect(upgradeDependentsLines(dependents, revisions)).toEqual([
      'NOTE: could not ask the database what names the table users (relation "users" does not exist); the check in migrations/versions/b2_drop_mail.ts still runs at upgrade.',
    ]);
    expect(upgradeDependentsJson(dependents, revisions)).toEqual({
      dependents: [],
      dependentsNotChecked: [
        {
          table: "users",
          column: null,
          error: 'relation "users" does not exist',
          revision: "b2",
          file: "migrations/versions/b2_drop_mail.ts",
        },
      ],
    });
  });

  it("sets apart an object whose table an earlier revision renames: the check finds it only if it follows", () => {
    const dependents = {
      found: [
        {
          kind: "view",
          name: "users_mail",
          table: "users",
          column: "mail",
          change: "dropped" as const,
          renamedTo: "members",
          revision: 1,
        },
      ],
      unchecked: [],
    };
    const chain = [
      revisions[0] ?? { id: "", file: "" },
      { id: "c3", file: "migrations/versions/c3_contract.ts" },
    ];
    const lines = upgradeDependentsLines(dependents, chain);
    expect(lines[0]).toMatch(
      /^WARNING: objects outside the models name what a revision drops or renames after an earlier one renames its table/,
    );
    expect(lines[1]).toBe(
      "  view users_mail names users.mail, which migrations/versions/c3_contract.ts drops (as members)",
    );
    expect(lines).toHaveLength(3);
    expect(upgradeDependentsJson(dependents, chain)).toEqual({
      dependents: [
        {
          kind: "view",
          name: "users_mail",
          table: "users",
          column: "mail",
          change: "dropped",
          renamedTo: "members",
          revision: "c3",
          file: "migrations/versions/c3_contract.ts",
        },
      ],
    });
  });
});
