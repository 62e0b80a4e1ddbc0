// The public API of @athanor/postgres: explicit named exports only.
export {};
