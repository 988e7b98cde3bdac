#!/usr/bin/env bash
# actionlint (the GitHub Actions workflow checker the tests run over .github/workflows/), built
# from its pinned Go module (scripts/go/actionlint) into .pulumi/bin. Idempotent: rebuilds only
# when the pinned module changed. Needs Go; nothing outside the project folder and the Go caches.
set -euo pipefail
cd "$(dirname "$0")/.."
module=scripts/go/actionlint
bin=.pulumi/bin
want=$(cat "$module/go.mod" "$module/go.sum" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$bin/.stamp-actionlint" 2>/dev/null)" != "$want" ] || [ ! -x "$bin/actionlint" ]; then
  if ! command -v go > /dev/null; then
    echo "setup-actionlint: Go is not installed (https://go.dev/dl/)" >&2
    exit 3
  fi
  mkdir -p "$bin"
  (cd "$module" && go build -buildvcs=false -o "../../../$bin/actionlint.tmp" github.com/rhysd/actionlint/cmd/actionlint)
  mv "$bin/actionlint.tmp" "$bin/actionlint"
  echo "$want" > "$bin/.stamp-actionlint"
  echo "setup-actionlint: built $("$bin/actionlint" -version | head -1)"
fi
