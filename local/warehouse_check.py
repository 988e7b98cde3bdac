"""Parses the warehouse's load batches with sqlglot as Redshift reads them, for the local lake
(local/warehouse.ts).

stdin: JSON {view: [sql, ...]} (each view's Data API batch). stdout: JSON {view: {"statements":
[{"kind", "error"?}], "spectrum": [tables of the Spectrum schema read], "s3": [COPY sources]}}.
A procedure's body (PL/pgSQL between `$$`) is parsed statement by statement: control lines
(DECLARE, BEGIN, IF ... THEN, RETURN, END IF, END) are PL/pgSQL, not SQL; an `EXECUTE <expr>` is
parsed as the expression it evaluates.
"""

import json
import logging
import re
import sys

import sqlglot
from sqlglot.errors import ErrorLevel, ParseError

logging.getLogger("sqlglot").setLevel(logging.ERROR)  # its notes on statements kept as commands

DIALECT = "redshift"
PLPGSQL = re.compile(r"^(DECLARE|BEGIN|END( IF)?|RETURN|IF .* THEN|ELSE|\w+ BIGINT)$", re.IGNORECASE)


def parse(sql: str) -> dict:
    try:
        if sql.upper().startswith("EXECUTE "):
            sqlglot.parse_one(sql[len("EXECUTE "):], read=DIALECT, error_level=ErrorLevel.RAISE)
            return {"kind": "Execute"}
        trees = sqlglot.parse(sql, read=DIALECT, error_level=ErrorLevel.RAISE)
        if len(trees) != 1 or trees[0] is None:
            return {"kind": "?", "error": f"expected one statement, got {len(trees)}"}
        return {"kind": type(trees[0]).__name__}
    except ParseError as e:
        return {"kind": "?", "error": str(e).splitlines()[0]}


def statements(sql: str) -> list[str]:
    """The statement itself, or for a procedure its header and each SQL statement of its body."""
    if "$$" not in sql:
        return [sql]
    head, body, _tail = sql.split("$$", 2)
    found = [head.strip() + " 'body' LANGUAGE plpgsql"]
    for chunk in body.split(";"):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        while lines and PLPGSQL.match(lines[0]):
            lines.pop(0)
        if lines:
            found.append("\n".join(lines))
    return found


def check(sqls: list[str]) -> dict:
    text = "\n".join(sqls)
    return {
        "statements": [parse(s) for sql in sqls for s in statements(sql)],
        "spectrum": sorted(set(re.findall(r"\blake_curated\.(\w+)", text))),
        "s3": sorted(set(re.findall(r"s3://[^'\s]+", text))),
    }


if __name__ == "__main__":
    print(json.dumps({view: check(sqls) for view, sqls in json.load(sys.stdin).items()}))
