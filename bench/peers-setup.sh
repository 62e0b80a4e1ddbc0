#!/usr/bin/env bash
# Installs the peer tools bench/peers.mjs compares athanor with, outside the workspace's lockfile
# (they are measured, never imported by athanor or its tests):
#   - Alembic 1.8 with psycopg2 and PyMySQL, from Debian (/usr/bin/python3's dist-packages);
#   - node-pg-migrate 9 and pg 8, pinned, into bench/.out/peers (npm, no lockfile of ours touched).
# drizzle-kit is already a workspace dev dependency (packages/drizzle).
# Idempotent: does nothing when everything is there. Needs root for apt (CI never runs benches).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! /usr/bin/python3 -c 'import alembic, psycopg2, pymysql' 2>/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "peers-setup: Alembic, psycopg2 or PyMySQL is missing and this is not root; run as root:" >&2
    echo "  apt-get install -y --no-install-recommends python3-alembic python3-psycopg2 python3-pymysql" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3-alembic python3-psycopg2 python3-pymysql
fi
peers="$here/.out/peers"
if [ ! -x "$peers/node_modules/.bin/node-pg-migrate" ]; then
  mkdir -p "$peers"
  [ -f "$peers/package.json" ] || echo '{"private":true,"type":"commonjs"}' > "$peers/package.json"
  npm install --prefix "$peers" --no-audit --no-fund --save-exact node-pg-migrate@9.0.0 pg@8.16.3 >&2
fi
