#!/usr/bin/env python3
"""Measure mtaudit on the externally labelled English in ../shared/eval-data.

Usage:
    scripts/quality.py EVAL_DIR [--mtaudit PATH] [--out QUALITY.md] [--weights FILE]
                       [--emit-truth DIR] [--emit-only] [-j N]

Reads htmt_en.tsv, mqm_zhen_en.tsv and mlqe_pe_en.tsv at run time (nothing from
them is stored in the repository), builds JSONL documents in a temporary
folder, runs mtaudit on them (`-f jsonl --output-format jsonl --no-config
--repeat-memory 0`), and reports, as Markdown:

 1. native false alarms: every original_english document of htmt_en.tsv, one
    sentence per line; sentences and documents at or above the review
    threshold, and the list of flagged sentences (doc id, index, score, rules);
 2. document-level ROC AUC and precision/recall at the threshold, MT against
    original English and MT against the human translation, per MT producer
    and pooled, on the paper's test split (2019) and on train for comparison;
 3. MQM zh->en: per mtaudit category, how many findings overlap a rater's
    target-side error span, by MQM category; Spearman between the score and
    mqm_score;
 4. MLQE-PE: Spearman between the score and z_mean per language pair;
 5. a reliability table (score bin against observed MT share);
 plus per-category finding counts in every htmt set.

With --weights FILE everything is also run with `mtaudit --weights FILE` and
both results are shown (raw, calibrated). With --emit-truth DIR the htmt train
and dev splits are written as DIR/htmt-{train,dev}.jsonl (ids "producer|doc_id")
and DIR/htmt-{train,dev}-truth.csv (doc,label; 1 = MT) for `mtaudit calibrate`;
--emit-only stops after that.

--out FILE writes the report between the markers
<!-- quality:begin --> and <!-- quality:end --> when FILE already has them
(the text around them, such as a hand-written reading, is kept), else the
whole file. Without --out the report goes to stdout.

Python 3.11 standard library only. Exit code 2 when EVAL_DIR, a file in it or
the binary is missing, or when mtaudit fails.
"""
import argparse
import collections
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

REVIEW_AT = 0.5
FILES = ("htmt_en.tsv", "mqm_zhen_en.tsv", "mlqe_pe_en.tsv")
BEGIN, END = "<!-- quality:begin -->", "<!-- quality:end -->"
NATIVE, HUMAN = "original_english", "human_translation"


def die(msg):
    print(f"quality.py: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- statistics

def ranks(xs):
    """1-based ranks, ties get the mean rank."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            r[order[k]] = avg
        i = j + 1
    return r


def roc_auc(pos, neg):
    """Mann-Whitney AUC: P(score(pos) > score(neg)) + 0.5 P(tie)."""
    if not pos or not neg:
        return float("nan")
    r = ranks(list(pos) + list(neg))
    rp = sum(r[: len(pos)])
    return (rp - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def auc_ci(pos, neg, n=400, seed=7):
    """Percentile bootstrap 95% interval, resampling each class."""
    if not pos or not neg:
        return (float("nan"), float("nan"))
    rnd = random.Random(seed)
    vals = []
    for _ in range(n):
        p = [pos[rnd.randrange(len(pos))] for _ in pos]
        q = [neg[rnd.randrange(len(neg))] for _ in neg]
        vals.append(roc_auc(p, q))
    vals.sort()
    return (vals[int(0.025 * n)], vals[int(0.975 * n) - 1])


def pearson(x, y):
    n = len(x)
    if n < 3:
        return float("nan")
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return float("nan")
    return sxy / math.sqrt(sxx * syy)


def spearman(x, y):
    """Spearman's rho with tie-corrected ranks, and an approximate two-sided p (t test)."""
    rho = pearson(ranks(x), ranks(y))
    n = len(x)
    if math.isnan(rho) or n < 4 or abs(rho) >= 1:
        return rho, float("nan")
    t = rho * math.sqrt((n - 2) / (1 - rho * rho))
    # normal approximation of the t distribution: fine for n in the hundreds
    p = math.erfc(abs(t) / math.sqrt(2))
    return rho, p


def partial_spearman(x, y, z):
    """Spearman correlation of x and y with z (e.g. text length) partialled out, on ranks."""
    rx, ry, rz = ranks(x), ranks(y), ranks(z)
    a, b, c = pearson(rx, ry), pearson(rx, rz), pearson(ry, rz)
    if any(math.isnan(v) for v in (a, b, c)) or abs(b) >= 1 or abs(c) >= 1:
        return float("nan")
    return (a - b * c) / math.sqrt((1 - b * b) * (1 - c * c))


def fmt(x, d=3):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:.{d}f}"


