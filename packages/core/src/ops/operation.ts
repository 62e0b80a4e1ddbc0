/** PLACEHOLDER — the ops engineer replaces this file with the full Operation union. */
export type Operation = { readonly kind: string };
