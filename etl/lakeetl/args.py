"""Job-argument helpers shared by the Glue entry scripts (pure: no awsglue).

Glue passes arguments as `--name value` pairs in sys.argv; awsglue's getResolvedOptions fails on
names that are absent, so optional ones are looked up here first.
"""
from __future__ import annotations

import json


def present_options(argv: list[str], names: list[str]) -> list[str]:
    """The subset of `names` passed as `--name` in argv (in the order of `names`)."""
    passed = {a[2:].split("=", 1)[0] for a in argv if a.startswith("--")}
    return [n for n in names if n in passed]


def parse_views(value: str, known: list[str]) -> list[str]:
    """`--views a,b` -> ["a", "b"], each one a known view."""
    views = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in views if v not in known]
    if not views or unknown:
        raise ValueError(f"--views must list views from {sorted(known)}, got {value!r}")
    return views


def parse_table_map(value: str | None) -> dict[str, str]:
    """`--table_map {"telemetry": "device_telemetry"}`: input name -> raw table overrides."""
    if not value:
        return {}
    mapping = json.loads(value)
    if not isinstance(mapping, dict) or not all(isinstance(v, str) and v for v in mapping.values()):
        raise ValueError(f"--table_map must be a JSON object of input -> raw table name, got {value!r}")
    return mapping


def parse_job_args(argv: list[str], required: list[str], optional: list[str]) -> dict[str, str]:
    """Glue-style `--name value` pairs for the scripts without awsglue (curate_tables.py): the
    named ones, an empty value kept as ""; others (Glue's own --JOB_ID, --TempDir, ...) ignored."""
    wanted, args = set(required) | set(optional), {}
    for i, token in enumerate(argv):
        name = token[2:].split("=", 1)[0] if token.startswith("--") else None
        if name in wanted:
            if "=" in token:
                args[name] = token.split("=", 1)[1]
            else:
                following = argv[i + 1] if i + 1 < len(argv) else None
                args[name] = "" if following is None or following.startswith("--") else following
    missing = [n for n in required if n not in args]
    if missing:
        raise ValueError(f"missing job arguments: {', '.join('--' + n for n in missing)}")
    return args
