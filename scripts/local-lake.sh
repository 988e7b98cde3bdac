#!/usr/bin/env bash
# The local lake (local/README.md): installs what it needs (idempotently: node_modules, .venv, the
# Pulumi CLI built from its Go module), then deploys the dev stack with the engine into moto server
# on loopback and pushes sample data through every zone. Extra arguments go to local/run.ts
# (--seed, --orders, --impressions, --serve, --quiet-engine, --verbose). With DATALAKE_PULUMI_DIR
# set, that engine folder is used as it is (a private copy prepared elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-node.sh
bash scripts/setup-python.sh
if [ -z "${DATALAKE_PULUMI_DIR:-}" ]; then bash scripts/setup-pulumi.sh; fi
exec npx ts-node -T local/run.ts "$@"
