#!/usr/bin/env bash
# Fetches the jars listed in etl/spark-jars.txt from Maven Central into the cache
# (${DATALAKE_CACHE:-~/.cache/datalake}/jars/<artifact>-<version>.jar), checking each against the
# SHA-256 pinned there and Maven Central's .sha1. Idempotent: a cached jar with the pinned hash is
# kept. No Maven needed (curl only).
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${DATALAKE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/datalake}/jars"
central=${MAVEN_CENTRAL:-https://repo1.maven.org/maven2}
mkdir -p "$cache"
grep -v '^\s*\(#\|$\)' etl/spark-jars.txt | while read -r coords sha256; do
  IFS=: read -r group artifact version <<< "$coords"
  jar="$cache/$artifact-$version.jar"
  if [ -f "$jar" ] && [ "$(sha256sum "$jar" | cut -d' ' -f1)" = "$sha256" ]; then
    continue
  fi
  url="$central/${group//.//}/$artifact/$version/$artifact-$version.jar"
  echo "== fetching $coords"
  curl -fsSL --retry 3 -o "$jar.part" "$url"
  sha1=$(curl -fsSL --retry 3 "$url.sha1" | cut -c1-40)
  if [ "$(sha1sum "$jar.part" | cut -d' ' -f1)" != "$sha1" ] || [ "$(sha256sum "$jar.part" | cut -d' ' -f1)" != "$sha256" ]; then
    rm -f "$jar.part"
    echo "checksum mismatch for $coords (expected sha256 $sha256, Maven Central sha1 $sha1)" >&2
    exit 1
  fi
  mv "$jar.part" "$jar"
done
