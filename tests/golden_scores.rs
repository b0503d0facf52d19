//! Every fixture document's score, pinned. A change to a lexicon, a
//! detector or the scoring shows up here as a diff of document scores, so
//! precision lost on native articles, or recall lost on machine-translated
//! ones, is seen in review.
//!
//! The fixtures are every `*.txt` under `fixtures/` and each record of
//! `fixtures/feed.jsonl`. Native articles (`fixtures/clean/`, and files
//! named `native-*`) must also stay below the review threshold.
//! Regenerate after checking a change with
//! `UPDATE_SNAPSHOTS=1 cargo test --test golden_scores`.

use mtaudit::input::{self, InputOptions};
use mtaudit::lexicon::LexiconSet;
use mtaudit::{Auditor, Document};
use std::path::Path;

const REVIEW_AT: f64 = 0.5;
const SNAPSHOT: &str = "fixtures/golden-scores.tsv";

fn fixture_documents(root: &Path) -> Vec<Document> {
    let mut paths: Vec<_> = walkdir::WalkDir::new(root.join("fixtures"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut docs: Vec<Document> = paths
        .iter()
        .map(|p| {
            let id = p.strip_prefix(root).unwrap().display().to_string();
            Document::new(id, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let options = InputOptions {
        format: input::Format::Jsonl,
        ..InputOptions::default()
    };
    let feed = input::Source::File(root.join("fixtures/feed.jsonl"));
    for doc in input::documents(&feed, &options) {
        let mut doc = doc.unwrap();
        doc.id = doc
            .id
            .replace(&root.display().to_string(), "")
            .trim_start_matches('/')
            .to_string();
        docs.push(doc);
    }
    docs
}

#[test]
fn document_scores_match_the_snapshot_and_native_articles_stay_low() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let auditor = Auditor::builder()
        .build(&LexiconSet::embedded().unwrap())
        .unwrap();
    let mut table = String::from("# doc\tscore\tcategories\tsource_language\n");
    let mut native_too_high = Vec::new();
    let docs = fixture_documents(root);
    assert!(docs.len() >= 20, "only {} fixture documents", docs.len());
    for doc in docs {
        let scored = auditor.audit(doc);
        let categories: Vec<&str> = scored.categories().iter().map(|c| c.as_str()).collect();
        let language = scored
            .source_language
            .best
            .map(|l| l.to_string())
            .unwrap_or_default();
        table.push_str(&format!(
            "{}\t{:.3}\t{}\t{}\n",
            scored.doc.id,
            scored.score,
            categories.join(";"),
            language
        ));
        let name = scored.doc.id.rsplit('/').next().unwrap_or("");
        let native = scored.doc.id.starts_with("fixtures/clean/") || name.starts_with("native-");
        if native && scored.score >= REVIEW_AT {
            native_too_high.push(format!("{} scores {:.3}", scored.doc.id, scored.score));
        }
    }
    let path = root.join(SNAPSHOT);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &table).unwrap();
    }
    assert!(
        native_too_high.is_empty(),
        "native fixtures flagged: {native_too_high:#?}"
    );
    let pinned = std::fs::read_to_string(&path).unwrap_or_default();
    if pinned != table {
        let diff: Vec<String> = table
            .lines()
            .filter(|l| !pinned.lines().any(|p| p == *l))
            .map(|l| format!("now:    {l}"))
            .chain(
                pinned
                    .lines()
                    .filter(|p| !table.lines().any(|l| l == *p))
                    .map(|p| format!("pinned: {p}")),
            )
            .collect();
        panic!(
            "document scores changed ({SNAPSHOT}); if intended, run UPDATE_SNAPSHOTS=1 cargo test --test golden_scores\n{}",
            diff.join("\n")
        );
    }
}
