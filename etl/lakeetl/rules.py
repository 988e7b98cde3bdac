"""Curation rules (lib/contract.ts CurationRule, plus `orderColumn`) applied with Spark, with the
semantics of the raw -> curated Lambda (functions/raw-to-curated/curate.ts) they replace: casts,
then deduplication on the (cast) key columns, then dropped columns, then renames. Every column a
rule names is a raw (input) column. A value that does not cast is never turned into NULL: the
batch fails with a CurationError naming the column, the type, how many and a sample value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.window import Window

#: lib/contract.ts CURATION_CAST_TYPES (DuckDB / Athena spellings) -> Spark SQL types.
CAST_TYPES = {
    "BOOLEAN": "boolean",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "DOUBLE": "double",
    "DECIMAL(18,2)": "decimal(18,2)",
    "VARCHAR": "string",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
}

_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")


class CurationError(Exception):
    """The rule cannot be applied to the batch (reason `curation`, as the Lambda's
    CurationInputError); `details` go into the quarantine report."""

    reason = "curation"

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.details = details or {}


@dataclass(frozen=True)
class CurationRule:
    key_columns: tuple[str, ...] = ()
    casts: dict[str, str] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    drop_columns: tuple[str, ...] = ()
    #: The latest row of a key is the one with the greatest value here (nulls lowest), then the
    #: latest ingest time; without it, the latest ingest time.
    order_column: str | None = None

    @staticmethod
    def from_json(dataset: str, rule: object) -> CurationRule:
        """One CurationRule object as the stack passes it, validated like lib/curation.ts."""
        if not isinstance(rule, dict):
            raise ValueError(f"{dataset}: a curation rule must be an object, got {rule!r}")
        allowed = {"keyColumns", "casts", "renames", "dropColumns", "orderColumn"}
        if set(rule) - allowed:
            raise ValueError(f"{dataset}: unknown curation rule fields {sorted(set(rule) - allowed)}")
        parsed = CurationRule(
            key_columns=tuple(rule.get("keyColumns") or ()),
            casts={c: _spark_type(dataset, t) for c, t in (rule.get("casts") or {}).items()},
            renames=dict(rule.get("renames") or {}),
            drop_columns=tuple(rule.get("dropColumns") or ()),
            order_column=rule.get("orderColumn"),
        )
        named = [*parsed.key_columns, *parsed.casts, *parsed.renames, *parsed.renames.values(), *parsed.drop_columns]
        bad = sorted({c for c in [*named, parsed.order_column or "x"] if not isinstance(c, str) or not _COLUMN.match(c)})
        if bad:
            raise ValueError(f"{dataset}: curation rule column names must be normalised (snake_case): {bad}")
        if parsed.order_column and not parsed.key_columns:
            raise ValueError(f"{dataset}: orderColumn '{parsed.order_column}' needs keyColumns (rows without keys are appended)")
        dropped = set(parsed.drop_columns)
        clashes = dropped & {*parsed.key_columns, *parsed.renames, *([parsed.order_column] if parsed.order_column else [])}
        if clashes:
            raise ValueError(f"{dataset}: key, order or renamed columns are also dropped: {sorted(clashes)}")
        targets = list(parsed.renames.values())
        if len(set(targets)) != len(targets):
            raise ValueError(f"{dataset}: several columns renamed to the same name: {targets}")
        return parsed

    def output_name(self, column: str) -> str:
        return self.renames.get(column, column)

    @property
    def output_keys(self) -> tuple[str, ...]:
        return tuple(self.output_name(k) for k in self.key_columns)


def _spark_type(dataset: str, cast: object) -> str:
    spark_type = CAST_TYPES.get(str(cast).upper().replace(" ", ""))
    if not spark_type:
        raise ValueError(f"{dataset}: unknown cast type {cast!r}; allowed: {', '.join(CAST_TYPES)}")
    return spark_type


def parse_rules(value: str | None) -> dict[str, CurationRule]:
    """`--curation_rules` JSON `{dataset: CurationRule}`; empty = no dataset has a rule."""
    if not value or not value.strip():
        return {}
    try:
        rules = json.loads(value)
    except json.JSONDecodeError as err:
        raise ValueError(f"--curation_rules is not JSON ({err})") from None
    if not isinstance(rules, dict):
        raise ValueError("--curation_rules must be a JSON object of dataset -> CurationRule")
    return {dataset: CurationRule.from_json(dataset, rule) for dataset, rule in rules.items()}


def apply_rule(df: DataFrame, rule: CurationRule, lineage: list[str], row_order: list[Column]) -> DataFrame:
    """The curated rows of a batch. `lineage` columns pass through untouched; `row_order` orders
    the rows of one key after the rule's own ordering (latest ingest first): the first row wins."""
    present = [c for c in df.columns if c not in lineage]
    _check_columns(rule, present)
    _check_casts(df, rule.casts)
    typed = df.select(*[F.col(f"`{c}`").cast(rule.casts[c]).alias(c) if c in rule.casts else F.col(f"`{c}`")
                        for c in df.columns])
    if rule.key_columns:
        order = [F.col(rule.order_column).desc_nulls_last()] if rule.order_column else []
        # Keys compare null-safe, like DuckDB's PARTITION BY in the Lambda: null is one key value.
        w = Window.partitionBy(*[F.col(k) for k in rule.key_columns]).orderBy(*order, *row_order)
        typed = typed.withColumn("__rank", F.row_number().over(w)).filter("__rank = 1").drop("__rank")
    dropped = set(rule.drop_columns)
    return typed.select(*[F.col(f"`{c}`").alias(rule.output_name(c)) for c in typed.columns if c not in dropped])


