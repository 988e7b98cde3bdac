"""The Glue entry scripts cannot run here (no awsglue): check statically that they stay thin,
keep awsglue to themselves, use only what lakeetl exports, and read the arguments the
infrastructure (components/etl/job-settings.ts) passes."""
import ast
import importlib
import re
import sys
from pathlib import Path

import pytest

ETL = Path(__file__).resolve().parents[1]
REPO = ETL.parent
SPARK_SCRIPTS = ["drop_to_raw.py", "raw_to_curated.py"]
#: Spark scripts without awsglue (they run on Glue, EMR and local PySpark alike).
PLAIN_SPARK_SCRIPTS = ["curate_tables.py"]


def imports(path):
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found += [(node.module, a.name) for a in node.names]
    return tree, found


def string_list(tree, name):
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found")


def test_lakeetl_never_imports_awsglue():
    for path in sorted((ETL / "lakeetl").glob("*.py")):
        _, found = imports(path)
        assert not [m for m, _ in found if m and m.split(".")[0] == "awsglue"], path.name


@pytest.mark.parametrize("script", SPARK_SCRIPTS)
def test_entry_scripts_import_only_glue_spark_lakeetl_and_stdlib(script):
    _, found = imports(ETL / "jobs" / script)
    roots = {m.split(".")[0] for m, _ in found}
    assert "awsglue" in roots
    assert roots - set(sys.stdlib_module_names) <= {"awsglue", "pyspark", "lakeetl"}
    for module, name in found:
        if module.startswith("lakeetl"):
            assert hasattr(importlib.import_module(module), name), f"{module}.{name}"


@pytest.mark.parametrize("script", PLAIN_SPARK_SCRIPTS)
def test_plain_spark_scripts_import_only_spark_lakeetl_and_stdlib(script):
    _, found = imports(ETL / "jobs" / script)
    assert {m.split(".")[0] for m, _ in found} - set(sys.stdlib_module_names) <= {"pyspark", "lakeetl"}
    for module, name in found:
        if module.startswith("lakeetl"):
            assert hasattr(importlib.import_module(module), name), f"{module}.{name}"


@pytest.mark.parametrize("script", SPARK_SCRIPTS + PLAIN_SPARK_SCRIPTS)
def test_entry_scripts_stay_thin(script):
    lines = [line for line in (ETL / "jobs" / script).read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) < 80
    tree = ast.parse((ETL / "jobs" / script).read_text())
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))], \
        "logic belongs in lakeetl"


def ts_argument_names(function):
    """`--name` keys returned by `function` in components/etl/job-settings.ts."""
    text = (REPO / "components" / "etl" / "job-settings.ts").read_text()
    start = text.index(f"export function {function}(")
    end = text.find("export ", start + 1)
    body = text[start:end if end > 0 else None]
    names = set(re.findall(r'"--([a-z_A-Z]+)"', body))
    # Computed keys (`[CURATE_DATASETS_ARGUMENT]: ...`) name a constant of lib/contract.ts or this file.
    sources = text + (REPO / "lib" / "contract.ts").read_text()
    for constant in re.findall(r"\[([A-Z_]+)\]:", body):
        names |= set(re.findall(rf'const {constant} = "--([a-z_A-Z]+)"', sources))
    # Helpers the function spreads (`...curatedCatalogArguments(...)`), defined in the same file.
    for helper in re.findall(r"\.\.\.([a-zA-Z]+)\(", body):
        match = re.search(rf"function {helper}\([^)]*\)[^{{]*\{{(.*?)\n\}}", text, re.S)
        if match:
            names |= set(re.findall(r'"--([a-z_A-Z]+)"', match.group(1)))
            for constant in re.findall(r"\[([A-Z_]+)\]:", match.group(1)):
                names |= set(re.findall(rf'const {constant} = "--([a-z_A-Z]+)"', sources))
    return names


