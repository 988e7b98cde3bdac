"""Parses the warehouse's SQL with sqlglot (Redshift dialect) for test/components/warehouse/sql.test.ts.

Reads JSON on stdin: {"batches": {view: [sql, ...]}, "procedures": {view: [sql, ...]},
"examples": [sql, ...], "schema": {"public.t": {"col": "TYPE"}}, "day": "YYYY-MM-DD"}. Writes JSON:
a description of each statement (its kind, tables, columns, COPY source, SELECT ... INTO target,
inserted values), each view's procedure statements with every EXECUTE evaluated for `day` and
parsed again, and for each example query the columns it resolves to once qualified against the
schema (an unknown table or column is an error). Any parse error is fatal.
"""

import json
import logging
import sys

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel
from sqlglot.optimizer.qualify import qualify

# Statements sqlglot keeps as commands are checked by their tokens; its warning about them is noise.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

DIALECT = "redshift"


def parse(sql: str) -> exp.Expression:
    trees = sqlglot.parse(sql, read=DIALECT, error_level=ErrorLevel.RAISE)
    if len(trees) != 1 or trees[0] is None:
        raise ValueError(f"expected one statement, got {len(trees)}: {sql[:80]}")
    return trees[0]


def table_name(t: exp.Table) -> str:
    return ".".join(p for p in (t.db, t.name) if p)


def describe(sql: str) -> dict:
    tree = parse(sql)
    out: dict = {
        "kind": type(tree).__name__,
        "tables": sorted({table_name(t) for t in tree.find_all(exp.Table)}),
    }
    if isinstance(tree, exp.Command):
        # sqlglot keeps statements it has no grammar for (CREATE EXTERNAL SCHEMA, CALL) as a
        # command; tokenize the rest so the test can still check what it names.
        out["command"] = tree.this.upper()
        rest = (
            tree.expression
            if isinstance(tree.expression, str)
            else tree.expression.name
        )
        out["tokens"] = [tok.text for tok in sqlglot.tokenize(rest, read=DIALECT)]
    if isinstance(tree, exp.Create):
        out["createKind"] = tree.args.get("kind")
        schema = tree.this if isinstance(tree.this, exp.Schema) else None
        if schema is not None:
            out["target"] = table_name(schema.this)
            out["columns"] = [
                [c.name, c.args["kind"].sql(DIALECT)]
                for c in schema.expressions
                if isinstance(c, exp.ColumnDef)
            ]
    if isinstance(tree, exp.Copy):
        out["target"] = table_name(tree.this)
        out["files"] = [f.name for f in tree.args.get("files", [])]
        out["params"] = [p.sql(DIALECT) for p in tree.args.get("params", [])]
        credentials = tree.args.get("credentials")
        role = credentials.args.get("iam_role") if credentials else None
        out["iamRole"] = role.name if role is not None else None
    if isinstance(tree, exp.Select):
        into = tree.args.get("into")
        out["into"] = into.this.sql(DIALECT) if into is not None else None
        out["from"] = [table_name(t) for t in tree.args["from_"].find_all(exp.Table)]
        out["where"] = (
            tree.args["where"].this.sql(DIALECT) if tree.args.get("where") else None
        )
    if isinstance(tree, exp.Insert):
        target = tree.this
        out["target"] = table_name(
            target.this if isinstance(target, exp.Schema) else target
        )
        out["insertColumns"] = (
            [c.name for c in target.expressions]
            if isinstance(target, exp.Schema)
            else []
        )
        select = tree.expression
        out["selectCount"] = len(select.expressions)
        out["from"] = [table_name(t) for t in select.find_all(exp.Table)]
        if isinstance(select, exp.Values):
            out["values"] = [v.sql(DIALECT) for v in select.expressions[0].expressions]
    if isinstance(tree, exp.Delete):
        out["target"] = table_name(tree.this)
        out["where"] = (
            tree.args["where"].this.sql(DIALECT) if tree.args.get("where") else None
        )
    return out


def evaluate(node: exp.Expression, day: str) -> str:
    """The string an EXECUTE expression builds, for load_day = `day`."""
    if isinstance(node, exp.Literal) and node.is_string:
        return node.this
    if isinstance(node, exp.DPipe):
        return evaluate(node.this, day) + evaluate(node.expression, day)
    if isinstance(node, exp.Paren):
        return evaluate(node.this, day)
    name = (node.sql_name() if isinstance(node, exp.Func) else "").upper()
    args = [a for a in node.iter_expressions()]
    if isinstance(node, exp.Anonymous) and node.name.upper() == "QUOTE_LITERAL":
        value = evaluate(node.expressions[0], day)
        return "'" + value.replace("'", "''") + "'"
    if name in ("TO_CHAR", "TIME_TO_STR") or isinstance(
        node, (exp.ToChar, exp.TimeToStr)
    ):
        column = args[0]
        if not (isinstance(column, exp.Column) and column.name == "load_day"):
            raise ValueError(f"TO_CHAR of {column.sql()} (expected load_day)")
        return day
    raise ValueError(f"cannot evaluate {type(node).__name__}: {node.sql(DIALECT)}")


def describe_procedure_statement(sql: str, day: str) -> dict:
    if sql.upper().startswith("EXECUTE "):
        built = evaluate(sqlglot.parse_one(sql[len("EXECUTE ") :], read=DIALECT), day)
        return {"execute": built, **describe(built)}
    return describe(sql)


def check_example(sql: str, schema: dict) -> dict:
    tree = qualify(
        parse(sql.rstrip(";")),
        schema=schema,
        dialect=DIALECT,
        validate_qualify_columns=True,
    )
    return {
        "tables": sorted({table_name(t) for t in tree.find_all(exp.Table)}),
        "columns": sorted({f"{c.table}.{c.name}" for c in tree.find_all(exp.Column)}),
    }


def main() -> None:
    req = json.load(sys.stdin)
    schema: dict = {}
    for table, columns in req["schema"].items():
        db, name = table.split(".")
        schema.setdefault(db, {})[name] = columns
    json.dump(
        {
            "batches": {
                view: [describe(s) for s in sqls]
                for view, sqls in req["batches"].items()
            },
            "procedures": {
                view: [describe_procedure_statement(s, req["day"]) for s in sqls]
                for view, sqls in req["procedures"].items()
            },
            "examples": [check_example(s, schema) for s in req["examples"]],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
