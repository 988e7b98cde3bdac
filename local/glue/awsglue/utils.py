"""awsglue.utils.getResolvedOptions: `--name value` (or `--name=value`) for each named option;
a missing one fails the run, as on Glue. Other arguments (Glue's own) are ignored."""
from __future__ import annotations


class GlueArgumentError(Exception):
    pass


def getResolvedOptions(args: list[str], options: list[str]) -> dict[str, str]:  # noqa: N802 (awsglue's name)
    wanted, resolved = set(options), {}
    for i, token in enumerate(args):
        if not token.startswith("--"):
            continue
        name, eq, value = token[2:].partition("=")
        if name not in wanted:
            continue
        if not eq:
            if i + 1 >= len(args) or args[i + 1].startswith("--"):
                raise GlueArgumentError(f"argument --{name}: expected one argument")
            value = args[i + 1]
        resolved[name] = value
    missing = [n for n in options if n not in resolved]
    if missing:
        raise GlueArgumentError(f"the following arguments are required: {', '.join('--' + n for n in missing)}")
    return resolved
