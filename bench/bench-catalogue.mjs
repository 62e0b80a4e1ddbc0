// The benchmarks `pnpm bench` (run-all.mjs) runs, with their published and quick sizes, and how
// to turn each one's report into rows of the summary table. Each benchmark stays a standalone
// script with a human report; the parsers read that report, so a change of wording there shows
// up here as "could not read its report", never as a wrong figure.

/** `| a | b |` tables in a report, as arrays of objects keyed by the header cells. */
export function markdownTables(text) {
  const tables = [];
  let current = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("|")) {
      current = null;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split("|")
      .map((c) => c.trim());
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    if (current === null) {
      current = { header: cells, rows: [] };
      tables.push(current);
    } else current.rows.push(Object.fromEntries(current.header.map((h, i) => [h, cells[i] ?? ""])));
  }
  return tables;
}

const mb = (v) => (v === null || v === undefined ? "" : `${v.toFixed(0)} MB`);
const row = (what, fields) => ({
  what,
  athanor: "",
  floor: "",
  ratio: "",
  target: "",
  queries: "",
  rss: "",
  ...fields,
});
function must(value, what) {
  if (value === undefined || value === null) throw new Error(`no ${what} in the report`);
  return value;
}
const seconds = (text) => {
  const m = /([\d.,]+)\s*(ms|s)\b/.exec(text);
  if (!m) return null;
  const n = Number(m[1].replaceAll(",", ""));
  return m[2] === "s" ? n * 1000 : n;
};
const fmt = (ms) => (ms === null ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ratio = (a, b) => (a === null || b === null || !b ? "—" : `${(a / b).toFixed(2)}×`);
/**
 * Summary rows for a report's `per-pair ratio, <what>: median …` lines (bench/interleave.mjs):
 * the ratio cell holds the median, the floor cell the spread.
 */
const pairRows = (out, count) =>
  [...out.matchAll(/^per-pair ratio, (.+?): median ([\d.]+×) \((.+)\)$/gm)].map(([, what, median, spread]) =>
    row(`${what} (${count} revisions), median of interleaved pairs`, { ratio: median, floor: spread }),
  );
/** The CPU figure of the report row whose `key` cell starts with `start`. */
const cpuOfRow = (rows, key, start) =>
  Number.parseFloat(
    must(
      rows.find((r) => r[key].startsWith(start)),
      start,
    ).CPU,
  );

export const BENCHES = [
  {
    name: "graph",
    script: "graph.mjs",
    args: ["10000", "5"],
    quick: ["1000", "2"],
    parse(out) {
      const [table] = markdownTables(out);
      const count = /(\d+) revisions/.exec(out)?.[1] ?? "?";
      const phases = /plan phases: (.*)/.exec(out)?.[1];
      return must(table, "table").rows.map((r) =>
        row(`graph of ${Number(count).toLocaleString("en")} revisions: ${r.measurement}`, {
          athanor: `${r["wall median"]} (min ${r["wall min"]})`,
          target: r.measurement === "athanor heads" ? "< 0.3 s, < 150 MB" : "",
          rss: r["peak RSS"],
          ...(r.measurement.startsWith("plan") && phases ? { floor: phases } : {}),
        }),
      );
    },
  },
  {
    name: "start-up",
    script: "start-up.mjs",
    args: ["--runs", "7", "--modules"],
    quick: ["--quick", "--runs", "2", "--modules"],
    parse(out) {
      const [table] = markdownTables(out);
      const load = /load average ([\d.]+ → [\d.]+)/.exec(out)?.[1] ?? "?";
      return must(table, "table").rows.map((r) =>
        row(`start-up: ${r.case} (CPU, load ${load})`, {
          athanor: r["CPU median (min)"],
          floor: `node -e 0: ${r["node -e 0 CPU"]}`,
          ratio: r["× floor"],
          target: `≤ ${r.target}`,
        }),
      );
    },
  },
  {
    name: "apply-postgres",
    script: "apply-postgres.mjs",
    args: ["--revisions", "1000"],
    quick: ["--revisions", "50", "--noop-runs", "3"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      const count = /^(\d+) revisions/m.exec(out)?.[1] ?? "?";
      const pairs = pairRows(out, count);
      const rows = must(table, "table").rows.map((r) => {
        const noop = r.run.includes("no-op");
        return row(`${r.run.trim()}${r.run.includes("grade") ? ` (${count} revisions)` : ""}`, {
          athanor: r.athanor,
          floor:
            r["psql -1 (floor)"] !== "—"
              ? `psql -1: ${r["psql -1 (floor)"]}, tx per revision: ${r["psql, tx per revision"]}`
              : r["psql, tx per revision"] !== "—"
                ? `psql, tx per revision: ${r["psql, tx per revision"]}`
                : "",
          ratio:
            r["vs floor"] === "—"
              ? ratio(seconds(r.athanor), seconds(r["psql, tx per revision"] ?? ""))
              : r["vs floor"],
          target:
            noop && r.run.startsWith("PostgreSQL")
              ? "< 400 ms (aim 150 ms)"
              : r.run.startsWith("PostgreSQL: up")
                ? "≤ 2× floor"
                : "",
          rss: r.run.includes("for scale")
            ? ""
            : mb(r.run.startsWith("PGlite") ? rss.cliEmbedded : rss.cliServer),
        });
      });
      // the interleaved pairs' ratios right after the upgrade and downgrade rows
      rows.splice(2, 0, ...pairs);
      return rows;
    },
  },
  {
    name: "apply-mysql",
    script: "apply-mysql.mjs",
    args: [],
    quick: [],
    quickEnv: { BENCH_REVISIONS: "50" },
    parse(out, rss) {
      const [table] = markdownTables(out);
      const count = /(\d+) revisions/.exec(out)?.[1] ?? "?";
      const pairs = pairRows(out, count);
      const rows = must(table, "table").rows.map((r) => {
        const seconds = (cell) => (cell === undefined || cell === "–" ? null : Number(cell) * 1000);
        const a = seconds(r["athanor (s)"]);
        // the ratio is to the issue's floor: one transaction per revision, bookkeeping included
        const f = seconds(r["client, `--sql` script: tx per revision with bookkeeping (s)"]);
        const bare = seconds(r["client, DDL alone, no bookkeeping (s)"]);
        return row(`MariaDB: ${r.run}${r.run.includes("→") ? ` (${count} revisions)` : ""}`, {
          athanor: fmt(a),
          floor:
            f === null
              ? ""
              : `mariadb client, --sql script (tx per revision): ${fmt(f)}; DDL alone: ${fmt(bare)}`,
          ratio: ratio(a, f),
          rss: mb(rss.bench),
        });
      });
      rows.splice(2, 0, ...pairs);
      return rows;
    },
  },
  ...[200, 1000].map((tables) => ({
    name: `introspect-postgres-${tables}`,
    script: "introspect-postgres.mjs",
    args: ["--tables", String(tables), "--runs", "5"],
    quick: ["--tables", String(tables / 20), "--runs", "2"],
    parse(out, rss) {
      const n = must(/schema: (\d+) tables/.exec(out)?.[1], "table count");
      return [
        row(`introspect PostgreSQL, ${Number(n).toLocaleString("en")} tables × 15 columns`, {
          athanor: `${must(/median (\d+ ms)/.exec(out)?.[1], "median")} (median)`,
          target: Number(n) >= 1000 ? "< 1 s" : "",
          queries: must(/queries per introspection: (\d+)/.exec(out)?.[1], "query count"),
          rss: /peak RSS ([\d.]+ MB)/.exec(out)?.[1] ?? mb(rss.bench),
        }),
      ];
    },
  })),
  {
    name: "autogenerate",
    script: "autogenerate.mjs",
    args: ["--tables", "200,1000"],
    quick: ["--tables", "10,50"],
    parse(out, rss) {
      const rows = [];
      for (const m of out.matchAll(
        /^(.*?): (\d+) tables x 15 columns .*?: check (\d+) ms = read models (\d+) ms \+ canonicalise (\d+) ms \+ introspect (\d+) ms \+ diff ([\d.]+) ms; live queries (\d+), scratch: (\d+) queries \+ (\d+) scripts \((\d+) statements\)/gm,
      )) {
        rows.push(
          row(
            `autogenerate / check, ${Number(m[2]).toLocaleString("en")} Drizzle tables × 15 columns, ${m[1]}`,
            {
              athanor: `${fmt(Number(m[3]))}`,
              floor: `read models ${fmt(Number(m[4]))}, canonicalise ${fmt(Number(m[5]))}, introspect ${fmt(Number(m[6]))}, diff ${fmt(Number(m[7]))}`,
              queries: `${m[8]} live + ${m[9]} scratch + ${m[10]} scripts (${m[11]} statements)`,
              rss: mb(rss.bench),
            },
          ),
        );
      }
      return must(rows.length ? rows : null, "check line");
    },
  },
  {
    name: "growth",
    script: "growth.mjs",
    args: ["--sizes", "100,1000,10000", "--runs", "3", "--apply-max", "1000"],
    quick: ["--sizes", "10,100", "--runs", "1", "--apply-max", "100"],
    parse(out) {
      const [table] = markdownTables(out);
      const rows = must(table, "table").rows;
      const largest = must(
        Object.keys(rows[0] ?? {})
          .filter((h) => h.endsWith(" cold") && h.startsWith("N ="))
          .at(-1),
        "size column",
      ).replace(/ cold$/, "");
      return rows.map((r) =>
        row(`growth: ${r.measurement}, ${largest} revisions, cold`, {
          athanor: r[`${largest} cold`],
          floor: r[`${largest} warm`] === "—" ? "" : `warm: ${r[`${largest} warm`]}`,
          target: `CPU per 10×: cold ${r["growth, cold"]}; warm ${r["growth, warm"]}`,
        }),
      );
    },
  },
  {
    name: "sql-offline",
    script: "sql-offline.mjs",
    args: ["--sizes", "1000,10000", "--runs", "3"],
    quick: ["--sizes", "100", "--runs", "1"],
    parse(out) {
      const [table] = markdownTables(out);
      return must(table, "table").rows.map((r) =>
        row(`${r.run}, ${r.revisions} revisions, cold`, {
          athanor: r.cold,
          floor: `warm: ${r.warm}`,
          target: `≤ Alembic ${r["Alembic (issue 21, quiet)"]}, cold`,
          rss: r["peak RSS cold / warm"],
        }),
      );
    },
  },
  {
    name: "apply-floor",
    script: "apply-floor.mjs",
    args: ["--revisions", "1000"],
    quick: ["--revisions", "50"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      const count = /^([\d,]+) revisions/m.exec(out)?.[1] ?? "?";
      return must(table, "table").rows.map((r) =>
        row(`${r.run} (${count} revisions)`, {
          athanor: `${r["athanor wall"]} (CPU ${r["athanor CPU"]})`,
          floor: `client, tx per revision: ${r["floor wall"]}`,
          ratio: r["vs floor"],
          target: "≤ 1.2× floor, cold",
          rss: mb(rss.cliServer),
        }),
      );
    },
  },
  {
    name: "backfill-postgres",
    script: "backfill-postgres.mjs",
    args: ["--rows", "1000000", "--batch", "10000"],
    quick: ["--rows", "100000", "--batch", "10000"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      const rows = must(table, "table").rows;
      const single = must(
        rows.find((r) => r.method.startsWith("single")),
        "single UPDATE row",
      );
      const batched = must(
        rows.find((r) => r.method.startsWith("op.backfill")),
        "op.backfill row",
      );
      const count = /^([\d,]+) rows/m.exec(out)?.[1] ?? "?";
      return [
        row(`backfill ${count} rows (PostgreSQL, batches of 10,000)`, {
          athanor: `${batched.total} (${batched["rows/s"]} rows/s, longest lock ${batched["longest lock hold"]})`,
          floor: `one UPDATE: ${single.total} (${single["rows/s"]} rows/s)`,
          ratio: ratio(seconds(batched.total), seconds(single.total)),
          target: "≥ 50% of one UPDATE's rows/s, lock ≤ 200 ms",
          rss: mb(rss.bench),
        }),
      ];
    },
  },
  {
    name: "backfill-replica-lag",
    script: "backfill-replica-lag.mjs",
    // modest by default; ATHANOR_BENCH_REPLICA_FULL=1 gives 1,000,000 rows
    args: [],
    quick: ["--rows", "50000"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      const rows = must(table, "table").rows;
      const off = must(
        rows.find((r) => r.run.startsWith("throttle off")),
        "throttle off row",
      );
      const on = must(
        rows.find((r) => r.run.startsWith("maxReplicaLag")),
        "maxReplicaLag row",
      );
      const count = /^([\d,]+) rows/m.exec(out)?.[1] ?? "?";
      return [
        row(`backfill ${count} rows with a lagging standby, ${on.run}`, {
          athanor: `${on.total} (${on["rows/s"]} rows/s), highest lag ${on["highest lag (sampled)"]}, paused ${on.paused}`,
          floor: `throttle off: ${off.total} (${off["rows/s"]} rows/s), highest lag ${off["highest lag (sampled)"]}`,
          ratio: ratio(seconds(on.total), seconds(off.total)),
          target: "lag held near the limit",
          rss: mb(rss.bench),
        }),
      ];
    },
  },
  ...["postgres", "mariadb"].map((engine) => ({
    name: `fleet-${engine}`,
    script: "fleet.mjs",
    // the default size is modest; ATHANOR_BENCH_FLEET_FULL=1 gives 500 schemas / 100 databases
    args: ["--engine", engine],
    quick: ["--engine", engine, "--tenants", "8", "--revisions", "5"],
    parse(out) {
      const [table] = markdownTables(out);
      const rows = must(table, "table").rows;
      const find = (prefix) =>
        must(
          rows.find((r) => r.measurement.startsWith(prefix)),
          `${prefix} row`,
        );
      const fleet = find("upgrade --fleet");
      const loop = find("shell loop");
      const floor = find("same SQL");
      const noop = find("no-op");
      const size = /^(\d+ \w+ \w+) × (\d+) revisions/m.exec(out);
      const what = size ? `${size[1]} × ${size[2]} revisions` : engine;
      return [
        row(`fleet upgrade, ${what}`, {
          athanor: `${fleet.wall} (CPU ${fleet["CPU (athanor process)"]})`,
          floor: `loop of upgrade: ${loop.wall}; ${engine === "postgres" ? "psql" : "mariadb"}: ${floor.wall}`,
          ratio: `${ratio(seconds(fleet.wall), seconds(loop.wall))} loop, ${ratio(seconds(fleet.wall), seconds(floor.wall))} floor`,
          target: "≤ 0.5× loop, ≤ 1.5× floor, < 300 MB",
          rss: fleet["peak RSS"],
        }),
        row(`fleet no-op at head, ${what}`, {
          athanor: `${noop.wall} (CPU ${noop["CPU (athanor process)"]})`,
          target: "< 2 s",
          rss: noop["peak RSS"],
        }),
      ];
    },
  })),
  {
    name: "check-sqlite",
    script: "check-sqlite.mjs",
    args: ["--tables", "1000", "--runs", "3"],
    quick: ["--tables", "100", "--runs", "1"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      const work = must(table, "table").rows.find((r) => r.phase.includes("check's work"));
      const cli = /whole CLI process: (\d+) ms at (\d+) tables, (\d+) ms at one table/.exec(out);
      // where NODE_EXTRA_CA_CERTS is set, the same runs with it unset (a user's usual environment)
      const noCa =
        /with it unset \(a user's usual environment\), same runs: whole CLI (\d+) ms at \d+ tables, (\d+) ms at one table/.exec(
          out,
        );
      const unset = (i) => (noCa === null ? "" : ` (${noCa[i]} ms with NODE_EXTRA_CA_CERTS unset)`);
      return [
        row(`SQLite: check at ${cli?.[2] ?? "?"} tables (CPU)`, {
          athanor: `${must(work, "check's work row").CPU.replaceAll("*", "")} of work; whole CLI ${cli?.[1]} ms${unset(1)}`,
          floor: `one-table CLI run: ${cli?.[3]} ms${unset(2)}`,
          target: "< 0.5 s",
          rss: mb(rss.bench),
        }),
      ];
    },
  },
  {
    name: "rebuild-sqlite",
    script: "rebuild-sqlite.mjs",
    args: ["--rows", "1000000", "--runs", "3"],
    quick: ["--rows", "20000", "--runs", "1"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      const cpu = (start) => cpuOfRow(must(table, "table").rows, "run", start);
      const [shell, runner, whole] = [cpu("hand-written"), cpu("athanor upgrade()"), cpu("athanor's whole")];
      const rowsMoved = /rebuild of ([\d,]+) rows/.exec(out)?.[1] ?? "?";
      return [
        row(`SQLite: rebuild of ${rowsMoved} rows (CPU)`, {
          athanor: `${fmt(runner)} (upgrade()); whole process ${fmt(whole)}`,
          floor: `sqlite3 shell move-and-copy: ${fmt(shell)}`,
          ratio: ratio(runner, shell),
          target: "≤ 1.2× floor",
          rss: mb(rss.bench),
        }),
      ];
    },
  },
  {
    // issue 19: a revision changing two tables rebuilds each once (DifferHooks.tableAtATime)
    name: "rebuild-grouped-sqlite",
    script: "rebuild-grouped-sqlite.mjs",
    args: ["--members", "200000", "--runs", "3"],
    quick: ["--members", "20000", "--runs", "1"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      const cpu = (start) => cpuOfRow(must(table, "table").rows, "order", start);
      const [bucket, grouped] = [cpu("bucket order"), cpu("each table's")];
      const members = /over ([\d,]+) team_members/.exec(out)?.[1] ?? "?";
      return [
        row(`SQLite: two-table revision over ${members} rows, one rebuild per table (CPU)`, {
          athanor: fmt(grouped),
          floor: `the same operations in bucket order (two rebuilds): ${fmt(bucket)}`,
          ratio: ratio(grouped, bucket),
          target: "< 1× the bucket order",
          rss: mb(rss.bench),
        }),
      ];
    },
  },
  {
    // issue 21: check ≤ 1 s cold at 1,000 tables (PostgreSQL, MariaDB), --against migrations ≤ 2 s
    name: "check-cli",
    script: "check-cli.mjs",
    args: ["--tables", "1000", "--revisions", "1000", "--runs", "3"],
    quick: ["--tables", "50", "--revisions", "50", "--runs", "1"],
    parse(out) {
      const [table] = markdownTables(out);
      return must(table, "table").rows.map((r) =>
        row(`${r.measurement.replaceAll("`", "")}: cold (warm), wall (CPU)`, {
          athanor: `${r.cold} (warm ${r.warm})`,
          target: r.measurement.includes("--against") ? "≤ 2 s" : "≤ 1 s cold",
          rss: r["peak RSS"],
        }),
      );
    },
  },
  {
    name: "apply-sqlite",
    script: "apply-sqlite.mjs",
    args: ["--revisions", "1000", "--rows", "1000000", "--runs", "3"],
    quick: ["--revisions", "50", "--rows", "20000", "--runs", "1"],
    parse(out, rss) {
      const [table] = markdownTables(out);
      return must(table, "table").rows.map((r) => {
        const a = Number(r["athanor (s)"]) * 1000;
        const f = Number(r["sqlite3 shell (s)"]) * 1000;
        const d = r["drizzle-kit migrate (s)"];
        const cpu = r["CPU athanor / shell / drizzle-kit (s)"];
        return row(`SQLite: ${r.run}`, {
          athanor: `${fmt(a)}${cpu === undefined ? "" : ` (CPU athanor / shell / drizzle-kit: ${cpu} s)`}`,
          floor: `sqlite3 shell: ${fmt(f)}${d === "–" ? "" : `; drizzle-kit migrate: ${/^[\d.]+$/.test(d) ? fmt(Number(d) * 1000) : d}`}`,
          ratio: ratio(a, f),
          // the replay rows split athanor's time (statements vs runner, Node vs the shell); no target of their own
          target: r.run.includes("no runner")
            ? "– (athanor's statements alone)"
            : r.run.includes("no athanor")
              ? "– (the shell's statements from Node)"
              : "≤ 1.2× floor",
          rss: mb(rss.bench),
        });
      });
    },
  },
  {
    // needs `bash bench/peers-setup.sh` once (as root); without it the row reads "failed (exit 2)"
    name: "peers",
    script: "peers.mjs",
    args: ["--revisions", "1000", "--big", "10000", "--runs", "3"],
    quick: ["--revisions", "20", "--big", "50", "--runs", "1"],
    parse(out) {
      const [table] = markdownTables(out);
      const byCase = new Map();
      for (const r of must(table, "table").rows) {
        if (!byCase.has(r.case)) byCase.set(r.case, []);
        byCase.get(r.case).push(r);
      }
      return [...byCase].map(([kase, rs]) => {
        const cold = rs.find((r) => r.tool === "athanor, cold");
        const warm = rs.find((r) => r.tool === "athanor, warm");
        const floor = rs.find((r) => r.tool.startsWith("floor"));
        const peers = rs.filter((r) => !r.tool.startsWith("athanor") && !r.tool.startsWith("floor"));
        return row(`peers: ${kase} (wall, cold / warm)`, {
          athanor: `${cold?.wall ?? "—"} / ${warm?.wall ?? "—"}`,
          floor: [
            floor && `${floor.tool.replace("floor: ", "")} ${floor.wall}`,
            ...peers.map((p) => `${p.tool} ${p.wall}`),
          ]
            .filter(Boolean)
            .join("; "),
          ratio: cold?.["wall vs floor"] ?? "—",
          target: cold?.["fastest?"] ?? "",
          rss: cold?.["peak RSS"] ?? "",
        });
      });
    },
  },
];
