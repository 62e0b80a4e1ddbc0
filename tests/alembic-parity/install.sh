#!/usr/bin/env bash
# Installs Alembic 1.8 (Debian's python3-alembic) for tests/alembic-parity/record.py.
# Only needed to re-record the fixtures; CI replays the stored JSON without Python.
set -euo pipefail
# Debian's module lives in /usr/bin/python3's dist-packages (not a python3 from /usr/local).
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import alembic' 2>/dev/null; then
  exit 0
fi
apt-get update
apt-get install -y --no-install-recommends python3-alembic
