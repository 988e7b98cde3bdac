"""Data quality rules (lib/contract.ts QualityRule, the curate job's `--quality_rules`) evaluated
with Spark on a dataset's curated batch before it is committed (lakeetl.curation).

Each rule becomes one check, labelled with the DQDL text lib/quality-dqdl.ts writes for it into the
table's Glue Data Quality ruleset (same order, same spelling: etl/tests/test_quality.py compares
them), so a quarantined row and a report name the DQDL rule that failed:
- row level (every-row completeness, ranges, allowed values): the failing rows go to
  `<quarantine>/<dataset>/quality/<stamp>/rows/` (JSON lines, with `dq_failed_rules`), the others
  are committed;
- table level (a completeness fraction, the unique key, row count, freshness): the batch stops
  (QualityFailed, reason `quality`): nothing of it is committed and the run fails at its end.
The score (passed rules / rules, as Glue Data Quality scores a run) and counts are published as
CloudWatch metrics (namespace `--quality_namespace`, dimensions Database and Table; lib/contract.ts
QualityMetric); the stack alarms on a score below 1.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from .hadoopfs import write_text
from .rules import CurationError

#: lib/contract.ts QualityMetric and QUALITY_METRIC_DIMENSIONS.
METRICS = {"score": "Score", "rules_failed": "RulesFailed", "rows_quarantined": "RowsQuarantined",
           "rows_evaluated": "RowsEvaluated"}
DIMENSIONS = ("Database", "Table")
#: The column naming, on a quarantined row, the DQDL rules it failed.
FAILED_RULES = "dq_failed_rules"

_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")
_FIELDS = {"completeness", "uniqueKey", "ranges", "allowedValues", "rowCount", "freshness"}


class QualityFailed(CurationError):
    """A table-level rule failed: the dataset's batch is not committed (reason `quality`)."""

    reason = "quality"


@dataclass(frozen=True)
class Check:
    #: The DQDL rule (lib/quality-dqdl.ts dqdlRules).
    rule: str
    #: "row": failing rows are quarantined; "table": a failure stops the batch.
    level: str
    #: complete | completeness | key | min | max | allowed | rows_min | rows_max | freshness
    kind: str
    columns: tuple[str, ...] = ()
    #: The bound, fraction, allowed values or hours.
    value: object = None


@dataclass(frozen=True)
class RuleResult:
    rule: str
    level: str
    passed: bool
    #: Rows that failed it (row-level rules and freshness), or the measured value (fraction, rows).
    observed: float | int | None = None
    #: Why it could not be evaluated (a column the batch lacks).
    error: str | None = None


