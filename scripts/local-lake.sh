#!/usr/bin/env bash
# The local lake (local/README.md): installs what it needs (idempotently), then provisions the dev
# stack's recorded resource graph into moto server on loopback and pushes sample data through
# every zone. Extra arguments go to local/run.ts (--seed, --orders, --impressions, --verbose).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-node.sh
bash scripts/setup-python.sh
exec npx ts-node -T local/run.ts "$@"
