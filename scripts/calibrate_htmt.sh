#!/usr/bin/env bash
# Regenerates calibration/htmt.toml: the document-level calibration fitted on
# the `train` split of htmt_en.tsv (machine translation = 1; original English
# and human translation = 0).
#
#   scripts/calibrate_htmt.sh ../shared/eval-data
#
# Needs a release build (cargo build --release) and Python 3.
set -euo pipefail
eval_dir="${1:?usage: scripts/calibrate_htmt.sh EVAL_DATA_DIR}"
cd "$(dirname "$0")/.."
[ -f "$eval_dir/htmt_en.tsv" ] || { echo "calibrate_htmt.sh: $eval_dir/htmt_en.tsv not found" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/quality.py "$eval_dir" --emit-truth "$work" --emit-only
target/release/mtaudit calibrate -q --no-config --repeat-memory 0 \
  --truth "$work/htmt-train-truth.csv" -f jsonl "$work/htmt-train.jsonl" -o "$work/fitted.toml"
{
  echo "# Document-level calibration fitted on the htmt_en.tsv train split (WMT news,"
  echo "# German→English: DeepL, Google and WMT systems = 1; original English and"
  echo "# human translation = 0). Regenerate with: scripts/calibrate_htmt.sh ../shared/eval-data"
  echo "# Its probabilities hold for that mix (two thirds machine-translated); see QUALITY.md."
  sed "s|--truth $work/|--truth |" "$work/fitted.toml"
} > calibration/htmt.toml
echo "wrote calibration/htmt.toml" >&2