def fmt_p(p):
    if p is None or math.isnan(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def pct(a, b, d=1):
    return "–" if b == 0 else f"{100 * a / b:.{d}f}%"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- data

def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = line.rstrip("\n").split("\t")
            if len(row) < len(header):
                row += [""] * (len(header) - len(row))
            yield dict(zip(header, row))


class Doc:
    """One document given to mtaudit; `lines` are the (start, end) character spans of its rows."""

    __slots__ = ("id", "text", "lines", "meta", "result")

    def __init__(self, id, rows, meta):
        self.id = id
        self.text = "\n".join(rows)
        self.lines = []
        pos = 0
        for r in rows:
            self.lines.append((pos, pos + len(r)))
            pos += len(r) + 1
        self.meta = meta
        self.result = None

    def line_of(self, start, end):
        """1-based row numbers overlapped by [start, end)."""
        return [i + 1 for i, (a, b) in enumerate(self.lines) if a < max(end, start + 1) and start < b]


def load_htmt(eval_dir):
    """htmt_en.tsv vdwerff part, grouped into documents by (producer, doc_id) in file order."""
    groups = collections.OrderedDict()
    for r in read_tsv(os.path.join(eval_dir, "htmt_en.tsv")):
        if r["dataset"] != "vdwerff_wmt_deen":
            continue
        key = (r["producer"], r["doc_id"] or r["group_id"])
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"rows": [], "groups": [], "split": r["paper_split"], "origin": r["origin"],
                               "is_mt": r["is_mt"] == "1", "year": r["year"]}
        g["rows"].append(r["text"])
        g["groups"].append(r["group_id"])
    docs = []
    for (producer, doc_id), g in groups.items():
        docs.append(Doc(f"{producer}|{doc_id}", g["rows"],
                        {"producer": producer, "doc_id": doc_id, "split": g["split"],
                         "origin": g["origin"], "is_mt": g["is_mt"], "year": g["year"], "groups": g["groups"]}))
    return docs


def load_mqm(eval_dir):
    docs = []
    for r in read_tsv(os.path.join(eval_dir, "mqm_zhen_en.tsv")):
        spans = []
        if r["error_spans"]:
            for s in json.loads(r["error_spans"]):
                if s.get("side") == "target" and s.get("start") is not None and s["end"] > s["start"]:
                    spans.append((s["start"], s["end"], s["category"], s["severity"]))
        d = Doc(f"{r['dataset']}|{r['system']}|{r['seg_id']}", [r["target_text"]],
                {"dataset": r["dataset"], "system": r["system"], "human": r["is_human_reference"] == "1",
                 "mqm": float(r["mqm_score"]) if r["mqm_score"] else None, "spans": spans,
                 "has_spans": r["has_span_annotations"] == "1", "label": r["label"]})
        docs.append(d)
    return docs


def load_mlqe(eval_dir):
    docs = []
    for r in read_tsv(os.path.join(eval_dir, "mlqe_pe_en.tsv")):
        docs.append(Doc(f"{r['lang_pair']}|{r['split']}|{r['seg_id']}", [r["mt"]],
                        {"lp": r["lang_pair"], "split": r["split"],
                         "z": float(r["z_mean"]) if r["z_mean"] else None,
                         "hter": float(r["hter"]) if r["hter"] else None, "label": r["label"]}))
    return docs


def write_jsonl(path, docs, extra=None):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            rec = {"id": d.id, "text": d.text}
            if extra:
                rec.update(extra(d))
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- running mtaudit

def mtaudit_cmd(binary, threads, weights):
    cmd = [binary, "-f", "jsonl", "--output-format", "jsonl", "-q", "--no-config",
           "--repeat-memory", "0", "--review-at", str(REVIEW_AT), "-j", str(threads)]
    if weights:
        cmd += ["--weights", weights]
    return cmd


def run_mtaudit(binary, threads, weights, path, docs):
    cmd = mtaudit_cmd(binary, threads, weights) + [path]
    out_path = path + (".weighted" if weights else "") + ".out"
    with open(out_path, "w", encoding="utf-8") as out:
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        die(f"{' '.join(cmd)} exited with {p.returncode}:\n{p.stderr.strip()[:2000]}")
    results = []
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            results.append(json.loads(line))
    if len(results) != len(docs):
        die(f"{path}: mtaudit returned {len(results)} documents for {len(docs)}")
    for d, r in zip(docs, results):
        if r["doc"] != d.id:
            die(f"{path}: output out of order ({r['doc']} for {d.id})")
    return results


def wait_for_binary(path, tries=30):
    for _ in range(tries):
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return
        import time
        time.sleep(5)
    die(f"{path}: mtaudit binary not found (cargo build --release, or pass --mtaudit PATH)")


def doc_score(r):
    return r["score"]


def max_sentence(r):
    return max((s["score"] for s in r["sentences"]), default=0.0)


def findings(r):
    for s in r["sentences"]:
        for f in s["findings"]:
            yield s, f


# ---------------------------------------------------------------- sections

def short_producer(p):
    return p.replace("wmt19:", "")


