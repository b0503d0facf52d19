//! Throughput of the whole audit (segment, detect, score) in MB/s.
//!
//! The corpus is the English text of `../shared/eval-data/htmt_en.tsv`
//! (or the file named by `MTAUDIT_BENCH_CORPUS`), grouped into documents of
//! about 4 KB until at least 5 MB are collected. Without it, the bundled
//! fixtures are repeated to the same size, and the bench says so.
//!
//! Run with `cargo bench --bench throughput`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mtaudit::lexicon::LexiconSet;
use mtaudit::{Auditor, Document};
use std::path::{Path, PathBuf};

const TARGET_BYTES: usize = 5 << 20;
const DOC_BYTES: usize = 4 << 10;

fn corpus() -> Vec<Document> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = std::env::var_os("MTAUDIT_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../shared/eval-data/htmt_en.tsv"));
    let sentences: Vec<String> = match std::fs::read_to_string(&path) {
        Ok(tsv) => {
            let mut lines = tsv.lines();
            let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
            let col = header.iter().position(|h| *h == "text").unwrap_or(0);
            lines
                .filter_map(|l| l.split('\t').nth(col).map(str::to_string))
                .collect()
        }
        Err(_) => {
            eprintln!(
                "bench: {} not found; repeating fixtures/ instead (set MTAUDIT_BENCH_CORPUS)",
                path.display()
            );
            let mut texts = Vec::new();
            for dir in ["fixtures/clean", "fixtures"] {
                let Ok(entries) = std::fs::read_dir(manifest.join(dir)) else {
                    continue;
                };
                for e in entries.flatten() {
                    if e.path().extension().is_some_and(|x| x == "txt") {
                        texts.extend(std::fs::read_to_string(e.path()).ok());
                    }
                }
            }
            texts
        }
    };
    assert!(!sentences.is_empty(), "no bench text found");
    let mut docs = Vec::new();
    let mut total = 0;
    let mut current = String::new();
    for s in sentences.iter().cycle() {
        current.push_str(s);
        current.push(if current.len() % 3 == 0 { '\n' } else { ' ' });
        if current.len() >= DOC_BYTES {
            total += current.len();
            docs.push(Document::new(
                format!("doc{}", docs.len()),
                std::mem::take(&mut current),
            ));
            if total >= TARGET_BYTES {
                break;
            }
        }
    }
    docs
}

fn audit_corpus(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let lexicons = LexiconSet::embedded().expect("embedded lexicons");
    let auditor = Auditor::builder().build(&lexicons).expect("auditor");
    let mut group = c.benchmark_group("audit");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("all_detectors", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| auditor.audit(d.clone()).score)
                .sum::<f64>()
        })
    });
    group.finish();
}

criterion_group!(benches, audit_corpus);
criterion_main!(benches);
