"""Sample data for the lake: a seeded generator of an Olist-shaped e-commerce data set plus the
004_* reference tracks list (generate.py), and an uploader into the drop zone (upload.py)."""
