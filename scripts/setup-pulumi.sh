#!/usr/bin/env bash
# The real Pulumi engine for the tests and `automation/ --local`, all under .pulumi/ (git-ignored):
#   .pulumi/bin/pulumi                          the CLI, built from its Go module (scripts/go/pulumi-cli)
#   .pulumi/bin/pulumi-analyzer-policy-nodejs   runs policy packs (policy/) with the project's node_modules
#   .pulumi/home/plugins/resource-aws-v<ver>/   the AWS provider TEST DOUBLE (harness/aws-double)
#   .pulumi/home/plugins/resource-awsx-v<ver>/  the awsx remote components' double (construct)
#   .pulumi/home/plugins/resource-tls-v<ver>/   the tls provider's double (same code)
# No release binary is downloaded (only the Go module proxy is reachable); the real AWS provider
# cannot be built here, so the plugins installed are doubles: never point PULUMI_HOME at this
# folder to deploy. Idempotent: the Go build runs only when the pinned module or version changed
# (8.5 minutes and ~3 GB of Go caches the first time on 2 shared cores; a no-op run 0.4 s).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
version=3.248.0
dir=$root/.pulumi
bin=$dir/bin
home=$dir/home
module=$root/scripts/go/pulumi-cli

if ! command -v go > /dev/null; then
  echo "setup-pulumi: Go is not installed (https://go.dev/dl/); it is needed to build the Pulumi CLI" >&2
  exit 3
fi
if [ ! -d node_modules/@pulumi/pulumi ]; then
  echo "setup-pulumi: run scripts/setup-node.sh first (the analyzer and the doubles run on node_modules)" >&2
  exit 3
fi

# 1. The CLI, rebuilt only when its pinned module (go.mod/go.sum) or the version changed.
want=$(cat "$module/go.mod" "$module/go.sum" <(echo "$version") | sha256sum | cut -d' ' -f1)
stamp=$bin/.stamp-pulumi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ "$("$bin/pulumi" version 2>/dev/null)" != "v$version" ]; then
  echo "setup-pulumi: building the Pulumi CLI v$version from its Go module (the first time takes minutes)"
  mkdir -p "$bin"
  start=$(date +%s)
  (cd "$module" && go build -buildvcs=false -o "$bin/pulumi.tmp" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv "$bin/pulumi.tmp" "$bin/pulumi"
  echo "$want" > "$stamp"
  echo "setup-pulumi: built $("$bin/pulumi" version) in $(( $(date +%s) - start )) s"
fi

# 2. Launchers (cheap, rewritten every run so they follow the checkout's path).
write_exec() { # path, content: replaced atomically and only when it changed
  if [ "$(cat "$1" 2>/dev/null)" != "$2" ]; then
    mkdir -p "$(dirname "$1")"
    printf '%s\n' "$2" > "$1.tmp" && chmod +x "$1.tmp" && mv "$1.tmp" "$1"
  fi
}

# The Node.js language host (which normally ships this analyzer) is not served by the Go proxy.
write_exec "$bin/pulumi-analyzer-policy-nodejs" "#!/bin/sh
# Policy-pack analyzer for the project-built CLI (written by scripts/setup-pulumi.sh).
exec node \"$root/node_modules/@pulumi/pulumi/cmd/run-policy-pack\" \"\$@\""

plugin() { # package, version: a resource plugin that serves harness/aws-double for that package
  write_exec "$home/plugins/resource-$1-v$2/pulumi-resource-$1" "#!/bin/sh
# TEST DOUBLE of the $1 provider (harness/aws-double), written by scripts/setup-pulumi.sh.
# It answers like the Pulumi mocks and creates nothing anywhere: never deploy with it.
export TS_NODE_PROJECT=\"$root/tsconfig.json\" TS_NODE_TRANSPILE_ONLY=true
# DATALAKE_DOUBLE_ROOT: another checkout's double (a git worktree sharing this one's node_modules).
exec node -r \"$root/node_modules/ts-node/register\" \"\${DATALAKE_DOUBLE_ROOT:-$root}/harness/aws-double/main.ts\" $1 $2 \"\$@\""
}
plugin aws "$(node -p 'require("@pulumi/aws/package.json").version')"
plugin awsx "$(node -p 'require("@pulumi/awsx/package.json").version')"
# tls serves the keys and certificates an optional EMR cluster creates (answered by mock-state too).
if [ -d node_modules/@pulumi/tls ]; then plugin tls "$(node -p 'require("@pulumi/tls/package.json").version')"; fi
