#!/usr/bin/env bash
# Creates the project-local Python venv (.venv) and installs requirements-dev.txt into it.
# Idempotent: reinstalls only when requirements-dev.txt changes.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
UV_VERSION=0.9.17
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.stamp-requirements
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # uv installs the same pins as pip, in parallel and from its cache: seconds once warm, where pip
  # took minutes to unpack PySpark again (measured in README "Quick start").
  .venv/bin/pip install --disable-pip-version-check -q "uv==$UV_VERSION"
  VIRTUAL_ENV="$PWD/.venv" .venv/bin/uv pip install -q -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
# Jars local Spark needs (the Iceberg runtime), cached outside the repo.
bash scripts/fetch-spark-jars.sh
