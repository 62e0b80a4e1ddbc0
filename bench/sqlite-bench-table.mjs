// The table each revision of apply-sqlite.mjs creates: the same text for athanor (op.execute),
// the sqlite3 shell and drizzle-kit migrate.
export const table = (i) =>
  `CREATE TABLE "t_${i}" ("id" integer NOT NULL, "name" text NOT NULL DEFAULT ('x'), "n" integer, CONSTRAINT "t_${i}_pkey" PRIMARY KEY ("id"))`;
