#!/usr/bin/env bash
# Installs node_modules from package-lock.json. Idempotent: skips when the lock file is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.stamp-lock
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
