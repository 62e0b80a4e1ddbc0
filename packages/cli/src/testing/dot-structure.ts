/**
 * A strict reader for the DOT subset `athanor graph --format dot` writes: `digraph NAME { … }`
 * with graph attributes (`a=b;`), `node`/`edge` defaults, node statements and `a -> b` edges,
 * each with an optional `[k=v, …]` list; ids are bare words, numbers or quoted strings with
 * `\"` and `\\` escapes. Anything else throws, naming the offending token. Edges must join
 * declared nodes. Tests use it so the DOT is checked for structure even where Graphviz is not
 * installed.
 */
export function checkDotStructure(text: string): { nodes: Set<string>; edges: number } {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    const token = tokens[at++];
    if (token === undefined) throw new Error("DOT ends early");
    return token;
  };
  const expect = (value: string) => {
    const token = next();
    if (token.value !== value || token.quoted)
      throw new Error(`DOT: expected '${value}', found '${token.value}'`);
  };
  const id = () => {
    const token = next();
    if (!token.quoted && !/^[A-Za-z_][A-Za-z0-9_.]*$|^-?\d+(\.\d+)?$/.test(token.value))
      throw new Error(`DOT: expected an id, found '${token.value}'`);
    return token.value;
  };
  const attributes = () => {
    if (peek()?.value !== "[") return;
    expect("[");
    while (peek()?.value !== "]") {
      id();
      expect("=");
      id();
      if (peek()?.value === "," || peek()?.value === ";") next();
    }
    expect("]");
  };
  const nodes = new Set<string>();
  const endpoints: string[] = [];
  expect("digraph");
  if (peek()?.value !== "{") id();
  expect("{");
  while (peek()?.value !== "}") {
    const first = next();
    if (!first.quoted && ["node", "edge", "graph"].includes(first.value)) attributes();
    else if (peek()?.value === "=") {
      next();
      id();
    } else if (peek()?.value === "->") {
      next();
      endpoints.push(first.value, id());
      attributes();
    } else {
      nodes.add(first.value);
      attributes();
    }
    expect(";");
  }
  expect("}");
  if (at !== tokens.length) throw new Error(`DOT: text after the closing brace: '${peek()?.value}'`);
  const unknown = endpoints.filter((e) => !nodes.has(e));
  if (unknown.length > 0) throw new Error(`DOT: edges to undeclared nodes ${unknown.join(", ")}`);
  return { nodes, edges: endpoints.length / 2 };
}

interface Token {
  readonly value: string;
  readonly quoted: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|->|[{}[\]=;,]|"((?:[^"\\\n]|\\.)*)"|[A-Za-z0-9_.#-]+|(.)/gy;
  for (let match = pattern.exec(text); match !== null && match[0] !== ""; match = pattern.exec(text)) {
    if (match[2] !== undefined) throw new Error(`DOT: unexpected character '${match[2]}'`);
    if (/^\s+$/.test(match[0])) continue;
    if (match[1] !== undefined) tokens.push({ value: match[1].replace(/\\(["\\])/g, "$1"), quoted: true });
    else tokens.push({ value: match[0], quoted: false });
  }
  if (pattern.lastIndex !== 0 && pattern.lastIndex < text.length) throw new Error("DOT: unreadable text");
  return tokens;
}
