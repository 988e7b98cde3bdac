"""Local paths of the jars in etl/spark-jars.txt, as scripts/fetch-spark-jars.sh caches them (for
the tests' and benchmarks' local SparkSession; Glue brings its own)."""
from __future__ import annotations

import os
from pathlib import Path

LIST = Path(__file__).with_name("spark-jars.txt")


def cache_dir() -> Path:
    base = os.environ.get("DATALAKE_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "datalake"
    return Path(base) / "jars"


def jar_paths() -> list[str]:
    """Every listed jar's cached path; fails naming the setup script when one is missing."""
    paths = []
    for line in LIST.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        _group, artifact, version = line.split()[0].split(":")
        path = cache_dir() / f"{artifact}-{version}.jar"
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: run scripts/fetch-spark-jars.sh (or scripts/setup-python.sh)")
        paths.append(str(path))
    return paths
