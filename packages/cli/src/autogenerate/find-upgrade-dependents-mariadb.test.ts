import { type Connection, operations } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { mariadbStageBackend } from "../testing/mariadb-stage-backend.js";
import type { StageBackend } from "../testing/stage-suite.js";
import { findUpgradeDependents } from "./find-upgrade-dependents.js";

// Autogenerate's warning reads the dependents query once per check. On MariaDB another table's
// trigger naming the dropped column went missing from that read while another session's ALTER
// ... ALGORITHM=COPY renamed the table into place (MariaDB lists it under neither name for a
// moment, without a warning): the read is now asked again while such a statement runs.
let backend: StageBackend;
let ddl: Connection;
const dialect = () => mysqlDialect({ url: backend.env.DATABASE_URL as string });
beforeAll(async () => {
  backend = await mariadbStageBackend("dependents_read");
  ddl = await dialect().connect();
  await ddl.executeScript([
    "CREATE TABLE users (id int PRIMARY KEY, mail varchar(40))",
    "CREATE TABLE orders (id int PRIMARY KEY, user_id int, mail_copy varchar(40))",
    "CREATE TRIGGER orders_mail BEFORE INSERT ON orders FOR EACH ROW SET NEW.mail_copy = (SELECT u.mail FROM users u WHERE u.id = NEW.user_id)",
  ]);
}, 60_000);
afterAll(async () => {
  await ddl?.close();
  await backend?.dispose();
});

test("another table's trigger is never left out of the warning while an ALTER renames that table into place", async () => {
  const check = operations.requireNoDependents("users", ["mail"]);
  let stop = false;
  let alters = 0;
  const altering = (async () => {
    while (!stop && alters < 30) {
      await ddl.query("ALTER TABLE orders COMMENT = 'copied', ALGORITHM=COPY");
      alters++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const outcomes: string[] = [];
  try {
    while (alters < 30) {
      const { found, unchecked } = await findUpgradeDependents(dialect(), [[{ check, live: check }]]);
      outcomes.push(
        unchecked.length > 0
          ? "unchecked"
          : found.some((d) => d.name.endsWith(".orders_mail"))
            ? "found"
            : "missed",
      );
    }
  } finally {
    stop = true;
    await altering;
  }
  expect(outcomes).toContain("found");
  expect(outcomes.filter((o) => o === "missed")).toEqual([]);
}, 120_000);
