//! The coreference fixtures: every file under `fixtures/coreference/flags`
//! and `fixtures/coreference/clean` is audited by the `coreference`
//! detector, and its findings must be exactly those listed in
//! `fixtures/coreference/expected.tsv` (none for clean files). The
//! fixtures bring their own given names
//! (`fixtures/coreference/lexicons/names/`), so the test does not depend on
//! what the default tables list. Every mismatch is reported at once.

use mtaudit::detect::{registry, Detector};
use mtaudit::document::Segmented;
use mtaudit::lexicon::LexiconSet;
use std::collections::BTreeSet;
use std::path::Path;

fn detector() -> Box<dyn Detector> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/coreference");
    let mut set = LexiconSet::embedded().unwrap();
    set.overlay_dir(&root.join("lexicons")).unwrap();
    registry(&set)
        .into_iter()
        .find(|d| d.id() == "coreference")
        .expect("coreference is registered")
}

/// (file, rule, byte start, byte end) of every expected finding.
fn expected(root: &Path, errors: &mut Vec<String>) -> BTreeSet<(String, String, usize, usize)> {
    let table = std::fs::read_to_string(root.join("expected.tsv")).unwrap();
    let mut out = BTreeSet::new();
    for (n, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [file, rule, context] = fields[..] else {
            errors.push(format!("expected.tsv:{}: need 3 columns", n + 1));
            continue;
        };
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let (Some(open), Some(close)) = (context.find('['), context.find(']')) else {
            errors.push(format!("expected.tsv:{}: mark the pronoun with [ ]", n + 1));
            continue;
        };
        let plain = context.replace(['[', ']'], "");
        let hits: Vec<usize> = text.match_indices(&plain).map(|(i, _)| i).collect();
        if hits.len() != 1 {
            errors.push(format!(
                "expected.tsv:{}: {plain:?} occurs {} times in {file}",
                n + 1,
                hits.len()
            ));
            continue;
        }
        let start = hits[0] + open;
        out.insert((
            file.to_string(),
            rule.to_string(),
            start,
            start + close - open - 1,
        ));
    }
    out
}

#[test]
fn coreference_fixtures_flag_exactly_the_listed_pronouns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/coreference");
    let detector = detector();
    let mut errors = Vec::new();
    let want = expected(&root, &mut errors);
    let mut got = BTreeSet::new();
    let mut files = 0;
    for dir in ["flags", "clean"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            files += 1;
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = Segmented::new(&text);
            let mut findings = Vec::new();
            detector.detect(&doc, &mut findings);
            if dir == "flags" && findings.is_empty() {
                errors.push(format!("{name}: nothing flagged"));
            }
            for f in findings {
                let s = doc.sentences[f.sentence];
                assert!(s.start <= f.span.start && f.span.end <= s.end, "{f:?}");
                got.insert((name.clone(), f.rule.to_string(), f.span.start, f.span.end));
            }
        }
    }
    assert!(files >= 10, "only {files} fixtures found");
    let show = |(file, rule, start, end): &(String, String, usize, usize)| {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let from = text[..*start].rfind('\n').map_or(0, |i| i + 1);
        format!(
            "{file}: {rule} at {start}: …{}[{}]{}",
            &text[from.max(start.saturating_sub(30))..*start],
            &text[*start..*end],
            text[*end..].chars().take(20).collect::<String>()
        )
    };
    for missing in want.difference(&got) {
        errors.push(format!("not flagged: {}", show(missing)));
    }
    for extra in got.difference(&want) {
        errors.push(format!("flagged but not expected: {}", show(extra)));
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}
