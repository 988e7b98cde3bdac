from lakeetl.columns import normalise_columns, normalise_name, normalise_names


def test_name_rule():
    assert normalise_name("Order ID") == "order_id"
    assert normalise_name("  price (R$)  ") == "price_r"
    assert normalise_name("review__score") == "review_score"
    assert normalise_name("2nd-address") == "_2nd_address"
    assert normalise_name("__private__") == "private"
    assert normalise_name("déjà vu") == "d_j_vu"
    assert normalise_name("!!!") == "column"


def test_duplicates_get_numbered_suffixes_without_collisions():
    assert normalise_names(["A", "a", "a ", "a_2", "B"]) == ["a", "a_2", "a_3", "a_2_2", "b"]


def test_dataframe_columns_renamed_in_place(spark):
    df = spark.createDataFrame([(1, "x", 2.0)], ["Order.Id", "Seller Id", "order id"])
    out = normalise_columns(df)
    assert out.columns == ["order_id", "seller_id", "order_id_2"]
    assert out.collect()[0].asDict() == {"order_id": 1, "seller_id": "x", "order_id_2": 2.0}
