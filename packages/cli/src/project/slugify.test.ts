import { describe, expect, it } from "vitest";
import { slugify } from "./write-revision.js";

describe("slugify", () => {
  it("keeps an accented word whole (the accent dropped), and stays inside the file name", () => {
    expect(slugify("Résumé für Ärzte")).toBe("resume_fur_arzte");
    expect(slugify("ÜNÏCÖDE 名前 🎉")).toBe("unicode");
    expect(slugify("../../../tmp/x")).toBe("tmp_x");
    expect(slugify("Add users.timezone (UTC)")).toBe("add_users_timezone_utc");
  });
});
