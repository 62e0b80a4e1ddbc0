// The blog scenario both dialects walk: create, add a column with an index on the foreign key
// column and it, rename a column, widen it and add a check, drop the column again. Test-only.
import type { Scenario } from "./run-scenario.js";

/** Builds `posts` for one step: the headline column's name and length, and which extras exist. */
export type PostsBuilder = (
  headline: "title" | "headline",
  length: number,
  published: boolean,
  checked: boolean,
) => unknown;

/**
 * The blog scenario over a dialect's `users` table and `posts` builder.
 *
 * @example
 * ```ts
 * const blog = blogScenario("blog", users, posts);
 * ```
 */
export function blogScenario(name: string, users: unknown, posts: PostsBuilder): Scenario {
  return {
    name,
    steps: [
      {
        title: "users and posts",
        models: () => ({ users, posts: posts("title", 100, false, false) }),
        seed: [
          "INSERT INTO users (id, email) VALUES (1, 'ann@example.com'), (2, 'bob@example.com')",
          "INSERT INTO posts (id, author_id, title) VALUES (10, 1, 'Hello'), (11, 2, 'World')",
        ],
      },
      {
        title: "published flag, index starting with the foreign key column",
        models: () => ({ users, posts: posts("title", 100, true, false) }),
      },
      {
        title: "title renamed to headline",
        renames: ["posts.title:headline"],
        models: () => ({ users, posts: posts("headline", 100, true, false) }),
      },
      {
        title: "headline widened, with a check",
        models: () => ({ users, posts: posts("headline", 200, true, true) }),
      },
      {
        title: "published dropped",
        loses: ["posts.published"],
        models: () => ({ users, posts: posts("headline", 200, false, true) }),
      },
    ],
  };
}
