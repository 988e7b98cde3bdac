#!/usr/bin/env bash
# Mutation testing (not part of npm test; CPU-heavy, one mutant at a time):
#   Stryker on the pure TypeScript modules, one scope after another (stryker.config.mjs), and
#   mutmut on etl/lakeetl/columns.py (etl/setup.cfg). Scores are printed and the JSON reports
#   land in reports/mutation/ (Stryker) and etl/mutants/ (mutmut).
#   scripts/mutation.sh [scope ...]   scopes: functions names config iam py (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-node.sh
bash scripts/setup-python.sh
scopes=("$@")
[ ${#scopes[@]} -gt 0 ] || scopes=(functions names config iam py)
for scope in "${scopes[@]}"; do
  if [ "$scope" = py ]; then
    echo "== mutmut: etl/lakeetl/columns.py"
    (cd etl && ../.venv/bin/mutmut run --max-children 1 > /dev/null && ../.venv/bin/mutmut export-cicd-stats > /dev/null \
      && ../.venv/bin/python -c 'import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); k = s["killed"] + s["timeout"]; t = k + s["survived"]; print(s); print(f"mutmut score: {100 * k / t:.1f}% ({k} of {t})")')
  else
    echo "== Stryker: $scope"
    MUTATION_SCOPE="$scope" npx stryker run
  fi
done
