/** The lock every SQLite revision holds: the database's one write lock, from BEGIN IMMEDIATE to COMMIT. */
export const WRITE_LOCK = "the database's write lock (BEGIN IMMEDIATE), until COMMIT";
