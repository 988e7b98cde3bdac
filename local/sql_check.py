"""Parses SQL as Athena engine v3 reads it (sqlglot, Trino dialect) for the local lake's queries.

stdin: JSON list of SQL strings. stdout: JSON list, one per query, either
{"ok": true, "tables": [...], "duckdb": "<the query in DuckDB's dialect>"} or
{"ok": false, "error": "<sqlglot's parse error>"}: a query Athena would reject for its syntax
fails here before anything runs. Tables are the names the query reads (CTE names excluded).
"""

import json
import sys

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError


def check(sql: str) -> dict:
    try:
        tree = sqlglot.parse_one(sql, read="trino", error_level=sqlglot.ErrorLevel.RAISE)
    except ParseError as e:
        return {"ok": False, "error": str(e).splitlines()[0]}
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    tables = sorted({t.name for t in tree.find_all(exp.Table) if t.name not in ctes})
    return {"ok": True, "tables": tables, "duckdb": tree.sql(dialect="duckdb")}


if __name__ == "__main__":
    print(json.dumps([check(sql) for sql in json.load(sys.stdin)]))