def native_section(docs, res):
    nat = [(d, r) for d, r in zip(docs, res) if d.meta["producer"] == NATIVE]
    n_sent = sum(len(r["sentences"]) for _, r in nat)
    n_rows = sum(len(d.lines) for d, _ in nat)
    flagged = []
    any_finding = 0
    for d, r in nat:
        for s in r["sentences"]:
            if s["findings"] and any(f["weight"] > 0 for f in s["findings"]):
                any_finding += 1
            if s["score"] >= REVIEW_AT:
                rules = sorted({f["rule"] for f in s["findings"] if f["weight"] > 0})
                ev = "; ".join(sorted({" ".join(f["evidence"].split()[:12]) for f in s["findings"] if f["weight"] > 0}))
                flagged.append((d.meta["doc_id"], s["index"], ",".join(map(str, d.line_of(s["start"], s["end"]))),
                                s["score"], " ".join(rules), ev))
    docs_flagged = sorted((d.meta["doc_id"], r["score"]) for d, r in nat if r["score"] >= REVIEW_AT)
    out = []
    out.append(table(["documents", "rows (tsv)", "sentences (mtaudit)", "sentences with a finding of weight > 0",
                      f"sentences ≥ {REVIEW_AT}", "share", "target", f"documents ≥ {REVIEW_AT}"],
                     [[len(nat), n_rows, n_sent, any_finding, len(flagged), pct(len(flagged), n_sent, 3),
                       "≤ 0.200%", len(docs_flagged)]]))
    if flagged:
        out.append("\nFlagged native sentences (row = line of the document = position of the row among the "
                   "document's `original_english` rows in file order; evidence cut to 12 words):\n\n")
        out.append(table(["doc_id", "sentence", "row", "score", "rules", "evidence"],
                         [[a, b, c, fmt(s), e, f"`{v}`"] for a, b, c, s, e, v in flagged]))
    else:
        out.append("\nNo native sentence reaches the threshold.\n")
    if docs_flagged:
        shown = ", ".join(f"{a} ({fmt(s)})" for a, s in docs_flagged[:20])
        more = f", … and {len(docs_flagged) - 20} more" if len(docs_flagged) > 20 else ""
        out.append(f"\nFlagged native documents ({len(docs_flagged)}): {shown}{more}\n")
    summary = {"sentences": n_sent, "flagged": len(flagged), "docs": len(nat), "docs_flagged": len(docs_flagged)}
    return "".join(out), summary


def cls_row(name, pos, neg, with_ci=True):
    auc = roc_auc(pos, neg)
    lo, hi = auc_ci(pos, neg) if with_ci else (float("nan"), float("nan"))
    tp = sum(1 for x in pos if x >= REVIEW_AT)
    fp = sum(1 for x in neg if x >= REVIEW_AT)
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / len(pos) if pos else float("nan")
    nz_p = sum(1 for x in pos if x > 0)
    nz_n = sum(1 for x in neg if x > 0)
    return [name, len(pos), len(neg), fmt(auc), f"{fmt(lo)}–{fmt(hi)}", f"{tp}/{fp}", fmt(prec), fmt(rec),
            pct(nz_p, len(pos)), pct(nz_n, len(neg))], auc


CLS_HEADER = ["MT set", "MT docs", "negative docs", "ROC AUC", "95% CI (bootstrap)",
              f"TP/FP ≥ {REVIEW_AT}", "precision", "recall", "MT docs > 0", "negatives > 0"]


def paired_row(name, pairs):
    """pairs: (mt score, reference score) of the same document."""
    gt = sum(1 for a, b in pairs if a > b)
    lt = sum(1 for a, b in pairs if a < b)
    eq = len(pairs) - gt - lt
    return [name, len(pairs), gt, eq, lt, fmt((gt + 0.5 * eq) / len(pairs)) if pairs else "–"]


def classification_section(docs, res):
    by = collections.defaultdict(dict)  # (split, producer, origin) -> doc_id -> score
    for d, r in zip(docs, res):
        m = d.meta
        by[(m["split"], m["producer"], m["origin"])][m["doc_id"]] = r["score"]
    mt_producers = sorted({m for (_, m, _) in by if m not in (NATIVE, HUMAN)},
                          key=lambda p: (p.startswith("wmt19"), p))
    out = []
    headline = {}

    def block(title, split, origin_mt, neg_key, note=""):
        neg = by.get(neg_key, {})
        negs = list(neg.values())
        rows, pooled, paired = [], [], []
        for p in mt_producers:
            mt = by.get((split, p, origin_mt))
            if not mt:
                continue
            row, auc = cls_row(short_producer(p), list(mt.values()), negs)
            rows.append(row)
            headline[(title, p)] = auc
            pooled += list(mt.values())
            common = [k for k in mt if k in neg]
            if common:
                paired.append(paired_row(short_producer(p), [(mt[k], neg[k]) for k in common]))
        if not rows:
            return
        row, auc = cls_row("pooled MT", pooled, negs)
        headline[(title, "pooled")] = auc
        rows.append(row)
        out.append(f"\n**{title}**{note}\n\n")
        out.append(table(CLS_HEADER, rows))
        if paired:
            out.append("\nPaired, same document (MT score against the negative's score):\n\n")
            out.append(table(["MT set", "pairs", "MT higher", "tie", "MT lower", "P(MT higher) + ½ tie"], paired))

    block("Test split (WMT19, de→en): MT against the human translation", "test", "de_original",
          ("test", HUMAN, "de_original"))
    # sentence level, paired by group_id (the same source sentence)
    row_scores = collections.defaultdict(dict)  # producer -> group_id -> row score
    for d, r in zip(docs, res):
        if d.meta["split"] != "test":
            continue
        sc = [0.0] * len(d.lines)
        for st in r["sentences"]:
            for ln in d.line_of(st["start"], st["end"]):
                sc[ln - 1] = max(sc[ln - 1], st["score"])
        for g, x in zip(d.meta["groups"], sc):
            row_scores[d.meta["producer"]][g] = x
    hum = row_scores.get(HUMAN, {})
    rows = []
    for p in mt_producers:
        mt = row_scores.get(p)
        if mt and hum:
            common = [g for g in mt if g in hum]
            rows.append(paired_row(short_producer(p), [(mt[g], hum[g]) for g in common]))
    if rows:
        out.append("\nSentence level on the test split, paired by `group_id` (the same German sentence; a row's "
                   "score is the highest score of the mtaudit sentences it falls in):\n\n")
        out.append(table(["MT set", "pairs", "MT higher", "tie", "MT lower", "P(MT higher) + ½ tie"], rows))
    out.append("\nThe test split holds no original English (the en_original groups stop at 2018 and are all in "
               "`train`), so MT against original English cannot be measured on it. For reference, the test-split "
               "MT documents against every `original_english` document (train split, 2009–2018; different "
               "stories, so topic differs too):\n")
    native_all = ("train", NATIVE, "en_original")
    block("Test-split MT against original English from the train split (cross-split, indicative only)",
          "test", "de_original", native_all)
    block("Train split (2008–2017): MT of German originals against the human translation", "train",
          "de_original", ("train", HUMAN, "de_original"))
    block("Train split (2009–2018): MT of the round trip (English → human German → MT) against the "
          "original English of the same documents", "train", "en_original", native_all)
    block("Train split: MT of German originals against original English (different documents)", "train",
          "de_original", native_all)
    block("Dev split (2018): MT against the human translation", "dev", "de_original",
          ("dev", HUMAN, "de_original"))
    return "".join(out), headline


