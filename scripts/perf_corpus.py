#!/usr/bin/env python3
"""Build the corpora that the speed and memory measurements of mtaudit run on.

Usage:
  scripts/perf_corpus.py EVAL_DATA_DIR OUT.jsonl [--times N]
  scripts/perf_corpus.py EVAL_DATA_DIR OUT.txt --single-document [--megabytes 8]

JSONL mode: every English document of htmt_en.tsv (all producers: native news,
human and machine translations), one {"id", "text"} record per document and
producer, one sentence per line, in file order. `--times N` writes the corpus
N times over with distinct ids, for the linear-scaling and memory runs.

Single-document mode: the same sentences as one plain-text document of about
`--megabytes` MB, joined with spaces and a line break every ~40 sentences and
no blank line anywhere, so the whole file is one document.

scripts/perf.sh runs every measurement on these files.
"""
import argparse
import json
import os
import sys

from native_jsonl import htmt_rows


def documents(eval_dir):
    docs = {}
    for row in htmt_rows(eval_dir):
        key = (row["producer"], row["doc_id"] or row["group_id"])
        docs.setdefault(key, []).append(row["text"])
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eval_dir")
    ap.add_argument("out")
    ap.add_argument("--times", type=int, default=1, help="repeat the JSONL corpus N times")
    ap.add_argument("--single-document", action="store_true", help="write one plain-text document")
    ap.add_argument("--megabytes", type=float, default=8.0, help="size of the single document")
    args = ap.parse_args()
    docs = documents(args.eval_dir)
    with open(args.out, "w", encoding="utf-8") as out:
        if args.single_document:
            limit = int(args.megabytes * 1_000_000)
            written = 0
            count = 0
            while written < limit:
                for sentences in docs.values():
                    for sentence in sentences:
                        count += 1
                        piece = sentence + ("\n" if count % 40 == 0 else " ")
                        out.write(piece)
                        written += len(piece.encode("utf-8"))
                        if written >= limit:
                            break
                    if written >= limit:
                        break
            out.write("\n")
            print(f"{args.out}: one document, {written} bytes", file=sys.stderr)
            return
        count = 0
        for copy in range(args.times):
            for (producer, doc), sentences in docs.items():
                record = {"id": f"{copy}/{producer}/{doc}", "text": "\n".join(sentences)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    size = os.path.getsize(args.out)
    print(f"{args.out}: {count} documents, {size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