def _check_columns(rule: CurationRule, present: list[str]) -> None:
    have = set(present)
    wanted = [("keyColumns", rule.key_columns), ("casts", list(rule.casts)), ("renames", list(rule.renames)),
              ("dropColumns", rule.drop_columns), ("orderColumn", [rule.order_column] if rule.order_column else [])]
    missing = [{"field": f, "column": c} for f, cols in wanted for c in cols if c not in have]
    if missing:
        listed = ", ".join(f"'{m['column']}' ({m['field']})" for m in missing)
        raise CurationError(f"the curation rule names columns the raw objects do not have: {listed}",
                            {"missingColumns": missing, "availableColumns": present})
    kept = [c for c in present if c not in rule.renames and c not in rule.drop_columns]
    clash = next(((a, b) for a, b in rule.renames.items() if b in kept), None)
    if clash:
        raise CurationError(f"renaming '{clash[0]}' to '{clash[1]}' clashes with an existing column",
                            {"rename": {"from": clash[0], "to": clash[1]}, "availableColumns": present})


def _check_casts(df: DataFrame, casts: dict[str, str]) -> None:
    """One scan for all casts: Spark's non-ANSI cast (Glue 5.1's default) gives null for a value
    that does not convert, which is how a bad value is found."""
    if not casts:
        return
    aggs = []
    for i, (col, spark_type) in enumerate(casts.items()):
        bad = F.col(f"`{col}`").isNotNull() & F.col(f"`{col}`").cast(spark_type).isNull()
        sample = F.first(F.when(bad, F.col(f"`{col}`").cast("string")), True)
        aggs += [F.count(F.when(bad, 1)).alias(f"n{i}"), sample.alias(f"s{i}")]
    row = df.agg(*aggs).first()
    failures = [{"column": col, "type": spark_type, "badValues": row[f"n{i}"], "sampleValue": row[f"s{i}"]}
                for i, (col, spark_type) in enumerate(casts.items()) if row[f"n{i}"]]
    if failures:
        f = failures[0]
        raise CurationError(
            f"column '{f['column']}' has {f['badValues']} value(s) that cannot be cast to {f['type']}, "
            f"e.g. {json.dumps(f['sampleValue'])}",
            {"castFailures": failures},
        )
