"""The big-object path (lakeetl.convert_object, etl/jobs/convert_object.py) against the drop -> raw
function it stands in for: the same raw output for the same file (rows, column names, types,
lineage metadata, keys), computed by the function's own TypeScript (convertFile, promotedKey,
lineageMetadata) through test/functions/support-drop/function-side.ts; and the job's S3 side
against moto (raw key with metadata, quarantine with a reason, tags)."""
import datetime as dt
import gzip
import json
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lakeetl.convert_object import SNIFF_BYTES, LocalStaging, convert_file, run, sniff
from lakeetl.objects import (
    PROCESSED_TAG_KEY,
    BadInput,
    ObjectVersion,
    lineage_metadata,
    promoted_key,
    quarantine_key,
)

REPO = Path(__file__).resolve().parents[2]

EDGE_CSV = (
    "OrderID,Prix €,createdAt,ship date,is_gift,qty,amount,big_id,note,zip,\n"
    '1,12.50,2024-01-02 03:04:05,2024-01-05,true,3,0.5,123456789012345678901234,"hello, ""world""",01234,a\n'
    '2,7,2024-02-03 04:05:06,2024-02-06,false,,12345.678,1,"multi\nline",99999,\n'
    "3,-0.25,2024-03-04 05:06:07,,TRUE,-4,-1,42,São Paulo,00001,c\n"
)
EDGE_NDJSON = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
    {"OrderID": 1, "price": 12.5, "at": "2024-01-02 03:04:05", "day": "2024-01-05", "gift": True, "name": "São", "code": "007"},
    {"OrderID": 2, "price": 7, "at": "2024-02-03 04:05:06", "day": None, "gift": False, "name": "x", "code": "1",
     "late": 1.25},
    {"OrderID": 3, "price": 12345678901.123, "at": None, "day": "2024-03-04", "gift": None, "name": None, "code": None},
])


def function_side(request: dict) -> dict:
    """test/functions/support-drop/function-side.ts: the function's own code, one node process."""
    out = subprocess.run(
        ["node", "-r", "ts-node/register/transpile-only", "test/functions/support-drop/function-side.ts"],
        input=json.dumps(request), capture_output=True, text=True, cwd=REPO, check=True, timeout=300,
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Edge-case CSV and NDJSON, and 1 MiB of the benchmark's orders in both formats; each also gzipped."""
    d = tmp_path_factory.mktemp("inputs")
    (d / "edge.csv").write_text(EDGE_CSV, encoding="utf-8")
    (d / "edge.ndjson").write_text(EDGE_NDJSON, encoding="utf-8")
    for fmt in ("csv", "ndjson"):
        subprocess.run(["node", "bench/processor.data.mjs", str(d / f"orders.{fmt}"), "1"], cwd=REPO, check=True,
                       capture_output=True, timeout=120)
    for f in list(d.iterdir()):
        (d / f"{f.name}.gz").write_bytes(gzip.compress(f.read_bytes()))
    return d


def table(path):
    files = [path] if Path(path).is_file() else sorted(Path(path).glob("*.parquet"))
    assert len(files) == 1, files
    return pq.read_table(files[0])


@pytest.fixture(scope="module")
def both(spark, inputs, tmp_path_factory):
    """Each input converted by the function and by the Spark path: name -> (function, spark, function report)."""
    out = tmp_path_factory.mktemp("out")
    names = sorted(f.name for f in inputs.iterdir())
    answer = function_side({"convert": [
        {"input": str(inputs / n), "key": f"orders/{n}", "output": str(out / f"{n}.function.parquet")} for n in names
    ]})
    results = {}
    for n, report in zip(names, answer["converted"]):
        assert "error" not in report, (n, report)
        head = (inputs / n).read_bytes()[:SNIFF_BYTES]
        converted = convert_file(spark, str(inputs / n), f"orders/{n}", head, str(out / f"{n}.spark"))
        assert converted.rows == report["rows"], n
        assert (converted.format, converted.encoding, converted.compressed) == \
            (report["format"], report["encoding"], report["compressed"]), n
        results[n] = (table(out / f"{n}.function.parquet"), table(out / f"{n}.spark"))
    return results


#: Where the Spark path's types differ from the function's, and why (etl/README.md).
KNOWN_TYPE_DIFFERENCES: dict = {}


@pytest.mark.parametrize("name", ["edge.csv", "edge.csv.gz", "edge.ndjson", "edge.ndjson.gz", "orders.csv", "orders.csv.gz",
                                  "orders.ndjson", "orders.ndjson.gz"])
def test_same_raw_output_as_the_function(both, name):
    function, spark_out = both[name]
    assert spark_out.column_names == function.column_names
    base = name.removesuffix(".gz")
    differ = {c for (f, c) in KNOWN_TYPE_DIFFERENCES if f == base}
    for field in function.schema:
        got = str(spark_out.schema.field(field.name).type)
        if field.name in differ:
            assert (str(field.type), got) == KNOWN_TYPE_DIFFERENCES[(base, field.name)], field.name
        else:
            assert got == str(field.type), field.name
    same = [c for c in function.column_names if c not in differ]
    assert spark_out.select(same).to_pylist() == function.select(same).to_pylist()


def test_keys_and_lineage_match_the_function():
    cases = [("orders/2026/big.csv.gz", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "2026-12-07T23:59:59.000Z"),
             ("streams/clicks/2026/12/07/part-1.ndjson", "", "2026-01-01T00:00:00.000Z"),
             ("top-level file (1).CSV", '"abc-123"', "2026-06-30T12:00:00.000Z"),
             ("sales/ä ö/x.parquet", "v" * 100, "2026-02-28T01:02:03.000Z")]
    lineage = [{"source": {"bucket": "drop", "key": k, "etag": "e", "versionId": v or None}, "rowCount": 7,
                "sourceEncoding": "windows-1252" if i % 2 else None} for i, (k, v, _) in enumerate(cases)]
    answer = function_side({"keys": [{"key": k, "version": v, "time": t} for k, v, t in cases],
                            "lineage": [{k: v for k, v in entry.items() if v is not None} for entry in lineage]})
    for (key, version, time), expected in zip(cases, answer["keys"]):
        at = dt.datetime.fromisoformat(time.replace("Z", "+00:00"))
        assert promoted_key(key, version, at) == expected["promoted"]
        assert quarantine_key(key, version, at) == expected["quarantine"]
    for entry, expected in zip(lineage, answer["lineage"]):
        src = entry["source"]
        version = ObjectVersion(src["bucket"], src["key"], dt.datetime.now(dt.timezone.utc), src["versionId"], src["etag"])
        assert lineage_metadata(version, entry["rowCount"], entry["sourceEncoding"]) == expected


@pytest.mark.parametrize("key,head,reason", [
    ("a/x.csv.gz", b"id\n1\n", "corrupt-gzip"),
    ("a/x.parquet", b"id\n1\n", "malformed-parquet"),
    ("a/x.csv", b"", "empty"),
    ("a/x.csv", b"id\x00\n", "binary"),
    ("a/x.xlsx", b"PK", "unsupported-format"),
    ("a/x.json", b"id,name\n", "malformed-json"),
])
def test_sniff_rejects_what_the_function_rejects(key, head, reason):
    with pytest.raises(BadInput) as err:
        sniff(key, head)
    assert err.value.reason == reason


def test_sniff_reads_the_delimiter_encoding_and_gzip():
    assert sniff("a/x.txt", b"a;b;c\n1;2;3\n").delimiter == ";"
    assert sniff("a/x", b"a\tb\n1\t2\n").format == "tsv"
    assert sniff("a/x.csv", "caf\u00e9,b\n".encode("cp1252")).encoding == "windows-1252"
    src = sniff("a/x.json.gz", gzip.compress(b'[{"a": 1}]'))
    assert (src.format, src.compressed, src.json_array) == ("json", True, True)


RAW_KEY = "arn:aws:kms:eu-west-1:123456789012:key/raw"
DROP_KEY = "arn:aws:kms:eu-west-1:123456789012:key/drop"


def put(s3, tmp_path, key, body: bytes, tags="owner=team"):
    """Drops `body` under `key`; returns its version and a local copy for Spark to read."""
    out = s3.put_object(Bucket="drop", Key=key, Body=body, Tagging=tags)
    local = tmp_path / key.replace("/", "_")
    local.write_bytes(body)
    at = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.timezone.utc)
    return ObjectVersion("drop", key, at, out["VersionId"], out["ETag"].strip('"'), len(body)), str(local)


