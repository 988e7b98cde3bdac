#!/usr/bin/env bash
# Creates the project-local Python venv (.venv) and installs requirements-dev.txt into it.
# Idempotent: reinstalls only when requirements-dev.txt changes.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.stamp-requirements
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/pip install --disable-pip-version-check -q -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
# Jars local Spark needs (the Iceberg runtime), cached outside the repo.
bash scripts/fetch-spark-jars.sh
