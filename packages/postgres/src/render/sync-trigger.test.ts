import { operations as o, reverse } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { renderPostgres } from "../renderer.js";

const functionBody = (lines: readonly string[]) => ["BEGIN", ...lines, "  RETURN NEW;", "END"].join("\n");

describe("sync triggers and named NOT NULL on PostgreSQL", () => {
  it("createSyncTrigger: one plpgsql function and one trigger in the table's schema, names quoted; the inverse drops both", () => {
    const op = o.createSyncTrigger(
      "events_mail_email_sync",
      { schema: "audit", name: 'ev"ents' },
      { source: "mail", target: "email", twoWay: false, toTarget: 'lower(NEW."mail")' },
    );
    const body = functionBody([
      "  IF TG_OP = 'INSERT' THEN",
      '    NEW."email" := lower(NEW."mail");',
      '  ELSIF NEW."mail" IS DISTINCT FROM OLD."mail" THEN',
      '    NEW."email" := lower(NEW."mail");',
      "  END IF;",
    ]);
    const [guard, ...rest] = renderPostgres(op);
    // refuses a BEFORE row trigger of the table that sorts after this one (fires after the copy)
    expect(guard).toMatch(/^DO \$athanor\$\n/);
    expect(guard).toContain(`tgrelid = '"audit"."ev""ents"'::regclass`);
    expect(guard).toContain(`tgname::text COLLATE "C" > 'events_mail_email_sync' COLLATE "C"`);
    expect(rest).toEqual([
      `CREATE FUNCTION "audit"."events_mail_email_sync"() RETURNS trigger LANGUAGE plpgsql AS $$\n${body}\n$$`,
      `COMMENT ON FUNCTION "audit"."events_mail_email_sync"() IS 'athanor sync trigger: keeps email in step with mail while a staged change runs'`,
      'CREATE TRIGGER "events_mail_email_sync" BEFORE INSERT OR UPDATE ON "audit"."ev""ents" FOR EACH ROW EXECUTE FUNCTION "audit"."events_mail_email_sync"()',
    ]);
    expect(renderPostgres(reverse(op))).toEqual([
      'DROP TRIGGER "events_mail_email_sync" ON "audit"."ev""ents"',
      'DROP FUNCTION "audit"."events_mail_email_sync"()',
    ]);
  });

  it("createSyncTrigger two-way copies whichever side changed; no conversion copies the value as it is", () => {
    const op = o.createSyncTrigger("users_mail_email_sync", "users", {
      source: "mail",
      target: "email",
      twoWay: true,
    });
    const body = functionBody([
      "  IF TG_OP = 'INSERT' THEN",
      '    NEW."email" := COALESCE(NEW."email", NEW."mail");',
      '    NEW."mail" := COALESCE(NEW."mail", NEW."email");',
      '  ELSIF NEW."mail" IS DISTINCT FROM OLD."mail" AND NEW."email" IS NOT DISTINCT FROM OLD."email" THEN',
      '    NEW."email" := NEW."mail";',
      '  ELSIF NEW."email" IS DISTINCT FROM OLD."email" AND NEW."mail" IS NOT DISTINCT FROM OLD."mail" THEN',
      '    NEW."mail" := NEW."email";',
      "  END IF;",
    ]);
    expect(renderPostgres(op)[1]).toBe(
      `CREATE FUNCTION "users_mail_email_sync"() RETURNS trigger LANGUAGE plpgsql AS $$\n${body}\n$$`,
    );
  });

  it("a name or expression holding $$ cannot end the function body early", () => {
    const op = o.createSyncTrigger("t_sync", "t", {
      source: "a$$b",
      target: "c",
      twoWay: false,
      toTarget: "'$athanor$'",
    });
    const [, fn] = renderPostgres(op);
    expect(fn).toMatch(/AS \$athanor1\$\n/);
    expect(fn?.endsWith("\n$athanor1$")).toBe(true);
  });

  it("addNotNull: ADD CONSTRAINT ... NOT NULL, NOT VALID when asked; its inverse drops the constraint", () => {
    const op = o.addNotNull('users_tz"_not_null', { schema: "app", name: "users" }, "t z", {
      notValid: true,
    });
    expect(renderPostgres(op)).toEqual([
      'ALTER TABLE "app"."users" ADD CONSTRAINT "users_tz""_not_null" NOT NULL "t z" NOT VALID',
    ]);
    expect(renderPostgres(reverse(op))).toEqual([
      'ALTER TABLE "app"."users" DROP CONSTRAINT "users_tz""_not_null"',
    ]);
    expect(renderPostgres(o.addNotNull("n", "users", "tz"))).toEqual([
      'ALTER TABLE "users" ADD CONSTRAINT "n" NOT NULL "tz"',
    ]);
  });
});