@pytest.mark.parametrize("script,function", [
    ("drop_to_raw.py", "dropToRawArguments"), ("raw_to_curated.py", "rawToCuratedArguments"),
    ("curate_tables.py", "curateTablesArguments"),
])
def test_scripts_read_every_argument_the_infrastructure_passes(script, function):
    tree = ast.parse((ETL / "jobs" / script).read_text())
    required, optional = string_list(tree, "REQUIRED"), string_list(tree, "OPTIONAL")
    passed = ts_argument_names(function)
    assert passed, function
    # JOB_NAME is Glue's own; every other required argument must be passed by the job definition.
    assert set(required) - {"JOB_NAME"} <= passed
    assert passed <= set(required) | set(optional)


def test_api_ingest_accepts_the_infrastructure_arguments():
    spec = importlib.util.spec_from_file_location("api_ingest_args", ETL / "jobs" / "api_ingest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    argv = []
    for name in sorted(ts_argument_names("apiIngestArguments")):
        argv += [f"--{name}", "x/y"]
    parsed = vars(module.parse_args(argv))
    assert all(parsed[name] == "x/y" for name in ts_argument_names("apiIngestArguments"))


def test_curated_views_and_stack_tables_match_the_infrastructure():
    import yaml

    from lakeetl.catalog import TABLES
    from lakeetl.views import VIEWS

    contract = (REPO / "lib" / "contract.ts").read_text()
    names = re.search(r"CURATED_VIEWS = \{([^}]*)\}", contract).group(1)
    assert re.findall(r':\s*"([a-z_]+)"', names) == list(VIEWS)
    for stack in sorted(REPO.glob("Pulumi.*.yaml")):
        tables = (yaml.safe_load(stack.read_text())["config"].get("datalake:etl") or {}).get("tables", [])
        assert set(tables) <= set(TABLES), stack.name


def test_the_tables_declared_by_the_infrastructure_carry_the_jobs_lineage_columns():
    """Pulumi creates each curated table with lib/contract.ts CURATED_LINEAGE_COLUMNS; the job
    writes lakeetl.iceberg LINEAGE with these types, so a declared table never conflicts."""
    from lakeetl.iceberg import LINEAGE

    contract = (REPO / "lib/contract.ts").read_text()
    block = contract[contract.index("export const CURATED_LINEAGE_COLUMNS") :]
    block = block[: block.index("] as const")]
    declared = re.findall(r'\{ name: "([a-z_]+)", type: "([a-z]+)" \}', block)
    assert [name for name, _ in declared] == list(LINEAGE)
    assert dict(declared) == {"etl_source_object": "string", "etl_ingested_at": "timestamp"}


def test_convert_object_job_needs_no_awsglue_and_stays_thin():
    script = ETL / "jobs" / "convert_object.py"
    _, found = imports(script)
    roots = {m.split(".")[0] for m, _ in found}
    assert roots - set(sys.stdlib_module_names) <= {"pyspark", "lakeetl", "boto3"}
    for module, name in found:
        if module.startswith("lakeetl"):
            assert hasattr(importlib.import_module(module), name), f"{module}.{name}"
    lines = [line for line in script.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) < 80
    assert not [n for n in ast.walk(ast.parse(script.read_text())) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]


def test_convert_object_reads_what_the_job_and_the_function_pass():
    """Default arguments (job-settings.ts bigObjectArguments, sparkJobArguments' TempDir) and each
    run's (lib/contract.ts BIG_OBJECT_RUN_ARGUMENTS, started by drop -> raw)."""
    tree = ast.parse((ETL / "jobs" / "convert_object.py").read_text())
    required, optional = set(string_list(tree, "REQUIRED")), set(string_list(tree, "OPTIONAL"))
    contract = (REPO / "lib" / "contract.ts").read_text()
    block = contract[contract.index("export const BIG_OBJECT_RUN_ARGUMENTS"):]
    per_run = set(re.findall(r'"--([a-z_]+)"', block[:block.index("} as const")]))
    defaults = ts_argument_names("bigObjectArguments") | {"TempDir"}
    assert per_run == {"source_bucket", "source_key", "source_version", "source_etag", "source_size", "event_time"}
    assert required <= per_run | defaults
    assert per_run | defaults <= required | optional
