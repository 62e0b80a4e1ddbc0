// The README's example, on files: TypeScript revision files and a Drizzle schema file, both
// imported through vitest with `importer: (path) => import(path)`.
import { fileURLToPath } from "node:url";
import { describeMigrations } from "./describe-migrations.js";

const fixtures = (path: string) => fileURLToPath(new URL(`./testing/fixtures/${path}`, import.meta.url));
const importer = (path: string) => import(path);

describeMigrations(
  {
    revisions: fixtures("versions"),
    importer,
    database: { url: "pglite" },
    desired: { drizzleSchema: fixtures("accounts-schema.ts"), importer },
    smoke: async ({ connection }) => {
      await connection.query("INSERT INTO accounts (id, name) VALUES (1, 'acme')");
      await connection.query("SELECT id, name FROM accounts");
    },
  },
  { name: "TypeScript revision files and a Drizzle schema file" },
);
