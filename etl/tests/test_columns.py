from lakeetl.columns import normalise_columns, normalise_name, normalise_names


def test_name_rule_matches_the_lambda_processor():
    # The examples of test/functions/drop-to-raw-units.test.ts, so both paths name columns alike.
    names = ["OrderID", "Customer Name", "unitPrice", "Prix €", "café", "2024 sales", "HTTPStatus", "a--b__c", "ÉTÉ"]
    assert [normalise_name(n) for n in names] == [
        "order_id",
        "customer_name",
        "unit_price",
        "prix",
        "cafe",
        "col_2024_sales",
        "http_status",
        "a_b_c",
        "ete",
    ]
    assert normalise_names(["id", "ID", "Id", "", "€", "id_2"]) == ["id", "id_2", "id_3", "column_4", "column_5", "id_2_2"]


def test_olist_and_telemetry_names_are_already_normal():
    for name in ["order_purchase_timestamp", "product_name_lenght", "review_score", "device_ts", "track_id"]:
        assert normalise_name(name) == name
    assert normalise_name("__private__") == "private"


def test_dataframe_columns_renamed_in_place(spark):
    df = spark.createDataFrame([(1, "x", 2.0)], ["Order.Id", "Seller Id", "order id"])
    out = normalise_columns(df)
    assert out.columns == ["order_id", "seller_id", "order_id_2"]
    assert out.collect()[0].asDict() == {"order_id": 1, "seller_id": "x", "order_id_2": 2.0}
    assert normalise_columns(df.withColumnRenamed("Seller Id", "_corrupt_record"), keep=["_corrupt_record"]).columns == [
        "order_id",
        "_corrupt_record",
        "order_id_2",
    ]


class _Frame:
    """What normalise_columns needs of a DataFrame: its columns and a positional rename."""

    def __init__(self, columns):
        self.columns = list(columns)

    def toDF(self, *names):  # noqa: N802 (PySpark's name)
        return _Frame(names)


def test_normalise_columns_keeps_named_columns_and_numbers_the_rest():
    out = normalise_columns(
        _Frame(["Order.Id", "_corrupt_record", "", "order id", "Kept Name"]), keep=["_corrupt_record", "Kept Name"]
    )
    assert out.columns == ["order_id", "_corrupt_record", "column_2", "order_id_2", "Kept Name"]
    assert normalise_columns(_Frame([])).columns == []
    assert normalise_columns(_Frame(["A", "a", "a_2"])).columns == ["a", "a_2", "a_2_2"]


def test_normalise_name_edges():
    assert normalise_name("") == ""
    assert normalise_name("___") == ""
    assert normalise_name("9") == "col_9"
    assert normalise_name("1a") == "col_1a"
    assert normalise_name("Max X") == "max_x"
    assert normalise_name("ABCDef") == "abc_def"
    assert normalise_name("aB") == "a_b"
    assert normalise_name("a1B") == "a1_b"
    assert normalise_name("Crème Brûlée") == "creme_brulee"
    assert normalise_name("x\u0301y") == "xy"
    assert normalise_name("ﬁle") == "file"  # NFKD folds the ligature
    assert normalise_names(["", ""]) == ["column_1", "column_2"]
    assert normalise_names(["column_2", ""]) == ["column_2", "column_2_2"]
    assert normalise_names(iter(["b", "B"])) == ["b", "b_2"]
