import type { DropEnum, DropSchema, DropSequence, Operation } from "../ops/operation.js";
import { operations } from "../ops/operations.js";
import { reverse } from "../ops/reverse.js";
import type { ConformanceCases, ConformanceContext } from "./conformance-types.js";

type TypeKinds =
  | "createEnum"
  | "dropEnum"
  | "addEnumValue"
  | "renameEnumValue"
  | "renameEnum"
  | "rebuildEnum"
  | "createSchema"
  | "dropSchema"
  | "createSequence"
  | "dropSequence"
  | "alterSequence"
  | "renameSequence";

const mood = () => operations.createEnum("mood", ["sad", "it's ok", 'say "yes"']);
const tickets = () =>
  operations.createSequence("ticket_seq", {
    start: 100,
    increment: 5,
    minValue: 1,
    maxValue: 100000,
    cache: 1,
  });

/** A table with a `mood` column and a `mood[]` column, both with defaults, for the rebuild. */
const moodLog = (ctx: ConformanceContext): Operation =>
  operations.createTable("mood_log", {
    columns: [
      { name: "id", type: ctx.types.integer.sql, nullable: false },
      { name: "mood", type: "mood", default: "'sad'::mood" },
      { name: "moods", type: "mood[]", default: "ARRAY['sad'::mood]" },
    ],
  });

/** Cases for enum types, schemas and sequences. */
export const TYPE_CASES: Pick<ConformanceCases, TypeKinds> = {
  createEnum: [
    {
      name: "values in order, with quotes",
      requires: ["enumTypes"],
      op: () => mood(),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.enum("mood")],
          after: { name: "mood", values: ["sad", "it's ok", 'say "yes"'] },
        },
      ],
    },
  ],
  dropEnum: [
    {
      name: "with its recorded values",
      requires: ["enumTypes"],
      setup: () => [mood()],
      op: () => reverse(mood()) as DropEnum,
      expect: (ctx) => [{ change: "removed", path: [ctx.enum("mood")] }],
    },
  ],
  addEnumValue: [
    {
      name: "after an existing value; PostgreSQL cannot remove it again",
      requires: ["enumTypes"],
      setup: () => [mood()],
      op: () => operations.addEnumValue("mood", "meh", { after: "sad" }),
      expect: (ctx) => [
        {
          change: "changed",
          path: [ctx.enum("mood"), "values"],
          before: ["sad", "it's ok", 'say "yes"'],
          after: ["sad", "meh", "it's ok", 'say "yes"'],
        },
      ],
      reverse: "irreversible",
    },
  ],
  renameEnumValue: [
    {
      name: "keeps its position",
      requires: ["enumTypes"],
      setup: () => [mood()],
      op: () => operations.renameEnumValue("mood", "sad", "blue"),
      expect: (ctx) => [
        {
          change: "changed",
          path: [ctx.enum("mood"), "values"],
          before: ["sad", "it's ok", 'say "yes"'],
          after: ["blue", "it's ok", 'say "yes"'],
        },
      ],
    },
  ],
  renameEnum: [
    {
      name: "to a new name in its schema",
      requires: ["enumTypes"],
      setup: () => [mood()],
      op: () => operations.renameEnum("mood", 'feeling "now"'),
      expect: (ctx) => [
        { change: "removed", path: [ctx.enum("mood")] },
        {
          change: "added",
          path: [ctx.enum('feeling "now"')],
          after: { name: 'feeling "now"', values: ["sad", "it's ok", 'say "yes"'] },
        },
      ],
    },
  ],
  rebuildEnum: [
    {
      name: "a value dropped and the rest reordered, columns and defaults retyped",
      requires: ["enumTypes"],
      setup: (ctx) => [mood(), moodLog(ctx)],
      op: () =>
        operations.rebuildEnum("mood", ['say "yes"', "sad"], {
          existingValues: ["sad", "it's ok", 'say "yes"'],
          columns: [
            { table: "mood_log", column: "mood", default: "'sad'::mood" },
            { table: "mood_log", column: "moods", array: true, default: "ARRAY['sad'::mood]" },
          ],
        }),
      expect: (ctx) => [
        {
          change: "changed",
          path: [ctx.enum("mood"), "values"],
          before: ["sad", "it's ok", 'say "yes"'],
          after: ['say "yes"', "sad"],
        },
      ],
    },
  ],
  createSchema: [
    {
      name: "with a hostile name",
      requires: ["schemas"],
      op: () => operations.createSchema('app "space" ✓'),
      expect: () => [{ change: "added", path: ['schema "app ""space"" ✓"'], after: 'app "space" ✓' }],
    },
  ],
  dropSchema: [
    {
      name: "an empty schema",
      requires: ["schemas"],
      setup: () => [operations.createSchema("archive")],
      op: () => reverse(operations.createSchema("archive")) as DropSchema,
      expect: () => [{ change: "removed", path: ['schema "archive"'], before: "archive" }],
    },
  ],
  createSequence: [
    {
      name: "with options",
      requires: ["sequences"],
      op: () => tickets(),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.sequence("ticket_seq")],
          after: {
            name: "ticket_seq",
            start: "100",
            increment: "5",
            min: "1",
            max: "100000",
            cache: "1",
            cycle: false,
            ownedBy: null,
          },
        },
      ],
    },
  ],
  dropSequence: [
    {
      name: "with its recorded options",
      requires: ["sequences"],
      setup: () => [tickets()],
      op: () => reverse(tickets()) as DropSequence,
      expect: (ctx) => [{ change: "removed", path: [ctx.sequence("ticket_seq")] }],
    },
  ],
  alterSequence: [
    {
      name: "increment and cycle",
      requires: ["sequences"],
      setup: () => [tickets()],
      op: () =>
        operations.alterSequence(
          "ticket_seq",
          { increment: 10, cycle: true },
          { existing: { increment: 5, cycle: false } },
        ),
      expect: (ctx) => [
        { change: "changed", path: [ctx.sequence("ticket_seq"), "increment"], before: "5", after: "10" },
        { change: "changed", path: [ctx.sequence("ticket_seq"), "cycle"], before: false, after: true },
      ],
    },
  ],
  renameSequence: [
    {
      name: "keeps its options",
      requires: ["sequences"],
      setup: () => [tickets()],
      op: () => operations.renameSequence("ticket_seq", 'ticket "no" seq'),
      expect: (ctx) => [
        { change: "removed", path: [ctx.sequence("ticket_seq")] },
        { change: "added", path: [ctx.sequence('ticket "no" seq')], after: { start: "100", increment: "5" } },
      ],
    },
  ],
};
