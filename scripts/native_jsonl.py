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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eval_dir")
    ap.add_argument("out")
    ap.add_argument("--producer", default="original_english")
    ap.add_argument("--split", default=None, help="paper_split to keep (train/dev/test); default all")
    args = ap.parse_args()
    path = os.path.join(args.eval_dir, "htmt_en.tsv")
    if not os.path.exists(path):
        sys.exit(f"{path}: not found (pass the eval-data folder, e.g. ../shared/eval-data)")
    docs = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in f:
            row = line.rstrip("\n").split("\t")
            if row[col["producer"]] != args.producer:
                continue
            if args.split and row[col["paper_split"]] != args.split:
                continue
            doc = row[col["doc_id"]] or row[col["group_id"]]
            docs.setdefault(doc, []).append(row[col["text"]])
    with open(args.out, "w", encoding="utf-8") as out:
        for doc, sentences in docs.items():
            out.write(json.dumps({"id": doc, "text": "\n".join(sentences), "producer": args.producer}) + "\n")
    print(f"{args.out}: {len(docs)} documents, {sum(len(s) for s in docs.values())} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
