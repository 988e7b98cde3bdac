"""Data quality (lakeetl.quality) on local Spark: one rule spec, the DQDL the stack deploys and
two evaluators.

- The DQDL lib/quality-dqdl.ts writes (tests/fixtures/quality-dqdl.json, kept equal to it by
  test/lib/quality.test.ts) parses with AWS Glue Data Quality's own DQDL grammar (the dqdl jar), and
  the job labels its checks with exactly those rules.
- The job's Spark evaluator and Deequ (PyDeequ, the library Glue Data Quality is built on, from
  the same spec) agree rule by rule on a corpus of good and bad batches.
- In the curate job: rows failing a row-level rule are quarantined with the rule and not
  committed; a table-level failure stops the dataset (the run fails); scores reach CloudWatch.
"""
import datetime as dt
import json
import re
from pathlib import Path

import boto3
import pytest
from moto import mock_aws
from test_curation import drop, rows

from lakeetl.curation import CurationFailed, Settings, curate_tables
from lakeetl.quality import (
    DIMENSIONS,
    FAILED_RULES,
    METRICS,
    QualityFailed,
    checks,
    evaluate,
    gate,
    metric_data,
    parse_quality_rules,
)
from lakeetl.rules import parse_rules

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "quality-dqdl.json").read_text())
NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc)

SPEC = {
    "completeness": {"order_id": 1, "customer_email": 0.75},
    "uniqueKey": ["order_id"],
    "ranges": {"amount": {"min": 0, "max": 1000}},
    "allowedValues": {"status": ["new", "paid"]},
    "rowCount": {"min": 2, "max": 6},
    "freshness": {"column": "ordered_at", "maxAgeHours": 24},
}
SCHEMA = "order_id string, customer_email string, amount double, status string, ordered_at timestamp"


def good_rows():
    at = dt.datetime(2026, 12, 2, 6, 0)
    return [(f"o{i}", f"c{i}@example.com", 10.0 * i, "new" if i % 2 else "paid", at) for i in range(1, 5)]


def with_row(i, **changes):
    def mutate(data):
        row = dict(zip(["order_id", "customer_email", "amount", "status", "ordered_at"], data[i], strict=True))
        data[i] = tuple({**row, **changes}.values())
        return data
    return mutate


#: Batches and the rules each breaks (by DQDL rule); every other rule passes.
CORPUS = {
    "good": (lambda d: d, set()),
    "null order id": (with_row(0, order_id=None), {'IsComplete "order_id"', 'IsPrimaryKey "order_id"'}),
    "amount below range": (with_row(1, amount=-5.0), {'(ColumnValues "amount" >= 0) OR (ColumnValues "amount" = NULL)'}),
    "amount above range": (with_row(1, amount=1000.5), {'(ColumnValues "amount" <= 1000) OR (ColumnValues "amount" = NULL)'}),
    "null amount passes the range": (with_row(1, amount=None), set()),
    "amounts on the bounds pass": (lambda d: with_row(1, amount=1000.0)(with_row(0, amount=0.0)(d)), set()),
    "status not allowed": (with_row(2, status="lost"), {'ColumnValues "status" in ["new", "paid", NULL]'}),
    "duplicate key": (with_row(3, order_id="o1"), {'IsPrimaryKey "order_id"'}),
    "emails too sparse": (lambda d: with_row(1, customer_email=None)(with_row(0, customer_email=None)(d)),
                          {'Completeness "customer_email" >= 0.75'}),
    "stale order": (with_row(0, ordered_at=dt.datetime(2026, 11, 30)), {'DataFreshness "ordered_at" <= 24 hours'}),
    "null timestamp is not fresh": (with_row(0, ordered_at=None), {'DataFreshness "ordered_at" <= 24 hours'}),
    "too many rows": (lambda d: d + [(f"x{i}", "x@example.com", 1.0, "new", d[0][4]) for i in range(3)], {"RowCount <= 6"}),
    "too few rows": (lambda d: d[:1], {"RowCount >= 2"}),
}


def batch(spark, name):
    mutate, _ = CORPUS[name]
    return spark.createDataFrame(mutate(good_rows()), SCHEMA)


# --- the DQDL ---------------------------------------------------------------------------------

