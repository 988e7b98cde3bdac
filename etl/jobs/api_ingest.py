"""Glue Python-shell job: fetch repository stats from an HTTP JSON API (GitHub's by default, as
000_* does) and land them in the drop zone as NDJSON.

Runs on Glue's Python shell (Python 3.9, stdlib + boto3), so this file is self-contained and
keeps to 3.9 syntax. Transient failures (HTTP 429/5xx, timeouts, connection errors) are retried
with exponential backoff and full jitter, honouring Retry-After, up to --max_attempts; whatever
still fails is reported and the job exits non-zero, after writing the records that succeeded.

Arguments (Glue passes them as `--name value`; Glue's own, e.g. --JOB_RUN_ID, are accepted):
  --repos            comma-separated owner/name list (required)
  --bucket           drop zone bucket (required)
  --kms_key_id       drop zone KMS key id or ARN; every object is written SSE-KMS with it (required)
  --dataset          first key segment, default github_stats
  --api_url          API base URL, default https://api.github.com
  --token_secret_id  Secrets Manager secret holding an API token (optional; raises rate limits)
  --max_attempts     attempts per request, default 5
  --base_delay       first backoff ceiling in seconds, default 1
  --max_delay        backoff and Retry-After cap in seconds, default 30
  --timeout          per-request timeout in seconds, default 10
  --s3_endpoint_url  S3 endpoint override (local emulator), default none
Output: s3://<bucket>/<dataset>/ingest_date=YYYY-MM-DD/<run id>.ndjson
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Callable

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "datalake-api-ingest/1"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_delay < 0 or self.max_delay < 0:
            raise ValueError(f"invalid retry policy {self}")

    def delay(self, attempt: int, retry_after: float | None = None,
              rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based): the server's
        Retry-After when given, else full jitter over base * 2^(attempt-1); both capped."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        return rand() * min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


class FetchError(Exception):
    def __init__(self, message: str, attempts: int, transient: bool):
        super().__init__(message)
        self.attempts = attempts
        self.transient = transient


def _retry_after(headers) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def fetch_json(url: str, headers: dict[str, str], policy: RetryPolicy, timeout: float,
               sleep: Callable[[float], None] = time.sleep,
               rand: Callable[[], float] = random.random):
    """GET url and decode JSON, retrying transient failures under `policy`."""
    request = urllib.request.Request(url, headers=headers)
    for attempt in range(1, policy.max_attempts + 1):
        retry_after = None
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
            try:
                return json.loads(body)
            except ValueError as err:
                raise FetchError(f"response is not JSON: {err}", attempt, transient=False) from None
        except urllib.error.HTTPError as err:
            if err.code not in TRANSIENT_STATUSES:
                raise FetchError(f"HTTP {err.code} {err.reason}", attempt, transient=False) from None
            problem = f"HTTP {err.code} {err.reason}"
            retry_after = _retry_after(err.headers)
        except (urllib.error.URLError, socket.timeout, ConnectionError) as err:
            problem = f"{type(err).__name__}: {getattr(err, 'reason', err)}"
        if attempt == policy.max_attempts:
            raise FetchError(f"{problem} (gave up after {attempt} attempts)", attempt, transient=True)
        sleep(policy.delay(attempt, retry_after, rand))
    raise AssertionError("unreachable")


def shape_record(repo: str, payload: dict, fetched_at: dt.datetime) -> dict:
    """One NDJSON record per repository: stable snake_case names, counts as integers."""
    return {
        "repo": repo,
        "fetched_at": fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "stars": int(payload.get("stargazers_count") or 0),
        "forks": int(payload.get("forks_count") or 0),
        "open_issues": int(payload.get("open_issues_count") or 0),
        "watchers": int(payload.get("subscribers_count") or 0),
        "size_kb": int(payload.get("size") or 0),
        "language": payload.get("language"),
        "default_branch": payload.get("default_branch"),
        "archived": bool(payload.get("archived", False)),
        "pushed_at": payload.get("pushed_at"),
    }


def to_ndjson(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, sort_keys=True, separators=(",", ":")) + "\n" for r in records).encode()


def object_key(dataset: str, run_date: dt.date, run_id: str) -> str:
    safe_id = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in run_id) or "run"
    return f"{dataset}/ingest_date={run_date.isoformat()}/{safe_id}.ndjson"


def parse_repos(value: str) -> list[str]:
    repos = [r.strip() for r in value.split(",") if r.strip()]
    bad = [r for r in repos if r.count("/") != 1 or r.startswith("/") or r.endswith("/")]
    if not repos or bad:
        raise ValueError(f"--repos must be a comma-separated list of owner/name, got {value!r}")
    return repos


@dataclass
class Summary:
    key: str | None = None
    written: int = 0
    failed: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"key": self.key, "written": self.written, "failed": self.failed}


def parse_args(argv: list[str]) -> argparse.Namespace:
    # No abbreviations: Glue adds its own --options, which must never match a prefix of ours.
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False)
    p.add_argument("--repos", required=True)
    p.add_argument("--bucket", required=True)
    p.add_argument("--kms_key_id", required=True)
    p.add_argument("--dataset", default="github_stats")
    p.add_argument("--api_url", default="https://api.github.com")
    p.add_argument("--token_secret_id")
    p.add_argument("--max_attempts", type=int, default=5)
    p.add_argument("--base_delay", type=float, default=1.0)
    p.add_argument("--max_delay", type=float, default=30.0)
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--s3_endpoint_url")
    p.add_argument("--JOB_RUN_ID", dest="job_run_id")
    args, _glue_own = p.parse_known_args(argv)
    return args


def run(argv: list[str], session=None, now: dt.datetime | None = None,
        sleep: Callable[[float], None] = time.sleep) -> Summary:
    """Fetch every repo, write the successes, return what happened (raises on bad arguments)."""
    import boto3  # present on Glue Python shell; imported here so the pure parts load without it

    args = parse_args(argv)
    repos = parse_repos(args.repos)
    policy = RetryPolicy(args.max_attempts, args.base_delay, args.max_delay)
    session = session or boto3.session.Session()
    now = now or dt.datetime.now(dt.timezone.utc)
    headers = {"Accept": "application/vnd.github+json", "User-Agent": USER_AGENT}
    if args.token_secret_id:
        secret = session.client("secretsmanager").get_secret_value(SecretId=args.token_secret_id)
        headers["Authorization"] = "Bearer " + secret["SecretString"].strip()

    summary = Summary()
    records = []
    base = args.api_url.rstrip("/")
    for repo in repos:
        url = f"{base}/repos/{urllib.parse.quote(repo, safe='/')}"
        try:
            records.append(shape_record(repo, fetch_json(url, headers, policy, args.timeout, sleep), now))
        except FetchError as err:
            summary.failed[repo] = str(err)
    if records:
        key = object_key(args.dataset, now.date(), args.job_run_id or uuid.uuid4().hex)
        s3 = session.client("s3", endpoint_url=args.s3_endpoint_url)
        s3.put_object(
            Bucket=args.bucket, Key=key, Body=to_ndjson(records), ContentType="application/x-ndjson",
            ServerSideEncryption="aws:kms", SSEKMSKeyId=args.kms_key_id,
        )
        summary.key, summary.written = key, len(records)
    return summary


def main(argv: list[str]) -> int:
    summary = run(argv)
    print(json.dumps(summary.as_dict(), sort_keys=True))
    if summary.failed:
        print(f"{len(summary.failed)} of {len(summary.failed) + summary.written} repositories failed",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
