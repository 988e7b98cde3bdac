"""Masking of personal data in curation (config `contracts.<dataset>.piiColumns`): each pii value
is replaced by its HMAC-SHA256 under the lake's masking key, as 64 lowercase hex characters.

Keyed, so the values cannot be recovered by hashing guesses without the key (a plain hash of an
e-mail address or a phone number can); deterministic, so one value masks to one text in every run
and every dataset, and joins and MERGE keys on a masked column still match. The value hashed is
the column's text after the curation rule (Spark's cast to string, UTF-8), so two datasets that
join on a column must cast it alike. Nulls stay null (there is nothing personal to hide, and a
masked null would make every null equal to one text). A masked column is a string column.

The key is a Secrets Manager secret's SecretString (`--masking_secret`, created by the stack,
encrypted with the analytics key, readable by the curate job's role only); raw keeps the values as
sent, readable by fewer personas (components/governance/policies.ts).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from .rules import CurationRule


@dataclass(frozen=True)
class Masking:
    #: dataset -> its pii columns, by their raw names (`--pii_columns`).
    columns: dict[str, tuple[str, ...]]
    key: bytes = field(repr=False)


def masker(key: bytes):
    """The mask under `key`: a value's HMAC-SHA256 of its UTF-8 text, hex. A closure over the key
    and the standard library only, so Spark ships it to its Python workers by value (they need
    not import lakeetl)."""
    return lambda value: None if value is None else hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def masked(key: bytes, value: str | None) -> str | None:
    """One value's mask (`masker`)."""
    return masker(key)(value)


def mask_columns(df: DataFrame, columns: list[str], key: bytes) -> DataFrame:
    """`df` with `columns` masked in place (same names and positions), the others untouched."""
    # A Python UDF rather than Spark's sha2 over key-padded literals: the key stays out of the
    # query plan, which Spark's UI, event logs and error messages print.
    mask = F.udf(masker(key), "string")
    wanted = set(columns)
    return df.select(*[mask(F.col(f"`{c}`").cast("string")).alias(c) if c in wanted else F.col(f"`{c}`") for c in df.columns])


def mask_pii(batch: DataFrame, rule: CurationRule, masking: Masking | None, dataset: str) -> DataFrame:
    """A curated batch with its dataset's pii columns masked, by their curated names (renamed,
    dropped ones gone). A pii column the batch lacks is not an error: drop -> raw recorded it as
    missing in the raw objects' contract breaks."""
    if masking is None:
        return batch
    names = [rule.output_name(c) for c in masking.columns.get(dataset, ()) if c not in rule.drop_columns]
    present = [c for c in names if c in batch.columns]
    return mask_columns(batch, present, masking.key) if present else batch


def parse_pii_columns(value: str | None) -> dict[str, tuple[str, ...]]:
    """`--pii_columns` JSON `{dataset: [column, ...]}` (lib/dataset-contract.ts piiColumns); empty = none."""
    if not value or not value.strip():
        return {}
    parsed = json.loads(value)
    if not isinstance(parsed, dict) or not all(
            isinstance(cols, list) and all(isinstance(c, str) and c for c in cols) for cols in parsed.values()):
        raise ValueError(f"--pii_columns must be a JSON object of dataset -> [column, ...], got {value!r}")
    return {dataset: tuple(cols) for dataset, cols in parsed.items() if cols}


def read_key(secret_id: str, client=None) -> bytes:
    """The masking key: the secret's SecretString, as UTF-8 bytes."""
    if client is None:
        import boto3

        client = boto3.client("secretsmanager")
    key = client.get_secret_value(SecretId=secret_id)["SecretString"].encode("utf-8")
    if len(key) < 32:
        raise ValueError(f"the masking key in {secret_id} has {len(key)} bytes; HMAC-SHA256 wants at least 32")
    return key


def masking_from_args(args: dict[str, str], client=None) -> Masking | None:
    """The curate job's masking (`--pii_columns`, `--masking_secret`); None when no column is pii."""
    columns = parse_pii_columns(args.get("pii_columns"))
    if not columns:
        return None
    secret = args.get("masking_secret")
    if not secret:
        raise ValueError("--pii_columns needs --masking_secret (the secret holding the masking key): "
                         "pii is never curated unmasked")
    return Masking(columns, read_key(secret, client))


#: What a stopped dataset's report says in place of a pii value.
WITHHELD = "(withheld: pii column)"


def withhold_pii(message: str, details: dict, masking: Masking | None, dataset: str) -> tuple[str, dict]:
    """A stopped dataset's error and report details without the values of its pii columns: a failed
    cast names a sample value (lakeetl.rules), and the report lands in the curated zone, which the
    personas that see only masked pii read."""
    pii = set(masking.columns.get(dataset, ())) if masking else set()
    failures = details.get("castFailures") or []
    hidden = [f for f in failures if f["column"] in pii and f.get("sampleValue") is not None]
    if not hidden:
        return message, details
    for f in hidden:
        message = message.replace(json.dumps(f["sampleValue"]), WITHHELD)
    withheld = [{**f, "sampleValue": WITHHELD} if f in hidden else f for f in failures]
    return message, {**details, "castFailures": withheld}