@dataclass
class Verdict:
    rows: int
    results: list[RuleResult]
    #: The batch with FAILED_RULES (an array of DQDL rules, empty when the row passed every one).
    flagged: DataFrame
    quarantined: int = 0
    failed_tables: list[RuleResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 1.0


def dqdl_string(s: str) -> str:
    """lib/quality-dqdl.ts dqdlString."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dqdl_number(n: int | float) -> str:
    """lib/quality-dqdl.ts dqdlNumber: JavaScript's spelling, never an exponent."""
    if isinstance(n, bool) or not isinstance(n, (int, float)):
        raise ValueError(f"not a number: {n!r}")
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    text = repr(n)
    return format(Decimal(text), "f") if "e" in text else text


def _or_null(column: str, condition: str) -> str:
    return f"(ColumnValues {dqdl_string(column)} {condition}) OR (ColumnValues {dqdl_string(column)} = NULL)"


def checks(dataset: str, spec: object) -> list[Check]:
    """The checks of one QualityRule, validated like lib/quality.ts, in lib/quality-dqdl.ts's order."""
    if not isinstance(spec, dict) or not spec or set(spec) - _FIELDS:
        raise ValueError(f"{dataset}: a quality rule is an object with some of {sorted(_FIELDS)}, got {spec!r}")

    def col(c: object) -> str:
        if not isinstance(c, str) or not _COLUMN.match(c):
            raise ValueError(f"{dataset}: quality rule column names must be curated (snake_case) names, got {c!r}")
        return c

    out: list[Check] = []
    for c, fraction in (spec.get("completeness") or {}).items():
        if not isinstance(fraction, (int, float)) or not 0 < fraction <= 1:
            raise ValueError(f"{dataset}: completeness of {c!r} must be a fraction in (0, 1], got {fraction!r}")
        if fraction >= 1:
            out.append(Check(f"IsComplete {dqdl_string(col(c))}", "row", "complete", (c,)))
        else:
            rule = f"Completeness {dqdl_string(col(c))} >= {dqdl_number(fraction)}"
            out.append(Check(rule, "table", "completeness", (c,), fraction))
    key = tuple(col(c) for c in spec.get("uniqueKey") or ())
    if key:
        out.append(Check("IsPrimaryKey " + " ".join(dqdl_string(c) for c in key), "table", "key", key))
    for c, bounds in (spec.get("ranges") or {}).items():
        if bounds.get("min") is not None:
            out.append(Check(_or_null(col(c), f">= {dqdl_number(bounds['min'])}"), "row", "min", (c,), bounds["min"]))
        if bounds.get("max") is not None:
            out.append(Check(_or_null(col(c), f"<= {dqdl_number(bounds['max'])}"), "row", "max", (c,), bounds["max"]))
    for c, values in (spec.get("allowedValues") or {}).items():
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{dataset}: allowedValues of {c!r} must be a non-empty list of strings, got {values!r}")
        literals = [dqdl_string(v) for v in values]
        rule = f"ColumnValues {dqdl_string(col(c))} in [{', '.join([*literals, 'NULL'])}]"
        out.append(Check(rule, "row", "allowed", (c,), tuple(values)))
    rows = spec.get("rowCount") or {}
    if rows.get("min") is not None:
        out.append(Check(f"RowCount >= {dqdl_number(rows['min'])}", "table", "rows_min", (), rows["min"]))
    if rows.get("max") is not None:
        out.append(Check(f"RowCount <= {dqdl_number(rows['max'])}", "table", "rows_max", (), rows["max"]))
    fresh = spec.get("freshness")
    if fresh:
        hours = fresh["maxAgeHours"]
        rule = f"DataFreshness {dqdl_string(col(fresh['column']))} <= {hours} hours"
        out.append(Check(rule, "table", "freshness", (fresh["column"],), hours))
    return out


def parse_quality_rules(value: str | None) -> dict[str, list[Check]]:
    """`--quality_rules` JSON `{dataset: QualityRule}`; empty = no dataset has rules."""
    if not value or not value.strip():
        return {}
    try:
        rules = json.loads(value)
    except json.JSONDecodeError as err:
        raise ValueError(f"--quality_rules is not JSON ({err})") from None
    if not isinstance(rules, dict):
        raise ValueError("--quality_rules must be a JSON object of dataset -> QualityRule")
    return {dataset: checks(dataset, spec) for dataset, spec in rules.items()}


def _c(name: str) -> Column:
    return F.col(f"`{name}`")


def _row_ok(check: Check) -> Column:
    """True where the row passes a row-level check (never null)."""
    c = _c(check.columns[0])
    if check.kind == "complete":
        return c.isNotNull()
    if check.kind == "min":
        return c.isNull() | (c >= F.lit(check.value))
    if check.kind == "max":
        return c.isNull() | (c <= F.lit(check.value))
    return c.isNull() | c.isin(list(check.value))


def evaluate(batch: DataFrame, rules: list[Check], now: dt.datetime) -> Verdict:
    """Every check on the batch in one aggregation (the unique key's duplicates are the rows less
    those with a null key less the distinct keys). A rule naming a column the batch lacks fails."""
    present = set(batch.columns)
    missing = {ch.rule: [c for c in ch.columns if c not in present] for ch in rules}
    usable = [ch for ch in rules if not missing[ch.rule]]
    row_checks = [ch for ch in usable if ch.level == "row"]
    failed = (F.filter(F.array(*[F.when(~_row_ok(ch), F.lit(ch.rule)) for ch in row_checks]), lambda r: r.isNotNull())
              if row_checks else F.array().cast("array<string>"))
    aggs: list[Column] = [F.count(F.lit(1)).alias("rows"), F.count(F.when(F.size(failed) > 0, 1)).alias("bad")]
    for i, ch in enumerate(usable):
        if ch.level == "row":
            aggs.append(F.count(F.when(~_row_ok(ch), 1)).alias(f"c{i}"))
        elif ch.kind == "completeness":
            aggs.append(F.count(_c(ch.columns[0])).alias(f"c{i}"))
        elif ch.kind == "key":
            any_null = F.greatest(*[_c(k).isNull() for k in ch.columns]) if len(ch.columns) > 1 else _c(ch.columns[0]).isNull()
            aggs += [F.count(F.when(any_null, 1)).alias(f"c{i}"), F.countDistinct(*[_c(k) for k in ch.columns]).alias(f"d{i}")]
        elif ch.kind == "freshness":
            cutoff = F.lit(now - dt.timedelta(hours=ch.value)).cast("timestamp")
            stamp = _c(ch.columns[0]).cast("timestamp")
            aggs.append(F.count(F.when(stamp.isNull() | (stamp < cutoff), 1)).alias(f"c{i}"))
    row = batch.agg(*aggs).first()
    n = row["rows"]
    results: dict[str, RuleResult] = {}
    for i, ch in enumerate(usable):
        if ch.level == "row" or ch.kind == "freshness":
            results[ch.rule] = RuleResult(ch.rule, ch.level, row[f"c{i}"] == 0, row[f"c{i}"])
        elif ch.kind == "completeness":
            fraction = row[f"c{i}"] / n if n else 1.0
            results[ch.rule] = RuleResult(ch.rule, ch.level, fraction >= ch.value, fraction)
        elif ch.kind == "key":
            nulls, distinct = row[f"c{i}"], row[f"d{i}"]
            duplicates = n - nulls - distinct
            results[ch.rule] = RuleResult(ch.rule, ch.level, nulls == 0 and duplicates == 0, nulls + duplicates)
        elif ch.kind in ("rows_min", "rows_max"):
            ok = n >= ch.value if ch.kind == "rows_min" else n <= ch.value
            results[ch.rule] = RuleResult(ch.rule, ch.level, ok, n)
    for ch in rules:
        if missing[ch.rule]:
            absent = ", ".join(missing[ch.rule])
            results[ch.rule] = RuleResult(ch.rule, ch.level, False, error=f"the batch has no column {absent}")
    ordered = [results[ch.rule] for ch in rules]
    return Verdict(n, ordered, batch.withColumn(FAILED_RULES, failed), quarantined=row["bad"],
                   failed_tables=[r for r in ordered if not r.passed and (r.level == "table" or r.error)])


def gate(batch: DataFrame, rules: list[Check] | None, now: dt.datetime, publish=None) -> Verdict | None:
    """Evaluates the batch (None without rules) and publishes its scores with `publish(verdict)`;
    raises QualityFailed, after publishing, when a table-level rule failed."""
    if not rules:
        return None
    verdict = evaluate(batch, rules, now)
    if publish:
        publish(verdict)
    if verdict.failed_tables:
        first = verdict.failed_tables[0]
        raise QualityFailed(
            f"{len(verdict.failed_tables)} table-level quality rule(s) failed, first: {first.rule}"
            + (f" ({first.error})" if first.error else f" (observed {first.observed})"),
            {"score": verdict.score, "rows": verdict.rows, "rules": [r.__dict__ for r in verdict.results]},
        )
    return verdict


def rows_to_commit(spark: SparkSession, verdict: Verdict | None, batch: DataFrame, folder: str, now: dt.datetime) -> DataFrame:
    """The batch less the rows a row-level rule failed, which are written under `folder` (the
    dataset's `quality/` quarantine) with the rules they failed and a report."""
    if verdict is None:
        return batch
    if verdict.quarantined:
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        base = f"{folder.rstrip('/')}/{stamp}"
        bad = verdict.flagged.where(F.size(FAILED_RULES) > 0)
        bad.write.mode("errorifexists").json(f"{base}/rows/")
        report = {"score": verdict.score, "rows": verdict.rows, "quarantined": verdict.quarantined,
                  "rules": [r.__dict__ for r in verdict.results], "at": now.isoformat(),
                  "action": "these rows were not committed; fix them at the source and drop them again"}
        write_text(spark, f"{base}/report.json", json.dumps(report, indent=2, default=str))
        print(f"quality: {verdict.quarantined} row(s) quarantined under {base}/rows/")
    return verdict.flagged.where(F.size(FAILED_RULES) == 0).drop(FAILED_RULES)


def metric_data(database: str, table: str, verdict: Verdict, now: dt.datetime) -> list[dict]:
    """The CloudWatch MetricData of one evaluated batch."""
    dims = [{"Name": DIMENSIONS[0], "Value": database}, {"Name": DIMENSIONS[1], "Value": table}]
    values = {"score": (verdict.score, "None"), "rules_failed": (sum(not r.passed for r in verdict.results), "Count"),
              "rows_quarantined": (verdict.quarantined, "Count"), "rows_evaluated": (verdict.rows, "Count")}
    return [{"MetricName": METRICS[k], "Dimensions": dims, "Timestamp": now, "Value": float(v), "Unit": unit}
            for k, (v, unit) in values.items()]


def cloudwatch_publisher(namespace: str | None, database: str, table: str, now: dt.datetime):
    """A `publish` for gate: put_metric_data to `namespace` (None: nothing published)."""
    if not namespace:
        return None

    def publish(verdict: Verdict) -> None:
        import boto3  # on Glue and in the tests' .venv; only needed when publishing

        boto3.client("cloudwatch").put_metric_data(Namespace=namespace, MetricData=metric_data(database, table, verdict, now))

    return publish
