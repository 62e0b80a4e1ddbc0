import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ok } from "./harness.js";

/** Ids of {@link buildDatabaseProject}'s revisions, in the order they apply. */
export const IDS = {
  account: "1a2b3c4d5e6f",
  name: "2b3c4d5e6f70",
  cart: "3c4d5e6f7081",
  merge: "4d5e6f708192",
} as const;

/**
 * A project whose revisions change a real schema, with a branch and a merge:
 *
 *   1a2b (account) ─┬─ 2b3c (account.name) ─────┬─ 4d5e (merge: cart index)
 *                   └─ 3c4d (cart, label cart) ──┘
 */
export async function buildDatabaseProject(cwd: string): Promise<void> {
  await ok(cwd, ["init", "--dialect", "postgresql"]);
  await ok(cwd, ["revision", "-m", "create account", "--rev-id", IDS.account]);
  await ok(cwd, ["revision", "-m", "add account name", "--rev-id", IDS.name]);
  await ok(cwd, [
    "revision",
    "-m",
    "create cart",
    "--head",
    IDS.account,
    "--splice",
    "--branch-label",
    "cart",
    "--rev-id",
    IDS.cart,
  ]);
  await ok(cwd, ["merge", "-m", "merge cart", IDS.name, IDS.cart, "--rev-id", IDS.merge]);
  setBody(
    cwd,
    IDS.account,
    'op.execute("CREATE TABLE account (id int PRIMARY KEY)")',
    'op.execute("DROP TABLE account")',
  );
  setBody(
    cwd,
    IDS.name,
    'op.execute("ALTER TABLE account ADD COLUMN name text")',
    'op.execute("ALTER TABLE account DROP COLUMN name")',
  );
  setBody(
    cwd,
    IDS.cart,
    'op.execute("CREATE TABLE cart (id int, account_id int)")',
    'op.execute("DROP TABLE cart")',
  );
  setBody(
    cwd,
    IDS.merge,
    'op.execute("CREATE INDEX cart_account_idx ON cart (account_id)")',
    'op.execute("DROP INDEX cart_account_idx")',
  );
  // upgrade refuses lint errors; this one is a deliberate, reasoned exception
  const merge = revisionFile(cwd, IDS.merge);
  writeFileSync(
    merge,
    readFileSync(merge, "utf8").replace(
      '  message: "merge cart",',
      '  message: "merge cart",\n  lint: { ignore: [{ rule: "pg/index-not-concurrent", reason: "cart is new and empty" }] },',
    ),
  );
}

/** The file of revision `id` in the project. */
export function revisionFile(cwd: string, id: string): string {
  const dir = join(cwd, "migrations", "versions");
  const name = readdirSync(dir).find((f) => f.startsWith(`${id}_`));
  if (name === undefined) throw new Error(`no file for revision ${id} in ${dir}`);
  return join(dir, name);
}

/** Replaces the empty `upgrade(op) {}`/`downgrade(op) {}` that `athanor revision` wrote. */
export function setBody(cwd: string, id: string, up: string, down: string): void {
  const file = revisionFile(cwd, id);
  const text = readFileSync(file, "utf8")
    .replace("upgrade(op) {}", `upgrade(op) {\n    ${up};\n  }`)
    .replace("downgrade(op) {}", `downgrade(op) {\n    ${down};\n  }`);
  writeFileSync(file, text);
}

/**
 * Output with what varies between runs replaced: timings, run ids, host and user names, the
 * package version — so goldens compare the rest byte for byte.
 */
export function normalise(text: string): string {
  return text
    .replace(/\b\d+(\.\d+)? (ms|s)\b/g, "X ms")
    .replace(/'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'/g, "'<run-id>'")
    .replace(/'sha256:[0-9a-f]{64}'/g, "'<checksum>'")
    .replace(
      /, (NULL|'[^']*'), CURRENT_USER, (NULL|'[^']*'), '[^']*'/g,
      (_, host: string, user: string) =>
        `, ${host === "NULL" ? host : "'<host>'"}, CURRENT_USER, ${user === "NULL" ? user : "'<os-user>'"}, '<version>'`,
    );
}