def job(spark, s3, version, local, tmp_path):
    return run(spark, s3, version, read_uri=local, staging=LocalStaging(str(tmp_path / "staging")), target_bucket="raw",
               target_kms_key_arn=RAW_KEY, source_kms_key_arn=DROP_KEY)


def tags(s3, version):
    return {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket="drop", Key=version.key,
                                                                VersionId=version.version_id)["TagSet"]}


def test_run_writes_the_raw_key_with_lineage_and_tags_the_source_promoted(spark, s3, tmp_path):
    version, local = put(s3, tmp_path, "orders/2026/big.csv.gz", gzip.compress(EDGE_CSV.encode()))
    outcome = job(spark, s3, version, local, tmp_path)
    key = promoted_key(version.key, version.version_id, version.event_time)
    assert outcome == {"outcome": "promoted", "key": key, "rows": 3, "format": "csv"}
    head = s3.head_object(Bucket="raw", Key=key)
    assert head["Metadata"] == lineage_metadata(version, 3, "utf-8")
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == RAW_KEY
    assert head["ContentType"] == "application/vnd.apache.parquet"
    assert tags(s3, version) == {"owner": "team", PROCESSED_TAG_KEY: "promoted"}


@pytest.mark.parametrize("body,reason", [
    (b"id,name\n", "empty"),
    (b"id,name\n1,a\n2,b,c\n", "malformed-csv"),
])
def test_run_quarantines_bad_input_with_its_reason(spark, s3, tmp_path, body, reason):
    version, local = put(s3, tmp_path, "orders/2026/bad.csv", body)
    outcome = job(spark, s3, version, local, tmp_path)
    assert (outcome["outcome"], outcome["reason"]) == ("quarantined", reason)
    key = quarantine_key(version.key, version.version_id, version.event_time)
    assert s3.get_object(Bucket="drop", Key=key)["Body"].read() == body
    assert s3.get_object_tagging(Bucket="drop", Key=key)["TagSet"] == []
    report = json.loads(s3.get_object(Bucket="drop", Key=key + ".error.json")["Body"].read())
    assert report["reason"] == reason and report["source"]["versionId"] == version.version_id
    assert report["dataset"] == "orders" and report["quarantineKey"] == key
    assert tags(s3, version)[PROCESSED_TAG_KEY] == "quarantined"
    assert s3.list_objects_v2(Bucket="raw").get("KeyCount") == 0


def test_run_leaves_a_replaced_version_alone(spark, s3, tmp_path):
    from lakeetl.convert_object import ChangedError

    version, local = put(s3, tmp_path, "orders/2026/again.csv", EDGE_CSV.encode())
    s3.put_object(Bucket="drop", Key=version.key, Body=b"id\n1\n")
    with pytest.raises(ChangedError):
        job(spark, s3, version, local, tmp_path)
    assert s3.list_objects_v2(Bucket="raw").get("KeyCount") == 0
