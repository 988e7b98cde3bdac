"""Column-name normalisation: the rule of the Lambda processors (functions/shared/columns.ts),
ported so a table gets the same columns whichever path promotes it.

Accents are stripped (NFKD, combining marks removed); camelCase and acronym boundaries become
`_` (`OrderID` -> `order_id`, `HTTPStatus` -> `http_status`); lowercase; every run of characters
outside [a-z0-9] becomes one `_`; leading/trailing `_` stripped; a leading digit gets `col_`.
An empty result becomes `column_<position>` (1-based); repeats get `_2`, `_3`, ... skipping
names already taken. So a normalised name never starts with `_` or a digit.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pyspark.sql import DataFrame

_COMBINING = re.compile("[\u0300-\u036f]")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """One name under the rule above, without the empty-name and de-duplication steps."""
    s = _COMBINING.sub("", unicodedata.normalize("NFKD", name))
    s = _ACRONYM_WORD.sub(r"\1_\2", _LOWER_UPPER.sub(r"\1_\2", s))
    s = _NON_ALNUM.sub("_", s.lower()).strip("_")
    return f"col_{s}" if s[:1].isdigit() else s


def normalise_names(names: Iterable[str]) -> list[str]:
    """Normalised, unique, never-empty names in the original order."""
    taken: set[str] = set()
    out: list[str] = []
    for position, name in enumerate(names, start=1):
        base = normalise_name(name) or f"column_{position}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        out.append(candidate)
    return out


def normalise_columns(df: DataFrame, keep: Iterable[str] = ()) -> DataFrame:
    """The DataFrame with normalised, unique column names (positional rename, so dots are safe);
    columns named in `keep` keep their names."""
    kept = set(keep)
    names = iter(normalise_names([c for c in df.columns if c not in kept]))
    return df.toDF(*[c if c in kept else next(names) for c in df.columns])
