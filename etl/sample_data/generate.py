"""Deterministic sample data: an e-commerce data set shaped like the Olist Brazilian e-commerce
data (001_*; same file and column names, including Olist's own spellings such as
`product_name_lenght`) and the reference tracks list of 004_* (tracks_list.json, NDJSON).

Same seed and sizes -> byte-identical files. Every foreign key resolves: orders -> customers,
order_items -> orders/products/sellers, order_reviews -> orders, closed_deals -> sellers.

    python etl/sample_data/generate.py --out /tmp/sample --seed 7 --orders 1000
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

#: dataset -> file name (the uploader derives the dataset back from the name).
FILES = {
    "customers": "olist_customers_dataset.csv",
    "sellers": "olist_sellers_dataset.csv",
    "products": "olist_products_dataset.csv",
    "orders": "olist_orders_dataset.csv",
    "order_items": "olist_order_items_dataset.csv",
    "order_reviews": "olist_order_reviews_dataset.csv",
    "closed_deals": "olist_closed_deals_dataset.csv",
    "tracks_list": "tracks_list.json",
}

COLUMNS = {
    "customers": ["customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city", "customer_state"],
    "sellers": ["seller_id", "seller_zip_code_prefix", "seller_city", "seller_state"],
    "products": ["product_id", "product_category_name", "product_name_lenght", "product_description_lenght",
                 "product_photos_qty", "product_weight_g", "product_length_cm", "product_height_cm",
                 "product_width_cm"],
    "orders": ["order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_approved_at",
               "order_delivered_carrier_date", "order_delivered_customer_date", "order_estimated_delivery_date"],
    "order_items": ["order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price",
                    "freight_value"],
    "order_reviews": ["review_id", "order_id", "review_score", "review_comment_title", "review_comment_message",
                      "review_creation_date", "review_answer_timestamp"],
    "closed_deals": ["mql_id", "seller_id", "sdr_id", "sr_id", "won_date", "business_segment", "lead_type",
                     "lead_behaviour_profile", "has_company", "has_gtin", "average_stock", "business_type",
                     "declared_product_catalog_size", "declared_monthly_revenue"],
}

CITIES = [("sao paulo", "SP", "01"), ("rio de janeiro", "RJ", "20"), ("belo horizonte", "MG", "30"),
          ("curitiba", "PR", "80"), ("porto alegre", "RS", "90"), ("salvador", "BA", "40"),
          ("campinas", "SP", "13"), ("recife", "PE", "50"), ("brasilia", "DF", "70"), ("goiania", "GO", "74")]
CATEGORIES = ["cama_mesa_banho", "beleza_saude", "esporte_lazer", "moveis_decoracao", "informatica_acessorios",
              "utilidades_domesticas", "relogios_presentes", "telefonia", "automotivo", "brinquedos"]
STATUSES = (["delivered", "shipped", "canceled", "unavailable", "invoiced", "processing"],
            [90, 3, 2, 1, 2, 2])
SCORES = ([1, 2, 3, 4, 5], [10, 3, 8, 19, 60])
SEGMENTS = ["home_decor", "health_beauty", "car_accessories", "household_utilities", "pet", "sports_leisure"]
LEAD_TYPES = ["online_medium", "online_big", "industry", "offline", "online_small", "online_beginner"]
PROFILES = ["cat", "eagle", "wolf", "shark", ""]
BUSINESS_TYPES = ["reseller", "manufacturer", "other"]
COMMENTS = ["", "", "", "recomendo", "chegou antes do prazo", "produto com defeito", "muito bom", "nao recebi"]

#: 004_*'s reference list: track_id 0..30 (the telemetry's track_id is random.number(30)).
TRACKS = [
    ("Shape of You", "Ed Sheeran"), ("Blinding Lights", "The Weeknd"), ("Dance Monkey", "Tones and I"),
    ("Rockstar", "Post Malone"), ("One Dance", "Drake"), ("Closer", "The Chainsmokers"),
    ("Believer", "Imagine Dragons"), ("Sunflower", "Post Malone"), ("Perfect", "Ed Sheeran"),
    ("Señorita", "Shawn Mendes"), ("Bad Guy", "Billie Eilish"), ("Say You Won't Let Go", "James Arthur"),
    ("Someone You Loved", "Lewis Capaldi"), ("Thinking Out Loud", "Ed Sheeran"), ("Photograph", "Ed Sheeran"),
    ("Lucid Dreams", "Juice WRLD"), ("Havana", "Camila Cabello"), ("Despacito", "Luis Fonsi"),
    ("Happier", "Marshmello"), ("God's Plan", "Drake"), ("Thunder", "Imagine Dragons"),
    ("Lean On", "Major Lazer"), ("Counting Stars", "OneRepublic"), ("Heat Waves", "Glass Animals"),
    ("Stay", "The Kid LAROI"), ("Levitating", "Dua Lipa"), ("Watermelon Sugar", "Harry Styles"),
    ("Circles", "Post Malone"), ("Starboy", "The Weeknd"), ("Memories", "Maroon 5"), ("Faded", "Alan Walker"),
]

EPOCH = dt.datetime(2017, 1, 1)
TS = "%Y-%m-%d %H:%M:%S"


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _ts(t: dt.datetime | None) -> str:
    return t.strftime(TS) if t else ""


def generate(seed: int = 42, orders: int = 500, dirty: int = 0) -> dict[str, list[dict]]:
    """The data set as dataset -> rows (dicts with the columns above). `dirty` > 0 adds that many
    rows the ETL must quarantine (orders without a customer or with an unreadable purchase time)
    and that many exact duplicate order items it must collapse."""
    if orders < 1 or dirty < 0:
        raise ValueError("orders must be at least 1 and dirty at least 0")
    rng = random.Random(seed)
    n_sellers, n_products = max(5, orders // 10), max(10, orders // 4)

    def place() -> tuple[str, str, str]:
        city, state, zip_head = rng.choice(CITIES)
        return f"{zip_head}{rng.randrange(1000):03d}", city, state

    sellers = []
    for _ in range(n_sellers):
        zip_code, city, state = place()
        sellers.append({"seller_id": _hex_id(rng), "seller_zip_code_prefix": zip_code, "seller_city": city,
                        "seller_state": state})
    products = [{
        "product_id": _hex_id(rng), "product_category_name": rng.choice(CATEGORIES),
        "product_name_lenght": rng.randint(10, 70), "product_description_lenght": rng.randint(50, 3000),
        "product_photos_qty": rng.randint(1, 8), "product_weight_g": rng.randint(50, 30000),
        "product_length_cm": rng.randint(10, 100), "product_height_cm": rng.randint(2, 100),
        "product_width_cm": rng.randint(6, 100),
    } for _ in range(n_products)]

    customers, order_rows, items, reviews = [], [], [], []
    unique_customers = [_hex_id(rng) for _ in range(max(1, orders * 9 // 10))]
    for _ in range(orders):
        zip_code, city, state = place()
        customer = {"customer_id": _hex_id(rng), "customer_unique_id": rng.choice(unique_customers),
                    "customer_zip_code_prefix": zip_code, "customer_city": city, "customer_state": state}
        customers.append(customer)
        status = rng.choices(*STATUSES)[0]
        bought = EPOCH + dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
        approved = bought + dt.timedelta(minutes=rng.randint(5, 2880)) if status != "canceled" else None
        shipped = approved + dt.timedelta(days=rng.randint(1, 5)) if status in ("delivered", "shipped") else None
        delivered = shipped + dt.timedelta(days=rng.randint(1, 20)) if status == "delivered" else None
        order_id = _hex_id(rng)
        order_rows.append({
            "order_id": order_id, "customer_id": customer["customer_id"], "order_status": status,
            "order_purchase_timestamp": _ts(bought), "order_approved_at": _ts(approved),
            "order_delivered_carrier_date": _ts(shipped), "order_delivered_customer_date": _ts(delivered),
            "order_estimated_delivery_date": _ts((bought + dt.timedelta(days=rng.randint(10, 40))).replace(
                hour=0, minute=0, second=0)),
        })
        for n in range(1, rng.choices([1, 2, 3], [80, 15, 5])[0] + 1):
            items.append({
                "order_id": order_id, "order_item_id": n, "product_id": rng.choice(products)["product_id"],
                "seller_id": rng.choice(sellers)["seller_id"],
                "shipping_limit_date": _ts(bought + dt.timedelta(days=rng.randint(2, 7))),
                "price": f"{rng.uniform(5, 500):.2f}", "freight_value": f"{rng.uniform(5, 60):.2f}",
            })
        if rng.random() < 0.95:
            created = (delivered or bought + dt.timedelta(days=rng.randint(5, 30))).replace(
                hour=0, minute=0, second=0)
            comment = rng.choice(COMMENTS)
            reviews.append({
                "review_id": _hex_id(rng), "order_id": order_id, "review_score": rng.choices(*SCORES)[0],
                "review_comment_title": "", "review_comment_message": comment,
                "review_creation_date": _ts(created),
                "review_answer_timestamp": _ts(created + dt.timedelta(hours=rng.randint(1, 72))),
            })

    deals = []
    for seller in rng.sample(sellers, k=max(1, n_sellers * 6 // 10)):
        deals.append({
            "mql_id": _hex_id(rng), "seller_id": seller["seller_id"], "sdr_id": f"sdr{rng.randint(1, 8):02d}",
            "sr_id": f"sr{rng.randint(1, 5):02d}",
            "won_date": _ts(EPOCH + dt.timedelta(seconds=rng.randrange(365 * 86400))),
            "business_segment": rng.choice(SEGMENTS), "lead_type": rng.choice(LEAD_TYPES),
            "lead_behaviour_profile": rng.choice(PROFILES), "has_company": rng.choice(["True", "False", ""]),
            "has_gtin": rng.choice(["True", "False", ""]), "average_stock": rng.choice(["5-20", "20-50", "50-200", ""]),
            "business_type": rng.choice(BUSINESS_TYPES), "declared_product_catalog_size": rng.choice(["", "50", "100"]),
            "declared_monthly_revenue": f"{rng.choice([0, 0, 10000, 50000, 100000, 500000]):.1f}",
        })
    for n in range(dirty):
        bad = dict(rng.choice(order_rows), order_id=f"dirty{n:04d}")
        if n % 2:
            bad["order_purchase_timestamp"] = "not a timestamp"
        else:
            bad["customer_id"] = ""
        order_rows.append(bad)
        items.append(dict(rng.choice(items)))
    tracks = [{"track_id": i, "track_name": name, "artist_name": artist} for i, (name, artist) in enumerate(TRACKS)]
    return {"customers": customers, "sellers": sellers, "products": products, "orders": order_rows,
            "order_items": items, "order_reviews": reviews, "closed_deals": deals, "tracks_list": tracks}


def write(data: dict[str, list[dict]], out: Path) -> list[Path]:
    """Writes every dataset to `out` (CSV with a header; the tracks list as NDJSON)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset, name in FILES.items():
        path = out / name
        if name.endswith(".json"):
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data[dataset]), encoding="utf-8")
        else:
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=COLUMNS[dataset], lineterminator="\n")
                w.writeheader()
                w.writerows(data[dataset])
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate the lake's sample data set.")
    p.add_argument("--out", required=True, type=Path, help="directory to write into (created)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--orders", type=int, default=500, help="number of orders (default 500)")
    p.add_argument("--dirty", type=int, default=0,
                   help="bad order rows and duplicate items to add, to exercise quarantine (default 0)")
    args = p.parse_args(argv)
    data = generate(args.seed, args.orders, args.dirty)
    for path in write(data, args.out):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