def bins_for(scores, labels):
    edges = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0000001]
    # merge upper bins while a bin holds fewer than 10 documents
    cells = []
    for a, b in zip(edges, edges[1:]):
        idx = [i for i, s in enumerate(scores) if a <= s < b]
        cells.append([a, b, idx])
    merged = []
    for c in cells:
        if merged and (len(merged[-1][2]) < 10 or len(c[2]) < 10) and merged[-1][0] >= 0.1:
            merged[-1][1] = c[1]
            merged[-1][2] += c[2]
        else:
            merged.append(c)
    while len(merged) > 1 and len(merged[-1][2]) < 10:
        last = merged.pop()
        merged[-1][1] = last[1]
        merged[-1][2] += last[2]
    rows = []
    for a, b, idx in merged:
        if not idx:
            continue
        n = len(idx)
        mt = sum(labels[i] for i in idx)
        mean = sum(scores[i] for i in idx) / n
        hi = "1.0" if b > 1 else f"{b:.1f}"
        rows.append([f"{a:.1f}–{hi}", n, mt, n - mt, fmt(mean), pct(mt, n)])
    zeros = [i for i, s in enumerate(scores) if s == 0]
    return rows, len(zeros), sum(labels[i] for i in zeros)


def reliability_section(docs, res):
    out = []
    for title, keep in (
        ("Test split (2019): every MT producer (6) against the human translation (negatives = human "
         "translation only; base rate 6/7 = 85.7% MT)",
         lambda m: m["split"] == "test"),
        ("Train split: MT (DeepL, Google; both origins) against original English + human translation",
         lambda m: m["split"] == "train"),
    ):
        scores, labels = [], []
        for d, r in zip(docs, res):
            if keep(d.meta):
                scores.append(r["score"])
                labels.append(1 if d.meta["is_mt"] else 0)
        rows, nz, nzmt = bins_for(scores, labels)
        out.append(f"\n**{title}**: {len(scores)} documents, {sum(labels)} MT; "
                   f"{nz} score exactly 0 ({pct(nzmt, nz)} of them MT).\n\n")
        out.append(table(["score bin", "documents", "MT", "not MT", "mean score", "observed MT share"], rows))
    return "".join(out)


CATS = ["idiom", "transliteration", "role", "repetition", "coreference", "residue", "typography",
        "boilerplate", "fragment"]


