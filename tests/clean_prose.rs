//! Native English must stay quiet: no sentence of the articles in
//! `fixtures/clean/` scores at or above the default review threshold, and
//! no document does either, even the one with a comment box scraped under it.
//!
//! Every finding on them, at any weight, is also pinned in
//! `fixtures/clean/findings.snapshot`, so that each new false alarm shows up
//! in review. After checking a change, regenerate it with
//! `UPDATE_SNAPSHOTS=1 cargo test --test clean_prose`.

use mtaudit::lexicon::LexiconSet;
use mtaudit::{Auditor, Document};

const REVIEW_AT: f64 = 0.5;

#[test]
fn native_articles_stay_below_the_review_threshold() {
    let auditor = Auditor::builder()
        .build(&LexiconSet::embedded().unwrap())
        .unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/clean");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "expected the clean articles in {dir}");
    let mut problems = Vec::new();
    let mut sentences = 0;
    let mut snapshot = String::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let scored = auditor.audit(Document::new(path.display().to_string(), text));
        sentences += scored.sentences.len();
        let name = path.file_name().unwrap().to_string_lossy();
        for f in scored.sentences.iter().flat_map(|s| &s.findings) {
            let evidence = &scored.doc.text[f.span.clone()];
            snapshot.push_str(&format!(
                "{name}\t{}\t{:.2}\t{evidence:?}\n",
                f.rule, f.weight
            ));
        }
        if scored.score >= REVIEW_AT {
            problems.push(format!(
                "{}: document scores {:.3}",
                scored.doc.id, scored.score
            ));
        }
        for s in &scored.sentences {
            if s.score >= REVIEW_AT {
                let rules: Vec<&str> = s.findings.iter().map(|f| &*f.rule).collect();
                problems.push(format!(
                    "{}: {:.3} {:?} in {:?}",
                    scored.doc.id,
                    s.score,
                    rules,
                    s.span.text(&scored.doc.text)
                ));
            }
        }
    }
    assert!(sentences > 150, "only {sentences} sentences");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let pinned_path = format!("{dir}/findings.snapshot");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&pinned_path, &snapshot).unwrap();
    }
    let pinned = std::fs::read_to_string(&pinned_path).unwrap_or_default();
    assert_eq!(
        pinned, snapshot,
        "findings on native text changed; review them, then run UPDATE_SNAPSHOTS=1 cargo test --test clean_prose"
    );
}
