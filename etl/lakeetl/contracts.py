"""Dataset contracts (lib/contract.ts DatasetContract), ported for the big-object job
(lakeetl.convert_object) so an object it converts records its contract breaks in the raw object's
metadata exactly as the drop -> raw function does (functions/drop-to-raw/contract-check.ts,
lib/contract.ts contractBreaks and contractBreaksValue). etl/tests/test_contracts.py runs the cases
of test/fixtures/contract-breaks.json, which the TypeScript tests run too.

A break is recorded, never quarantined: the object is still what was sent, and a quarantine would
hold back every later object of a dataset whose producer added a column.
"""
from __future__ import annotations

import json

from pyspark.sql import types as T

#: lib/contract.ts CONTRACT_COLUMN_TYPES -> the families each one found in an object satisfies.
CONFORMS_TO = {
    "string": ("string",),
    "boolean": ("boolean", "string"),
    "bigint": ("bigint", "decimal", "double", "string"),
    "decimal": ("decimal", "double", "string"),
    "double": ("double", "string"),
    "date": ("date", "timestamp", "string"),
    "timestamp": ("timestamp", "string"),
    "binary": ("binary",),
    "struct": ("struct",),
    "array": ("array",),
    "map": ("map",),
}
#: lib/contract.ts NO_CONTRACT_BREAKS, CONTRACT_BREAKS_MAX_BYTES, S3_USER_METADATA_MAX_BYTES, ObjectMeta.contractBreaks.
NO_CONTRACT_BREAKS = "none"
CONTRACT_BREAKS_MAX_BYTES = 512
S3_USER_METADATA_MAX_BYTES = 2000
META_CONTRACT_BREAKS = "contract-breaks"

_FAMILIES = (
    ((T.StringType, T.VarcharType, T.CharType), "string"),
    ((T.BooleanType,), "boolean"),
    ((T.ByteType, T.ShortType, T.IntegerType, T.LongType), "bigint"),
    ((T.DecimalType,), "decimal"),
    ((T.FloatType, T.DoubleType), "double"),
    ((T.DateType,), "date"),
    ((T.TimestampType, T.TimestampNTZType), "timestamp"),
    ((T.BinaryType,), "binary"),
    ((T.StructType,), "struct"),
    ((T.ArrayType,), "array"),
    ((T.MapType,), "map"),
    # Outside the families, named as the function names DuckDB's INTERVAL.
    ((T.AnsiIntervalType,), "interval"),
)


def spark_type_family(data_type: T.DataType) -> str:
    """The contract family of a Spark type; another type by its own name (as the function keeps TIME)."""
    for classes, family in _FAMILIES:
        if isinstance(data_type, classes):
            return family
    return data_type.typeName()


def contract_breaks(columns: dict[str, str], found: list[tuple[str, str]]) -> list[dict]:
    """lib/contract.ts contractBreaks: missing columns in the contract's order, then extra and
    drifted ones in the object's; `found` is (name, family) per column."""
    have = dict(found)
    missing = [{"kind": "missing", "column": c, "expected": t} for c, t in columns.items() if c not in have]
    others = []
    for name, family in found:
        expected = columns.get(name)
        if expected is None:
            others.append({"kind": "extra", "column": name, "found": family})
        elif expected not in CONFORMS_TO.get(family, ()):
            others.append({"kind": "drift", "column": name, "expected": expected, "found": family})
    return missing + others


def contract_breaks_value(breaks: list[dict], max_bytes: int = CONTRACT_BREAKS_MAX_BYTES) -> str:
    """lib/contract.ts contractBreaksValue: `none`, or the entries joined by `;`, those past
    `max_bytes` left out and counted (`more:<n>`)."""
    if not breaks:
        return NO_CONTRACT_BREAKS

    def entry(b: dict) -> str:
        if b["kind"] == "missing":
            return f"missing:{b['column']}={b['expected']}"
        if b["kind"] == "extra":
            return f"extra:{b['column']}={b['found']}"
        return f"drift:{b['column']}={b['expected']}>{b['found']}"

    entries = [entry(b) for b in breaks]

    def text(n: int) -> str:
        return ";".join(entries[:n] + ([f"more:{len(entries) - n}"] if n < len(entries) else []))

    kept = len(entries)
    while kept > 0 and len(text(kept)) > max_bytes:
        kept -= 1
    return text(kept)


def metadata_bytes(meta: dict[str, str]) -> int:
    """lib/contract.ts metadataBytes: the UTF-8 bytes of every key and value."""
    return sum(len(k.encode()) + len(v.encode()) for k, v in meta.items())


def with_contract_breaks(meta: dict[str, str], breaks: list[dict] | None) -> dict[str, str]:
    """functions/shared/s3.ts lineageMetadata: the breaks (when the dataset has a contract) in what
    S3's 2 KB leave after the other keys, at most CONTRACT_BREAKS_MAX_BYTES."""
    if breaks is None:
        return meta
    room = S3_USER_METADATA_MAX_BYTES - metadata_bytes(meta) - len(META_CONTRACT_BREAKS)
    return {**meta, META_CONTRACT_BREAKS: contract_breaks_value(breaks, min(CONTRACT_BREAKS_MAX_BYTES, room))}


def parse_contract_columns(value: str | None) -> dict[str, dict[str, str]]:
    """`--contract_columns` (lib/contract.ts ContractColumns, as DATASET_CONTRACTS); empty = none."""
    if not value or not value.strip():
        return {}
    parsed = json.loads(value)
    valid = isinstance(parsed, dict) and all(
        isinstance(cols, dict) and all(t in CONFORMS_TO for t in cols.values()) for cols in parsed.values())
    if not valid:
        raise ValueError(f"--contract_columns must be a JSON object of dataset -> column -> one of "
                         f"{', '.join(CONFORMS_TO)}, got {value!r}")
    return parsed


def check_schema(contracts: dict[str, dict[str, str]], dataset: str, schema: T.StructType) -> list[dict] | None:
    """The breaks of a written schema against the dataset's contract; None without one."""
    columns = contracts.get(dataset)
    if columns is None:
        return None
    return contract_breaks(columns, [(f.name, spark_type_family(f.dataType)) for f in schema.fields])
