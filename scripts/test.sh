#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs (idempotently), then runs
# the typecheck, the lint and format checks (ESLint, Prettier, ruff: `npm run lint`), the mocha
# suite (unit, mocks, policy, functions against moto, the real Pulumi engine with the provider
# double, actionlint over the CI workflows) and pytest (ETL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-node.sh
bash scripts/setup-python.sh
# The Pulumi CLI and actionlint are built from Go modules (the CLI's first build takes minutes).
if command -v go > /dev/null; then
  bash scripts/setup-pulumi.sh
  bash scripts/setup-actionlint.sh
else
  echo "== Go not found: the engine and workflow tests (test/engine, test/ci) will be skipped"
fi
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
