"""api_ingest: pure parts directly; HTTP against a loopback server; S3 (and Secrets Manager) with moto."""
import ast
import datetime as dt
import importlib.util
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

SCRIPT = Path(__file__).resolve().parents[1] / "jobs" / "api_ingest.py"
spec = importlib.util.spec_from_file_location("api_ingest", SCRIPT)
api_ingest = importlib.util.module_from_spec(spec)
sys.modules["api_ingest"] = api_ingest  # dataclasses resolve their module by name
spec.loader.exec_module(api_ingest)

NOW = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.timezone.utc)
REPO_JSON = {"stargazers_count": 42, "forks_count": 7, "open_issues_count": 3, "subscribers_count": 5,
             "size": 1234, "language": "Python", "default_branch": "main", "archived": False,
             "pushed_at": "2026-11-20T12:00:00Z"}


class Api(BaseHTTPRequestHandler):
    """Scripted responses per path: a list of (status, headers, body) consumed one per request,
    the last one repeating."""

    script = {}
    seen = []

    def do_GET(self):
        Api.seen.append((self.path, self.headers.get("Authorization")))
        steps = Api.script.get(self.path, [(404, {}, b'{"message":"Not Found"}')])
        status, headers, body = steps.pop(0) if len(steps) > 1 else steps[0]
        if status == "hang":
            time.sleep(headers)  # longer than the client's timeout
            return
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ok = json.dumps(REPO_JSON).encode()
    Api.seen = []
    Api.script = {
        "/repos/ok/one": [(200, {}, ok)],
        "/repos/flaky/two": [(503, {}, b"busy"), (502, {}, b"bad gw"), (200, {}, ok)],
        "/repos/limited/three": [(429, {"Retry-After": "2"}, b"slow down"), (200, {}, ok)],
        "/repos/down/five": [(500, {}, b"boom")],
        "/repos/slow/six": [("hang", 0.6, b""), (200, {}, ok)],
        "/repos/garbled/seven": [(200, {}, b"<html>")],
    }
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def aws(monkeypatch):
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    with mock_aws():
        session = boto3.session.Session(region_name="us-east-1")
        session.client("s3").create_bucket(Bucket="drop")
        key_id = session.client("kms").create_key()["KeyMetadata"]["KeyId"]
        yield session, key_id


def args(api_url, key_id, repos, *extra):
    return ["--JOB_ID", "j_1", "--repos", repos, "--bucket", "drop", "--kms_key_id", key_id,
            "--api_url", api_url, "--JOB_RUN_ID", "jr_abc", "--timeout", "0.3", *extra]


def test_retry_policy_full_jitter_capped_and_retry_after():
    p = api_ingest.RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=5.0)
    assert [p.delay(n, rand=lambda: 1.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    assert p.delay(3, rand=lambda: 0.25) == 1.0
    assert p.delay(1, retry_after=3.0) == 3.0
    assert p.delay(1, retry_after=3600.0) == 5.0
    with pytest.raises(ValueError):
        api_ingest.RetryPolicy(max_attempts=0)


def test_record_shape_key_and_ndjson():
    rec = api_ingest.shape_record("ok/one", REPO_JSON, NOW)
    assert rec == {"repo": "ok/one", "fetched_at": "2026-11-23T06:30:00Z", "stars": 42, "forks": 7,
                   "open_issues": 3, "watchers": 5, "size_kb": 1234, "language": "Python",
                   "default_branch": "main", "archived": False, "pushed_at": "2026-11-20T12:00:00Z"}
    assert api_ingest.shape_record("a/b", {}, NOW)["stars"] == 0
    body = api_ingest.to_ndjson([rec, rec])
    assert body.count(b"\n") == 2 and json.loads(body.splitlines()[1]) == rec
    assert api_ingest.object_key("github_stats", NOW.date(), "jr_1/x") == \
        "github_stats/ingest_date=2026-11-23/jr_1_x.ndjson"
    with pytest.raises(ValueError, match="owner/name"):
        api_ingest.parse_repos("ok/one,justname")


def test_all_succeed_after_transient_errors(api, aws):
    session, key_id = aws
    delays = []
    summary = api_ingest.run(args(api, key_id, "ok/one,flaky/two,limited/three,slow/six"),
                             session=session, now=NOW, sleep=delays.append)
    assert summary.failed == {}
    assert summary.written == 4
    assert summary.key == "github_stats/ingest_date=2026-11-23/jr_abc.ndjson"
    # flaky: two backoffs; limited: the server's Retry-After; slow: one timeout then success.
    assert len(delays) == 4 and 2.0 in delays
    obj = session.client("s3").get_object(Bucket="drop", Key=summary.key)
    assert obj["ServerSideEncryption"] == "aws:kms"
    assert key_id in obj["SSEKMSKeyId"]
    lines = [json.loads(x) for x in obj["Body"].read().splitlines()]
    assert [r["repo"] for r in lines] == ["ok/one", "flaky/two", "limited/three", "slow/six"]
    assert all(r["stars"] == 42 for r in lines)


def test_failures_are_reported_and_successes_still_written(api, aws, capsys, monkeypatch):
    session, key_id = aws
    argv = args(api, key_id, "ok/one,gone/four,down/five,garbled/seven", "--max_attempts", "3",
                "--base_delay", "0")
    summary = api_ingest.run(argv, session=session, now=NOW, sleep=lambda s: None)
    assert summary.written == 1
    assert summary.failed["gone/four"] == "HTTP 404 Not Found"
    assert summary.failed["down/five"] == "HTTP 500 Internal Server Error (gave up after 3 attempts)"
    assert summary.failed["garbled/seven"].startswith("response is not JSON")
    assert [p for p, _ in Api.seen].count("/repos/down/five") == 3
    assert [p for p, _ in Api.seen].count("/repos/gone/four") == 1  # permanent: not retried

    # main(): the same run exits non-zero with a JSON summary on stdout.
    monkeypatch.setattr(boto3.session, "Session", lambda: session)
    assert api_ingest.main(argv) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["written"] == 1 and sorted(out["failed"]) == ["down/five", "garbled/seven", "gone/four"]


def test_nothing_written_when_everything_fails(api, aws):
    session, key_id = aws
    summary = api_ingest.run(args(api, key_id, "gone/four"), session=session, now=NOW, sleep=lambda s: None)
    assert summary.written == 0 and summary.key is None
    assert session.client("s3").list_objects_v2(Bucket="drop").get("KeyCount") == 0


def test_token_from_secrets_manager_is_sent(api, aws):
    session, key_id = aws
    session.client("secretsmanager").create_secret(Name="gh-token", SecretString="tok123\n")
    api_ingest.run(args(api, key_id, "ok/one", "--token_secret_id", "gh-token"), session=session,
                   now=NOW, sleep=lambda s: None)
    assert Api.seen == [("/repos/ok/one", "Bearer tok123")]


def test_script_is_python_39_and_stdlib_plus_boto3():
    tree = ast.parse(SCRIPT.read_text(), feature_version=(3, 9))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) == {"boto3"}