def test_the_job_labels_its_checks_with_the_dqdl_rules_the_stack_deploys():
    for dataset, entry in FIXTURE.items():
        ours = [(c.rule, c.level) for c in checks(dataset, entry["spec"])]
        assert ours == [(r["rule"], r["level"]) for r in entry["rules"]], dataset


def test_every_deployed_ruleset_parses_with_the_dqdl_grammar(spark):
    parser = spark._jvm.software.amazon.glue.dqdl.parser.DQDLParser()
    for dataset, entry in FIXTURE.items():
        parsed = parser.parse(entry["ruleset"]).getRules()
        assert parsed.size() == len(entry["rules"]), dataset
        # The parser renders each rule back as we wrote it, its lists without spaces and its
        # strings unescaped (`"say \"hi\"\\"` is read as `say "hi"\`): nothing was read another way.
        assert [parsed.get(i).toString() for i in range(parsed.size())] == [as_parsed(r["rule"]) for r in entry["rules"]], dataset


def as_parsed(rule: str) -> str:
    return rule.replace(", ", ",").replace('\\"', '"').replace("\\\\", "\\")


def test_the_dqdl_parser_refuses_what_the_config_refuses(spark):
    """Controls for the parse test: an unknown rule type fails, and a quoted date among allowed
    values is read as a date condition, not a string (lib/quality.ts refuses such values)."""
    parser = spark._jvm.software.amazon.glue.dqdl.parser.DQDLParser()
    with pytest.raises(Exception, match="IsComplet is not valid"):
        parser.parse('Rules = [ IsComplet "order_id" ]')
    date = parser.parse('Rules = [ ColumnValues "day" in ["2024-01-31"] ]').getRules().get(0).getCondition()
    text = parser.parse('Rules = [ ColumnValues "day" in ["monday"] ]').getRules().get(0).getCondition()
    assert date.getClass().getSimpleName() == "DateBasedCondition"
    assert text.getClass().getSimpleName() == "StringBasedCondition"


def test_bad_rules_fail_naming_the_dataset():
    with pytest.raises(ValueError, match="orders: a quality rule"):
        parse_quality_rules(json.dumps({"orders": {"uniqueness": ["a"]}}))
    with pytest.raises(ValueError, match="orders: completeness of 'a'"):
        parse_quality_rules(json.dumps({"orders": {"completeness": {"a": 2}}}))
    with pytest.raises(ValueError, match="orders: allowedValues of 'p' must be a non-empty list of strings"):
        parse_quality_rules(json.dumps({"orders": {"allowedValues": {"p": [1, 2]}}}))
    with pytest.raises(ValueError, match="--quality_rules is not JSON"):
        parse_quality_rules("{")
    assert parse_quality_rules("") == {}


# --- the job's evaluator ---------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_spark_evaluator_fails_exactly_the_broken_rules(spark, name):
    verdict = evaluate(batch(spark, name), checks("orders", SPEC), NOW)
    assert {r.rule for r in verdict.results if not r.passed} == CORPUS[name][1]
    assert verdict.score == pytest.approx(1 - len(CORPUS[name][1]) / len(verdict.results))


def test_row_level_failures_flag_only_their_rows_with_every_rule_they_failed(spark):
    data = with_row(2, status="lost", amount=-1.0)(good_rows())
    verdict = gate(spark.createDataFrame(data, SCHEMA), checks("orders", SPEC), NOW)
    assert verdict.quarantined == 1
    flagged = {r.order_id: r[FAILED_RULES] for r in verdict.flagged.collect()}
    assert flagged["o3"] == ['(ColumnValues "amount" >= 0) OR (ColumnValues "amount" = NULL)',
                             'ColumnValues "status" in ["new", "paid", NULL]']
    assert all(not v for k, v in flagged.items() if k != "o3")


def test_a_table_level_failure_raises_after_publishing(spark):
    published = []
    with pytest.raises(QualityFailed, match='IsPrimaryKey "order_id"') as err:
        gate(batch(spark, "duplicate key"), checks("orders", SPEC), NOW, published.append)
    assert err.value.reason == "quality" and err.value.details["score"] < 1
    assert published and published[0].score == err.value.details["score"]


