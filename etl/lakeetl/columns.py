"""Column-name normalisation, the same rule the Lambda zone processor applies.

lowercase; every run of characters outside [a-z0-9] becomes one `_`; leading and trailing `_`
stripped; a name starting with a digit gets a `_` prefix; an empty name becomes `column`;
duplicates get `_2`, `_3`, ... in order of appearance (skipping names already taken).
"""
from __future__ import annotations

import re
from typing import Iterable

from pyspark.sql import DataFrame

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """One name under the rule above, without the de-duplication step."""
    snake = _NON_ALNUM.sub("_", name.lower()).strip("_")
    if not snake:
        return "column"
    return f"_{snake}" if snake[0].isdigit() else snake


def normalise_names(names: Iterable[str]) -> list[str]:
    """Normalised, unique names in the original order."""
    taken: set[str] = set()
    out: list[str] = []
    for name in names:
        base = normalise_name(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        out.append(candidate)
    return out


def normalise_columns(df: DataFrame) -> DataFrame:
    """The DataFrame with normalised, unique column names (positional rename, so dots are safe)."""
    return df.toDF(*normalise_names(df.columns))