def category_counts_section(docs, res):
    sets = collections.OrderedDict()
    order = [NATIVE, HUMAN, "deepl", "google"]
    for d, r in zip(docs, res):
        p = d.meta["producer"]
        if p not in order:
            order.append(p)
        key = p
        s = sets.setdefault(key, {"docs": 0, "sent": 0, "cnt": collections.Counter(), "zero": collections.Counter(),
                                  "rules": collections.Counter()})
        s["docs"] += 1
        s["sent"] += len(r["sentences"])
        for _, f in findings(r):
            if f["weight"] > 0:
                s["cnt"][f["category"]] += 1
                s["rules"][f["rule"]] += 1
            else:
                s["zero"][f["category"]] += 1
    cats = [c for c in CATS if any(s["cnt"][c] or s["zero"][c] for s in sets.values())]
    rows = []
    for p in order:
        if p not in sets:
            continue
        s = sets[p]
        tot = sum(s["cnt"].values())
        rows.append([short_producer(p), s["docs"], s["sent"]] +
                    [s["cnt"][c] + 0 if not s["zero"][c] else f"{s['cnt'][c]} (+{s['zero'][c]} w=0)" for c in cats] +
                    [tot, fmt(1000 * tot / s["sent"], 1) if s["sent"] else "–"])
    out = [table(["set", "documents", "sentences"] + cats + ["all (w > 0)", "per 1,000 sentences"], rows)]
    out.append("\nAll splits together. Counts are findings of weight > 0; \"(+n w=0)\" adds findings reported "
               "at weight 0 (page chrome), which never raise a score. Human translation and DeepL/Google cover "
               "different document sets (DeepL and Google also translated the round-tripped English "
               "originals), so compare rates per 1,000 sentences, not raw counts.\n")
    # segmentation check: rows are sentences in the data; mtaudit may join them
    rows = []
    for p in order:
        joined = rows_joined = c1 = nrows = 0
        for d, r in zip(docs, res):
            if d.meta["producer"] != p:
                continue
            nrows += len(d.lines)
            c1 += sum(1 for a, b in d.lines if any("\x80" <= ch <= "\x9f" for ch in d.text[a:b]))
            for st in r["sentences"]:
                k = len(d.line_of(st["start"], st["end"]))
                if k > 1:
                    joined += 1
                    rows_joined += k
        if nrows:
            rows.append([short_producer(p), nrows, joined, rows_joined, c1])
    out.append("\nSegmentation check. Each row of `htmt_en.tsv` is one sentence and is given as one line; "
               "mtaudit joins a line to the next when it looks hard-wrapped (no final punctuation, a closing "
               "quote it does not know, an abbreviation at the end). Rows with C1 control characters "
               "(U+0080–U+009F, Windows-1252 quotes and dashes decoded as Latin-1 in the data) are counted "
               "because such a line often ends in one:\n\n")
    out.append(table(["set", "rows", "mtaudit sentences spanning > 1 row", "rows inside them",
                      "rows with C1 controls"], rows))
    # most frequent rules in native / human / MT
    rows = []
    top = collections.Counter()
    for p in order:
        if p in sets:
            top.update(sets[p]["rules"])
    for rule, _ in top.most_common(25):
        rows.append([f"`{rule}`"] + [sets[p]["rules"][rule] for p in order if p in sets])
    out.append("\nThe 25 most frequent rules (weight > 0), counts per set:\n\n")
    out.append(table(["rule"] + [short_producer(p) for p in order if p in sets], rows))
    return "".join(out)


def evidence_pieces(r):
    """Findings merged into pieces of evidence: one rule's overlapping findings in one sentence count once
    (mtaudit scores them once, but lists each, e.g. "the new crown" and "new crown epidemic")."""
    for s in r["sentences"]:
        by_rule = collections.defaultdict(list)
        for f in s["findings"]:
            by_rule[f["rule"]].append(f)
        for rule, fs in by_rule.items():
            fs.sort(key=lambda f: (f["start"], f["end"]))
            cur = None
            for f in fs:
                if cur and f["start"] < cur["end"]:
                    cur["end"] = max(cur["end"], f["end"])
                    cur["n"] += 1
                else:
                    if cur:
                        yield cur
                    cur = {"rule": rule, "category": f["category"], "weight": f["weight"],
                           "start": f["start"], "end": f["end"], "n": 1}
            if cur:
                yield cur


def chance_overlap(length, n, spans):
    """Probability that a span of `length` placed uniformly in a text of n characters overlaps a span."""
    positions = n - length + 1
    if positions <= 0 or not spans:
        return 1.0 if spans and positions <= 0 else 0.0
    hit = 0
    for p in range(positions):
        if any(a < p + length and p < b for a, b, _, _ in spans):
            hit += 1
    return hit / positions