def test_a_rule_on_a_missing_column_fails_the_batch(spark):
    with pytest.raises(QualityFailed, match="no column nope"):
        gate(batch(spark, "good"), checks("orders", {"ranges": {"nope": {"min": 0}}}), NOW)


# --- the second evaluator: Deequ --------------------------------------------------------------

def deequ_results(spark, df, spec, now):
    """Pass/fail per rule, in DQDL order, by Deequ from the spec (one Deequ Check per rule)."""
    pytest.importorskip("pydeequ")
    from pydeequ.checks import Check, CheckLevel
    from pydeequ.verification import VerificationResult, VerificationSuite

    def new():
        return Check(spark, CheckLevel.Error, str(len(rules)))

    rules = []
    for column, fraction in spec.get("completeness", {}).items():
        rules.append(new().isComplete(column) if fraction >= 1 else new().hasCompleteness(column, lambda f, x=fraction: f >= x))
    if spec.get("uniqueKey"):
        key = spec["uniqueKey"]
        check = new().isPrimaryKey(key[0], *key[1:])
        for column in key:
            check = check.isComplete(column)
        rules.append(check)
    for column, bounds in spec.get("ranges", {}).items():
        if "min" in bounds:
            rules.append(new().hasMin(column, lambda m, x=bounds["min"]: m >= x))
        if "max" in bounds:
            rules.append(new().hasMax(column, lambda m, x=bounds["max"]: m <= x))
    for column, values in spec.get("allowedValues", {}).items():
        rules.append(new().isContainedIn(column, [str(v) for v in values]))
    if "min" in spec.get("rowCount", {}):
        rules.append(new().hasSize(lambda n, x=spec["rowCount"]["min"]: n >= x))
    if "max" in spec.get("rowCount", {}):
        rules.append(new().hasSize(lambda n, x=spec["rowCount"]["max"]: n <= x))
    if "freshness" in spec:
        f = spec["freshness"]
        cutoff = (now - dt.timedelta(hours=f["maxAgeHours"])).strftime("%Y-%m-%d %H:%M:%S")
        rules.append(new().satisfies(f"`{f['column']}` >= timestamp'{cutoff}'", "freshness", lambda x: x == 1.0))
    suite = VerificationSuite(spark).onData(df)
    for check in rules:
        suite = suite.addCheck(check)
    statuses = {r.check: r.check_status for r in VerificationResult.checkResultsAsDataFrame(spark, suite.run()).collect()}
    return [statuses[str(i)] == "Success" for i in range(len(rules))]


def test_deequ_agrees_with_the_job_on_every_batch_of_the_corpus(spark):
    disagreements = {}
    for name in sorted(CORPUS):
        df = batch(spark, name).cache()
        ours = [r.passed for r in evaluate(df, checks("orders", SPEC), NOW).results]
        theirs = deequ_results(spark, df, SPEC, NOW)
        if ours != theirs:
            disagreements[name] = (ours, theirs)
        df.unpersist()
    assert disagreements == {}


# --- in the curate job -----------------------------------------------------------------------

def run(spark, tmp_path, db, quality, rules=None, namespace=None):
    settings = Settings(raw_path=f"{tmp_path}/raw/", database=db, table_root=None,
                        quarantine_path=f"{tmp_path}/quarantine/", rules=parse_rules(json.dumps(rules or {})),
                        quality=parse_quality_rules(json.dumps(quality)), quality_namespace=namespace)
    return {o.dataset: o for o in curate_tables(spark, settings, now=NOW)}


def order(order_id, status="new", amount=10.0, **extra):
    return {"order_id": order_id, "status": status, "amount": amount, **extra}


ORDERS_QUALITY = {"completeness": {"order_id": 1}, "uniqueKey": ["order_id"],
                  "allowedValues": {"status": ["new", "paid"]}, "rowCount": {"max": 5}}


