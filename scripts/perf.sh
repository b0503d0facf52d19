#!/usr/bin/env bash
# Measures the speed and memory figures of issue 6 on this machine, each
# with the command that produced it.
#
# Usage: scripts/perf.sh EVAL_DATA_DIR [WORK_DIR] [--gigabyte]
#
# Builds the release binary, writes the corpora with scripts/perf_corpus.py
# into WORK_DIR (default /tmp/mtaudit-perf), and prints:
#   1. throughput of `mtaudit -j1` (CSV to /dev/null) and of `wc -w` on the
#      same JSONL corpus, in the same run, and their ratio;
#   2. one 8 MB plain-text document against the corpus, per MB;
#   3. the corpus 1x, 4x and 16x: seconds per MB;
#   4. all cores against one thread, and whether the outputs are identical;
#   5. start-up: the median of 11 runs on a one-sentence file;
#   6. peak memory (max RSS) of a one-thread run on the 16x corpus, or on a
#      ~1 GB corpus with --gigabyte (some 12 minutes).
# Wall-clock figures are only meaningful on an otherwise idle machine.
set -euo pipefail

eval_dir=${1:?usage: scripts/perf.sh EVAL_DATA_DIR [WORK_DIR] [--gigabyte]}
work=${2:-/tmp/mtaudit-perf}
gigabyte=false
for arg in "$@"; do [ "$arg" = --gigabyte ] && gigabyte=true; done
[ "$work" = --gigabyte ] && work=/tmp/mtaudit-perf
cd "$(dirname "$0")/.."
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/mtaudit
cores=$(nproc)

corpus() { # NAME ARGS...
  local out="$work/$1"; shift
  [ -s "$out" ] || python3 scripts/perf_corpus.py "$eval_dir" "$out" "$@"
}
corpus corpus-1x.jsonl
corpus corpus-4x.jsonl --times 4
corpus corpus-16x.jsonl --times 16
corpus single-8mb.txt --single-document --megabytes 8

# seconds and peak KB of a command: "SECONDS KB"
measure() {
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/time.txt" "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $(tail -1 "$work/time.txt")"
}
mb() { echo "$(stat -c %s "$1") / 1000000" | bc -l; }
fmt() { printf "%.2f" "$1"; }

one=$work/corpus-1x.jsonl
echo "corpus: $one, $(fmt "$(mb "$one")") MB; $cores cores"

echo
echo "1. throughput (mtaudit -q -j1 -f jsonl CORPUS -o /dev/null; wc -w CORPUS)"
read -r t_wc _ <<<"$(measure wc -w "$one")"
read -r t_mt kb_mt <<<"$(measure "$bin" -q -j1 -f jsonl "$one" -o /dev/null)"
echo "   wc -w:   $(fmt "$t_wc") s, $(fmt "$(echo "$(mb "$one") / $t_wc" | bc -l)") MB/s"
echo "   mtaudit: $(fmt "$t_mt") s, $(fmt "$(echo "$(mb "$one") / $t_mt" | bc -l)") MB/s, peak $((kb_mt / 1024)) MB"
echo "   ratio mtaudit/wc: $(printf "%.4f" "$(echo "$t_wc / $t_mt" | bc -l)") (target at least 0.3333)"

echo
echo "2. one 8 MB document (mtaudit -q -j1 single-8mb.txt -o /dev/null)"
single=$work/single-8mb.txt
read -r t_single kb_single <<<"$(measure "$bin" -q -j1 "$single" -o /dev/null)"
per_mb_corpus=$(echo "$t_mt / $(mb "$one")" | bc -l)
per_mb_single=$(echo "$t_single / $(mb "$single")" | bc -l)
echo "   $(fmt "$t_single") s, $(fmt "$per_mb_single") s/MB against $(fmt "$per_mb_corpus") s/MB for the corpus; peak $((kb_single / 1024)) MB"
echo "   speed relative to the corpus: $(fmt "$(echo "$per_mb_corpus / $per_mb_single" | bc -l)") (target at least 0.5)"

echo
echo "3. linear growth (mtaudit -q -j1 -f jsonl corpus-Nx.jsonl -o /dev/null)"
for n in 1 4 16; do
  file=$work/corpus-${n}x.jsonl
  if [ "$n" = 1 ]; then t=$t_mt; kb=$kb_mt; else read -r t kb <<<"$(measure "$bin" -q -j1 -f jsonl "$file" -o /dev/null)"; fi
  echo "   ${n}x: $(fmt "$(mb "$file")") MB in $(fmt "$t") s = $(printf "%.3f" "$(echo "$t / $(mb "$file")" | bc -l)") s/MB, peak $((kb / 1024)) MB"
done

echo
echo "4. threads (mtaudit -q -j1 against -j$cores on corpus-4x.jsonl, CSV compared)"
four=$work/corpus-4x.jsonl
read -r t1 _ <<<"$(measure "$bin" -q -j1 -f jsonl "$four" -o "$work/out-j1.csv")"
read -r tn kb_n <<<"$(measure "$bin" -q -j"$cores" -f jsonl "$four" -o "$work/out-jn.csv")"
same=identical; cmp -s "$work/out-j1.csv" "$work/out-jn.csv" || same=DIFFERENT
echo "   -j1 $(fmt "$t1") s, -j$cores $(fmt "$tn") s: $(fmt "$(echo "$t1 / $tn" | bc -l)")x (target at least 1.8 on 2 cores); output $same; peak $((kb_n / 1024)) MB"

echo
echo "5. start-up (mtaudit -q -j1 ONE_SENTENCE.txt, median of 11)"
echo "The minister assisted at the summit in Brussels on Monday." >"$work/one.txt"
times=()
for _ in $(seq 11); do read -r t _ <<<"$(measure "$bin" -q -j1 "$work/one.txt" -o /dev/null)"; times+=("$t"); done
median=$(printf "%s\n" "${times[@]}" | sort -n | sed -n 6p)
echo "   $(printf "%.0f" "$(echo "$median * 1000" | bc -l)") ms (target under 50 ms)"

echo
if $gigabyte; then
  corpus corpus-gigabyte.jsonl --times 112
  big=$work/corpus-gigabyte.jsonl
  echo "6. memory (mtaudit -q -j1 -f jsonl corpus-gigabyte.jsonl -o /dev/null)"
else
  big=$work/corpus-16x.jsonl
  echo "6. memory (mtaudit -q -j1 -f jsonl corpus-16x.jsonl -o /dev/null; --gigabyte for 1 GB)"
fi
read -r t kb <<<"$(measure "$bin" -q -j1 -f jsonl "$big" -o /dev/null)"
echo "   $(fmt "$(mb "$big")") MB in $(fmt "$t") s, peak $((kb / 1024)) MB (target under 100 MB)"