def mqm_section(docs, res):
    out = []
    # span overlap (rows with span annotations)
    per_cat = collections.OrderedDict()
    per_rule = collections.OrderedDict()
    by_mqm = collections.defaultdict(collections.Counter)
    mqm_cats_total = collections.Counter()
    chars = covered = 0
    n_rows = n_raw = 0
    for d, r in zip(docs, res):
        if not d.meta["has_spans"]:
            continue
        n_rows += 1
        spans = d.meta["spans"]
        cov = [False] * len(d.text)
        for a, b, c, _ in spans:
            for i in range(max(0, a), min(b, len(d.text))):
                cov[i] = True
        chars += len(d.text)
        covered += sum(cov)
        n_raw += sum(1 for _ in findings(r))
        for f in evidence_pieces(r):
            cat = f["category"] + ("" if f["weight"] > 0 else " (w=0)")
            a, b = f["start"], f["end"]
            hits = [s for s in spans if s[0] < b and a < s[1]]
            chance = chance_overlap(b - a, len(d.text), spans)
            for key, table_ in ((cat, per_cat), (f["rule"], per_rule)):
                st = table_.setdefault(key, {"n": 0, "hit": 0, "human": 0, "human_hit": 0, "chance": 0.0,
                                             "major": 0})
                st["n"] += 1
                st["chance"] += chance
                if d.meta["human"]:
                    st["human"] += 1
                if hits:
                    st["hit"] += 1
                    if any(s[3] == "Major" for s in hits):
                        st["major"] += 1
                    if d.meta["human"]:
                        st["human_hit"] += 1
            if hits:
                for c in sorted({s[2] for s in hits}):
                    by_mqm[cat][c] += 1
                    mqm_cats_total[c] += 1
    out.append(f"Rows with span annotations (WMT23 general, WMT21 TED): {n_rows}. Raters' target-side spans "
               f"(any rater, any severity) cover {pct(covered, chars)} of these rows' characters. mtaudit "
               f"reported {n_raw} findings there; overlapping findings of one rule in one sentence are merged "
               f"into one piece of evidence (mtaudit scores them once) before counting. \"Chance\" is the "
               f"expected precision of a span of the same length placed uniformly at random in the same row: "
               f"precision means something only above it.\n\n")
    rows = []
    for cat, st in sorted(per_cat.items(), key=lambda kv: -kv[1]["n"]):
        rows.append([cat, st["n"], st["hit"], pct(st["hit"], st["n"]), pct(st["chance"], st["n"]),
                     st["major"], f"{st['human']} ({st['human_hit']} overlap)"])
    out.append(table(["mtaudit category", "pieces of evidence", "overlap a rater span", "precision", "chance",
                      "overlap a Major span", "of them on human references"], rows))
    rows = []
    for rule, st in sorted(per_rule.items(), key=lambda kv: -kv[1]["n"])[:20]:
        rows.append([f"`{rule}`", st["n"], st["hit"], pct(st["hit"], st["n"]), pct(st["chance"], st["n"])])
    out.append("\nThe 20 most frequent rules:\n\n")
    out.append(table(["rule", "pieces of evidence", "overlap a rater span", "precision", "chance"], rows))
    if by_mqm:
        out.append("\nOverlapped spans by MQM category (a finding overlapping spans of two categories counts "
                   "under both):\n\n")
        mcats = [c for c, _ in mqm_cats_total.most_common()]
        rows = []
        for cat in per_cat:
            if by_mqm[cat]:
                rows.append([cat, "; ".join(f"{c} {by_mqm[cat][c]}" for c in mcats if by_mqm[cat][c])])
        out.append(table(["mtaudit category", "MQM categories of the overlapped spans"], rows))
    # correlations
    rows = []
    for ds in sorted({d.meta["dataset"] for d in docs}):
        for mt_only in (False, True):
            sel = [(d, r) for d, r in zip(docs, res) if d.meta["dataset"] == ds and d.meta["mqm"] is not None
                   and (not mt_only or not d.meta["human"])]
            if not sel:
                continue
            if mt_only and all(not d.meta["human"] for d, _ in zip(docs, res) if d.meta["dataset"] == ds):
                continue  # no human rows: same as all rows
            mq = [d.meta["mqm"] for d, _ in sel]
            s1 = [r["score"] for _, r in sel]
            s2 = [max_sentence(r) for _, r in sel]
            rho1, p1 = spearman(s1, mq)
            rho2, p2 = spearman(s2, mq)
            nz = [m for m, s in zip(mq, s1) if s > 0]
            z = [m for m, s in zip(mq, s1) if s == 0]
            pos = [s for s, d in zip(s1, sel) if d[0].meta["label"] == "mt_artifact"]
            neg = [s for s, d in zip(s1, sel) if d[0].meta["label"] == "clean"]
            ln = [len(d.text) for d, _ in sel]
            rows.append([ds, "MT rows" if mt_only else "all rows", len(sel), pct(len(nz), len(sel)),
                         f"{fmt(rho1)} (p {fmt_p(p1)})", f"{fmt(rho2)} (p {fmt_p(p2)})",
                         fmt(spearman(ln, mq)[0]), fmt(spearman(ln, s1)[0]), fmt(partial_spearman(s1, mq, ln)),
                         f"{fmt(sum(nz) / len(nz) if nz else float('nan'), 2)} / {fmt(sum(z) / len(z) if z else float('nan'), 2)}",
                         fmt(roc_auc(pos, neg))])
    out.append("\nSpearman between the mtaudit score and `mqm_score` (higher MQM = worse, so a positive ρ is the "
               "good direction). `wmt21_newstest_zhen` has scores but no spans. AUC: `mt_artifact` rows against "
               "`clean` rows (labels from the README).\n\n")
    out.append(table(["dataset", "rows", "n", "score > 0", "ρ (document score)", "ρ (max sentence score)",
                      "ρ(length, MQM)", "ρ(length, score)", "ρ partial on length",
                      "mean MQM, score > 0 / = 0", "AUC mt_artifact vs clean"], rows))
    out.append("\nLength (characters of `target_text`) drives both the MQM penalty (a sum over errors, not "
               "normalised) and the chance of any finding, so \"ρ partial on length\" (Spearman with the rank "
               "of length partialled out) is the fairer number.\n")
    return "".join(out)


