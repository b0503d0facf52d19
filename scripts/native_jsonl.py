#!/usr/bin/env python3
"""Turn labelled English from ../shared/eval-data into JSONL documents for mtaudit.

Usage: scripts/native_jsonl.py EVAL_DATA_DIR OUT.jsonl [--producer original_english] [--split test]

Reads htmt_en.tsv, keeps the rows of one producer (default: original_english,
native English news that was never translated), groups them into documents by
doc_id in file order, and writes one {"id", "text", "producer"} record per
document, one sentence per line. The measurement then is, for example:

    mtaudit -f jsonl OUT.jsonl --min-score 0.5 --only idiom
"""
import argparse
import json
import os
import sys


def htmt_rows(eval_dir):
    """Every row of EVAL_DIR/htmt_en.tsv as a dict by column name, in file
    order; exits with the path and line of a missing file or a short row."""
    path = os.path.join(eval_dir, "htmt_en.tsv")
    if not os.path.exists(path):
        sys.exit(f"{path}: not found (pass the eval-data folder, e.g. ../shared/eval-data)")
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for number, line in enumerate(f, start=2):
            row = line.rstrip("\n").split("\t")
            if len(row) != len(header):
                sys.exit(f"{path}:{number}: {len(row)} columns, expected {len(header)}")
            yield dict(zip(header, row))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eval_dir")
    ap.add_argument("out")
    ap.add_argument("--producer", default="original_english")
    ap.add_argument("--split", default=None, help="paper_split to keep (train/dev/test); default all")
    args = ap.parse_args()
    docs = {}
    for row in htmt_rows(args.eval_dir):
        if row["producer"] != args.producer:
            continue
        if args.split and row["paper_split"] != args.split:
            continue
        doc = row["doc_id"] or row["group_id"]
        docs.setdefault(doc, []).append(row["text"])
    with open(args.out, "w", encoding="utf-8") as out:
        for doc, sentences in docs.items():
            out.write(json.dumps({"id": doc, "text": "\n".join(sentences), "producer": args.producer}) + "\n")
    print(f"{args.out}: {len(docs)} documents, {sum(len(s) for s in docs.values())} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