def test_rows_failing_a_row_level_rule_are_quarantined_with_it_and_the_rest_committed(spark, tmp_path, lake_db):
    drop(tmp_path / "raw", "orders", "a", [order("o1"), order("o2", status="lost"), order("o3", amount=5.0)])
    outcome = run(spark, tmp_path, lake_db, {"orders": ORDERS_QUALITY})["orders"]
    assert outcome.status == "merged"
    assert [r["order_id"] for r in rows(spark, lake_db, "orders")] == ["o1", "o3"]
    [report] = (tmp_path / "quarantine" / "orders" / "quality").glob("*/report.json")
    assert json.loads(report.read_text())["quarantined"] == 1
    [quarantined] = [json.loads(line) for f in report.parent.glob("rows/*.json") for line in f.read_text().splitlines()]
    assert quarantined["order_id"] == "o2"
    assert quarantined[FAILED_RULES] == ['ColumnValues "status" in ["new", "paid", NULL]']
    assert quarantined["etl_source_object"].endswith("a.parquet")


def test_a_table_level_failure_stops_the_dataset_and_fails_the_run(spark, tmp_path, lake_db):
    drop(tmp_path / "raw", "orders", "a", [order(f"o{i}") for i in range(6)])
    drop(tmp_path / "raw", "clicks", "a", [{"ad_id": "a1"}])
    with pytest.raises(CurationFailed, match="orders"):
        run(spark, tmp_path, lake_db, {"orders": ORDERS_QUALITY})
    assert not spark.catalog.tableExists(f"lake.{lake_db}.orders")
    assert [r["ad_id"] for r in rows(spark, lake_db, "clicks", "ad_id")] == ["a1"]
    [report] = (tmp_path / "quarantine" / "orders" / "quality").glob("*.json")
    body = json.loads(report.read_text())
    assert body["reason"] == "quality" and "RowCount <= 5" in body["error"]
    assert [r["rule"] for r in body["details"]["rules"] if not r["passed"]] == ["RowCount <= 5"]


def test_the_curate_job_publishes_the_scores_to_cloudwatch(spark, tmp_path, lake_db, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    for var in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH"):
        monkeypatch.delenv(var, raising=False)
    drop(tmp_path / "raw", "orders", "a", [order("o1"), order("o2", status="lost")])
    with mock_aws():
        run(spark, tmp_path, lake_db, {"orders": ORDERS_QUALITY}, namespace="DataLake/Quality")
        cw = boto3.client("cloudwatch")
        dims = [{"Name": "Database", "Value": lake_db}, {"Name": "Table", "Value": "orders"}]
        got = {}
        for name in ("Score", "RulesFailed", "RowsQuarantined", "RowsEvaluated"):
            stats = cw.get_metric_statistics(Namespace="DataLake/Quality", MetricName=name, Dimensions=dims,
                                             StartTime=NOW - dt.timedelta(hours=1), EndTime=NOW + dt.timedelta(hours=1),
                                             Period=300, Statistics=["Minimum"])
            got[name] = [p["Minimum"] for p in stats["Datapoints"]]
    assert got == {"Score": [0.75], "RulesFailed": [1.0], "RowsQuarantined": [1.0], "RowsEvaluated": [2.0]}


def test_metric_data_units_and_dimensions(spark):
    verdict = evaluate(batch(spark, "good"), checks("orders", SPEC), NOW)
    data = metric_data("db", "orders", verdict, NOW)
    assert {d["MetricName"]: (d["Value"], d["Unit"]) for d in data} == {
        "Score": (1.0, "None"), "RulesFailed": (0.0, "Count"), "RowsQuarantined": (0.0, "Count"), "RowsEvaluated": (4.0, "Count")}
    assert all(d["Dimensions"] == [{"Name": "Database", "Value": "db"}, {"Name": "Table", "Value": "orders"}] for d in data)


def test_metric_names_and_dimensions_are_the_contracts():
    """lib/contract.ts QualityMetric and QUALITY_METRIC_DIMENSIONS: what the stack's alarm watches."""
    contract = (Path(__file__).parents[2] / "lib" / "contract.ts").read_text()
    block = re.search(r"export const QualityMetric = \{(.*?)\} as const;", contract, re.S).group(1)
    assert re.findall(r'^\s+\w+: "(\w+)",', block, re.M) == list(METRICS.values())
    dims = re.search(r"QUALITY_METRIC_DIMENSIONS = \{([^}]*)\}", contract).group(1)
    assert tuple(re.findall(r'"(\w+)"', dims)) == DIMENSIONS