def mlqe_section(docs, res):
    rows = []
    for lp in sorted({d.meta["lp"] for d in docs}):
        sel = [(d, r) for d, r in zip(docs, res) if d.meta["lp"] == lp and d.meta["z"] is not None]
        z = [d.meta["z"] for d, _ in sel]
        s = [r["score"] for _, r in sel]
        rho, p = spearman(s, z)
        hs = [(r["score"], d.meta["hter"]) for d, r in sel if d.meta["hter"] is not None]
        rh, ph = spearman([a for a, _ in hs], [b for _, b in hs]) if hs else (float("nan"), float("nan"))
        nz = [zz for zz, ss in zip(z, s) if ss > 0]
        ze = [zz for zz, ss in zip(z, s) if ss == 0]
        pos = [ss for (d, _), ss in zip(sel, s) if d.meta["label"] == "mt_artifact"]
        neg = [ss for (d, _), ss in zip(sel, s) if d.meta["label"] == "clean"]
        ln = [len(d.text) for d, _ in sel]
        rows.append([lp, len(sel), pct(len(nz), len(sel)), f"{fmt(rho)} (p {fmt_p(p)})",
                     fmt(partial_spearman(s, z, ln)),
                     f"{fmt(rh)} (p {fmt_p(ph)})" if hs else "–",
                     f"{fmt(sum(nz) / len(nz) if nz else float('nan'), 2)} / {fmt(sum(ze) / len(ze) if ze else float('nan'), 2)}",
                     fmt(roc_auc(pos, neg))])
    return ("Every `mt` row (dev, test20, test21) as one document. Good direction: ρ(score, z_mean) **negative** "
            "(more evidence ↔ worse DA), ρ(score, HTER) **positive**. AUC: `mt_artifact` (DA < 50) against "
            "`clean` (DA ≥ 90), where labelled.\n\n" +
            table(["lang_pair", "rows", "score > 0", "ρ(score, z_mean)", "same, partial on length", "ρ(score, HTER)",
                   "mean z, score > 0 / = 0", "AUC mt_artifact vs clean"], rows))


def native_rules_section(docs, res):
    c = collections.Counter()
    for d, r in zip(docs, res):
        if d.meta["producer"] == NATIVE:
            for _, f in findings(r):
                if f["weight"] > 0:
                    c[(f["rule"], f["weight"])] += 1
    if not c:
        return ""
    return ("\nEvery rule with weight > 0 that fires on original English (all native false positives, whatever "
            "the score):\n\n" + table(["rule", "weight", "findings"],
                                      [[f"`{a}`", fmt(w, 2), n] for (a, w), n in c.most_common()]))


# ---------------------------------------------------------------- main

def evaluate(binary, threads, weights, tmp, htmt, mqm, mlqe):
    label = "calibrated" if weights else "raw"
    print(f"quality.py: running mtaudit ({label}) on htmt ({len(htmt)} documents) …", file=sys.stderr)
    rh = run_mtaudit(binary, threads, weights, os.path.join(tmp, "htmt.jsonl"), htmt)
    print(f"quality.py: … MQM ({len(mqm)} rows) …", file=sys.stderr)
    rq = run_mtaudit(binary, threads, weights, os.path.join(tmp, "mqm.jsonl"), mqm)
    print(f"quality.py: … MLQE-PE ({len(mlqe)} rows)", file=sys.stderr)
    rm = run_mtaudit(binary, threads, weights, os.path.join(tmp, "mlqe.jsonl"), mlqe)
    return rh, rq, rm


