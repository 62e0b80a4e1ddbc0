import type { Op } from "@athanor/core";

// The two-way sync between users.name (read and written by v1) and users.display_name (v2)
// while both columns exist: the expand revision creates it, the contract revision drops it (and
// its downgrade puts it back). Shared by those revisions only; treat it as frozen like them —
// a change here changes what already-applied revisions would do on a fresh database.

/** True for the MySQL/MariaDB dialect, whose revisions take the MySQL variant of each step. */
export function isMysql(op: Op): boolean {
  return op.dialect === "mysql" || op.dialect === "mariadb";
}

/** True for SQLite (better-sqlite3, libSQL), whose revisions take the SQLite variant of each step. */
export function isSqlite(op: Op): boolean {
  return op.dialect === "sqlite";
}

/**
 * True where a column becomes NOT NULL in place (MySQL: an online rebuild; SQLite: a table
 * rebuild under its one write lock) rather than through PostgreSQL's NOT VALID check recipe.
 */
export function setsNotNullInPlace(op: Op): boolean {
  return isMysql(op) || isSqlite(op);
}

/**
 * Creates the sync trigger(s). Old code writes only `name`, new code only `display_name`; the
 * trigger copies whichever side a statement changed to the other, so both versions read their
 * own column correctly while they serve side by side (the database-side dual-write).
 *
 * @example
 * ```ts
 * upgrade(op) { op.addColumn("users", { name: "display_name", type: "varchar(200)" }); createNameSync(op); }
 * ```
 */
export function createNameSync(op: Op): void {
  if (isMysql(op)) {
    // Single-statement trigger bodies: no DELIMITER games, and the second assignment sees the
    // first one's result, so exactly one direction is copied per statement.
    op.execute(
      "CREATE TRIGGER users_sync_name_insert BEFORE INSERT ON users FOR EACH ROW " +
        "SET NEW.display_name = COALESCE(NEW.display_name, NEW.name), NEW.name = COALESCE(NEW.name, NEW.display_name)",
    );
    op.execute(
      "CREATE TRIGGER users_sync_name_update BEFORE UPDATE ON users FOR EACH ROW " +
        "SET NEW.display_name = IF(NOT (NEW.name <=> OLD.name) AND (NEW.display_name <=> OLD.display_name), NEW.name, NEW.display_name), " +
        "NEW.name = IF(NOT (NEW.display_name <=> OLD.display_name) AND (NEW.name <=> OLD.name), NEW.display_name, NEW.name)",
    );
    return;
  }
  if (isSqlite(op)) {
    // SQLite triggers cannot assign NEW.column: AFTER triggers write the copy back by key. Once
    // copied, the two columns are equal, so the UPDATE inside a trigger matches no WHEN again.
    op.execute(
      "CREATE TRIGGER users_sync_name_insert AFTER INSERT ON users FOR EACH ROW " +
        "WHEN NEW.display_name IS NULL OR NEW.name IS NULL BEGIN " +
        "UPDATE users SET display_name = COALESCE(NEW.display_name, NEW.name), name = COALESCE(NEW.name, NEW.display_name) WHERE id = NEW.id; END",
    );
    op.execute(
      "CREATE TRIGGER users_sync_name_update AFTER UPDATE OF name, display_name ON users FOR EACH ROW " +
        "WHEN NEW.name IS NOT NEW.display_name AND (NEW.name IS NOT OLD.name) <> (NEW.display_name IS NOT OLD.display_name) BEGIN " +
        "UPDATE users SET display_name = CASE WHEN NEW.name IS NOT OLD.name THEN NEW.name ELSE NEW.display_name END, " +
        "name = CASE WHEN NEW.display_name IS NOT OLD.display_name THEN NEW.display_name ELSE NEW.name END WHERE id = NEW.id; END",
    );
    return;
  }
  op.execute(`CREATE FUNCTION users_sync_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.display_name := COALESCE(NEW.display_name, NEW.name);
    NEW.name := COALESCE(NEW.name, NEW.display_name);
  ELSIF NEW.name IS DISTINCT FROM OLD.name AND NEW.display_name IS NOT DISTINCT FROM OLD.display_name THEN
    NEW.display_name := NEW.name;
  ELSIF NEW.display_name IS DISTINCT FROM OLD.display_name AND NEW.name IS NOT DISTINCT FROM OLD.name THEN
    NEW.name := NEW.display_name;
  END IF;
  RETURN NEW;
END
$$`);
  op.execute(
    "CREATE TRIGGER users_sync_name BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_sync_name()",
  );
}

/**
 * Drops what {@link createNameSync} created.
 *
 * @example
 * ```ts
 * downgrade(op) { dropNameSync(op); op.dropColumn("users", "display_name"); }
 * ```
 */
export function dropNameSync(op: Op): void {
  if (isMysql(op) || isSqlite(op)) {
    op.execute("DROP TRIGGER users_sync_name_insert");
    op.execute("DROP TRIGGER users_sync_name_update");
    return;
  }
  op.execute("DROP TRIGGER users_sync_name ON users");
  op.execute("DROP FUNCTION users_sync_name()");
}
