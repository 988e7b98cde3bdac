"""Uploads data files into the drop zone as `<dataset>/<file>`, SSE-KMS with the zone's key.

The dataset is derived from the file name the way Olist names its files, so the real Kaggle
download (001_*) uploads the same way as the generated set:
`olist_order_items_dataset.csv` -> `order_items/`, `tracks_list.json` -> `tracks_list/`.

    python etl/sample_data/upload.py --dir /tmp/sample --bucket <drop bucket> --kms-key-id <key> \
        [--endpoint-url http://127.0.0.1:5000] [--region us-east-1]
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

DATA_SUFFIXES = (".csv", ".tsv", ".json", ".ndjson", ".jsonl", ".csv.gz", ".json.gz", ".ndjson.gz")


def dataset_of(file_name: str) -> str:
    """`olist_orders_dataset.csv` -> `orders`; other names: the stem, normalised to snake_case."""
    stem = file_name
    for suffix in sorted(DATA_SUFFIXES, key=len, reverse=True):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    stem = re.sub(r"^olist_", "", stem.lower())
    stem = re.sub(r"_dataset$", "", stem)
    return re.sub(r"[^a-z0-9]+", "_", stem).strip("_") or "default"


def data_files(directory: Path) -> list[Path]:
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.name.lower().endswith(DATA_SUFFIXES))
    if not files:
        raise SystemExit(f"no data files ({', '.join(DATA_SUFFIXES)}) in {directory}")
    return files


def upload(directory: Path, bucket: str, kms_key_id: str, s3) -> list[tuple[str, int]]:
    """Uploads every data file in `directory`; returns (key, bytes) per object."""
    done = []
    for path in data_files(directory):
        key = f"{dataset_of(path.name)}/{path.name}"
        s3.upload_file(str(path), bucket, key,
                       ExtraArgs={"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_id})
        done.append((key, path.stat().st_size))
    return done


def main(argv: list[str] | None = None) -> int:
    import boto3

    p = argparse.ArgumentParser(description="Upload data files into the drop zone as <dataset>/<file>.")
    p.add_argument("--dir", required=True, type=Path, help="directory holding the files")
    p.add_argument("--bucket", required=True, help="drop zone bucket name")
    p.add_argument("--kms-key-id", required=True, help="drop zone KMS key id or ARN")
    p.add_argument("--endpoint-url", help="S3 endpoint (a local emulator), default AWS")
    p.add_argument("--region", help="AWS region, default from the environment")
    args = p.parse_args(argv)
    s3 = boto3.session.Session(region_name=args.region).client("s3", endpoint_url=args.endpoint_url)
    total = 0
    for key, size in upload(args.dir, args.bucket, args.kms_key_id, s3):
        print(f"s3://{args.bucket}/{key}  {size} bytes")
        total += size
    print(f"uploaded {total} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