def report(args, htmt, mqm, mlqe, runs):
    parts = []
    cmd = " ".join(mtaudit_cmd(os.path.basename(args.mtaudit), args.threads, None)) + " FILE.jsonl"
    parts.append(f"Generated by `scripts/quality.py` with mtaudit run as `{cmd}`"
                 + (f" and again with `--weights {args.weights}`" if args.weights else "")
                 + f". Review threshold: {REVIEW_AT}. Documents: htmt {len(htmt)}, MQM {len(mqm)}, "
                 f"MLQE-PE {len(mlqe)}.\n")
    headlines = {}
    for name, (rh, rq, rm) in runs:
        suffix = f" ({name})" if len(runs) > 1 else ""
        sec, nat = native_section(htmt, rh)
        parts.append(f"\n### 1. Native false alarms{suffix}\n\nEvery `original_english` row of `htmt_en.tsv` "
                     "(all splits), grouped into documents by `doc_id` in file order, one row per line.\n\n" + sec)
        parts.append(native_rules_section(htmt, rh))
        sec, head = classification_section(htmt, rh)
        headlines[name] = (nat, head)
        parts.append(f"\n### 2. Document-level detection{suffix}\n\nA document is (producer, `doc_id`). "
                     "Precision and recall count documents scoring ≥ "
                     f"{REVIEW_AT} as MT. The bootstrap interval resamples documents within each class "
                     "(400 resamples). Most documents of every class score exactly 0, so the AUC is mostly "
                     "decided by which class more often has any finding (columns \"> 0\").\n" + sec)
        parts.append(f"\n### 3. Per-category findings in each htmt set{suffix}\n\n" + category_counts_section(htmt, rh))
        parts.append(f"\n### 4. MQM zh→en{suffix}\n\nEach row's `target_text` is one document "
                     "(id `dataset|system|seg_id`).\n\n" + mqm_section(mqm, rq))
        parts.append(f"\n### 5. MLQE-PE{suffix}\n\n" + mlqe_section(mlqe, rm))
        parts.append(f"\n### 6. Reliability{suffix}\n\nDocument score bins against the observed share of MT "
                     "documents (bins above 0.1 are merged while one holds fewer than 10 documents).\n"
                     + reliability_section(htmt, rh))
    if len(runs) > 1:
        names = [n for n, _ in runs]
        rows = []
        nat = {n: headlines[n][0] for n in names}
        rows.append([f"native sentences ≥ {REVIEW_AT}"] + [f"{nat[n]['flagged']}/{nat[n]['sentences']}" for n in names])
        rows.append([f"native documents ≥ {REVIEW_AT}"] + [f"{nat[n]['docs_flagged']}/{nat[n]['docs']}" for n in names])
        for key in headlines[names[0]][1]:
            title, p = key
            label = f"AUC, {short_producer(p)}: {title}"
            if title.startswith("Train"):
                label += " (in-sample if the weights were fitted on train)"
            rows.append([label] + [fmt(headlines[n][1].get(key)) for n in names])
        parts.insert(1, "\n### Raw against calibrated\n\n" + table(["measure"] + names, rows))
    return "".join(parts), headlines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[1:]))
    ap.add_argument("eval_dir")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--mtaudit", default=os.path.join(here, "..", "target", "release", "mtaudit"))
    ap.add_argument("--out", help="write the report here (between the quality markers if present)")
    ap.add_argument("--weights", help="also run with `mtaudit --weights FILE` and show both")
    ap.add_argument("--emit-truth", metavar="DIR", help="write htmt train/dev JSONL and truth CSV to DIR")
    ap.add_argument("--emit-only", action="store_true", help="stop after --emit-truth")
    ap.add_argument("-j", "--threads", type=int, default=2)
    args = ap.parse_args()

    if not os.path.isdir(args.eval_dir):
        die(f"{args.eval_dir}: no such folder (pass the eval-data folder, e.g. ../shared/eval-data)")
    for f in FILES:
        if not os.path.isfile(os.path.join(args.eval_dir, f)):
            die(f"{os.path.join(args.eval_dir, f)}: missing")
    if args.weights and not os.path.isfile(args.weights):
        die(f"{args.weights}: no such weights file")
    if args.emit_only and not args.emit_truth:
        die("--emit-only needs --emit-truth DIR")

    htmt = load_htmt(args.eval_dir)

    if args.emit_truth:
        os.makedirs(args.emit_truth, exist_ok=True)
        for split in ("train", "dev"):
            sel = [d for d in htmt if d.meta["split"] == split]
            write_jsonl(os.path.join(args.emit_truth, f"htmt-{split}.jsonl"), sel,
                        lambda d: {"producer": d.meta["producer"]})
            with open(os.path.join(args.emit_truth, f"htmt-{split}-truth.csv"), "w", encoding="utf-8") as f:
                f.write("doc,label\n")
                for d in sel:
                    f.write(f"{d.id},{1 if d.meta['is_mt'] else 0}\n")
            print(f"quality.py: {args.emit_truth}/htmt-{split}.jsonl: {len(sel)} documents "
                  f"({sum(d.meta['is_mt'] for d in sel)} MT)", file=sys.stderr)
        if args.emit_only:
            return

    args.mtaudit = os.path.abspath(args.mtaudit)
    wait_for_binary(args.mtaudit)
    if args.weights:
        h = subprocess.run([args.mtaudit, "--help"], capture_output=True, text=True).stdout
        if "--weights" not in h:
            die(f"{args.mtaudit} has no --weights option (rebuild it, or run without --weights)")
    mqm = load_mqm(args.eval_dir)
    mlqe = load_mlqe(args.eval_dir)

    tmp = tempfile.mkdtemp(prefix="mtaudit-quality-")
    try:
        write_jsonl(os.path.join(tmp, "htmt.jsonl"), htmt)
        write_jsonl(os.path.join(tmp, "mqm.jsonl"), mqm)
        write_jsonl(os.path.join(tmp, "mlqe.jsonl"), mlqe)
        runs = [("raw", evaluate(args.mtaudit, args.threads, None, tmp, htmt, mqm, mlqe))]
        if args.weights:
            runs.append(("calibrated", evaluate(args.mtaudit, args.threads, args.weights, tmp, htmt, mqm, mlqe)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    text, headlines = report(args, htmt, mqm, mlqe, runs)
    for name, (nat, head) in headlines.items():
        print(f"quality.py [{name}]: native sentences ≥ {REVIEW_AT}: {nat['flagged']}/{nat['sentences']}, "
              f"documents ≥ {REVIEW_AT}: {nat['docs_flagged']}/{nat['docs']}", file=sys.stderr)
        for (title, p), auc in head.items():
            if p == "pooled":
                print(f"quality.py [{name}]: AUC {fmt(auc)}: {title}", file=sys.stderr)
    if args.out:
        old = open(args.out, encoding="utf-8").read() if os.path.exists(args.out) else ""
        if BEGIN in old and END in old:
            new = old[: old.index(BEGIN) + len(BEGIN)] + "\n" + text + "\n" + old[old.index(END):]
        else:
            new = BEGIN + "\n" + text + "\n" + END + "\n"
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(new)
        print(f"quality.py: wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
