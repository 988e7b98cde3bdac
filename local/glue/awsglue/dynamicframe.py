"""awsglue.dynamicframe.DynamicFrame over a Spark DataFrame. Spark's readers resolve mixed types
when they read (a JSON field seen as number and text becomes text; CSV is read as text), so
there are no choice columns left for `resolveChoice` to resolve: it checks its argument and
returns the frame."""
from __future__ import annotations

from pyspark.sql import DataFrame

CHOICES = ("cast:", "make_cols", "make_struct", "project:", "match_catalog")


class DynamicFrame:
    def __init__(self, df: DataFrame, glue_ctx=None, name: str = ""):
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    def resolveChoice(self, specs=None, choice: str = "", **_kwargs) -> DynamicFrame:  # noqa: N802
        if specs is None and not choice.startswith(CHOICES):
            raise ValueError(f"resolveChoice: unknown choice {choice!r}")
        return self

    def toDF(self) -> DataFrame:  # noqa: N802
        return self._df

    def count(self) -> int:
        return self._df.count()
