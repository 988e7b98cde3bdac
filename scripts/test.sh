#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs (idempotently), then runs
# the typecheck, the lint and format checks (ESLint, Prettier, ruff: `npm run lint`), the mocha
# suite (unit, mocks, policy, functions against moto) and pytest (ETL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-node.sh
bash scripts/setup-python.sh
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== lint"
npm run --silent lint
echo "== mocha"
npx mocha
if compgen -G "etl/tests/test_*.py" > /dev/null; then
  echo "== pytest"
  .venv/bin/python -m pytest -q etl/tests
fi
