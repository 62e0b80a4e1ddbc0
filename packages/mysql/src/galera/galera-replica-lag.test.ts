import { describe, expect, test } from "vitest";
import { nodeUrl } from "./galera-replica-lag.js";

// The runner's URL pointed at another node keeps its credentials, database and options.
describe("nodeUrl", () => {
  test.each([
    [
      "mysql://deploy:p%40ss@10.0.0.1:3306/app?ssl=true",
      "10.0.0.3:3307",
      "mysql://deploy:p%40ss@10.0.0.3:3307/app?ssl=true",
    ],
    ["mysql://root@127.0.0.1:3306/", "db3.internal:3306", "mysql://root@db3.internal:3306/"],
    ["mysql://root@127.0.0.1:3306/app", "[::1]:3310", "mysql://root@[::1]:3310/app"],
    ["mysql://root@127.0.0.1:3306/app", "[fe80::1]", "mysql://root@[fe80::1]/app"],
  ])("%s at %s", (url, address, expected) => {
    expect(nodeUrl(url, address)).toBe(expected);
  });
});
