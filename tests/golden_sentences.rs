//! The sentence splitter's golden set: `fixtures/segment/golden.toml`.
//!
//! Every case must pass except those marked `known_failure`, which must
//! still fail (so a fix is noticed and the mark removed). The pass rate is
//! printed with `cargo test --test golden_sentences -- --nocapture`.

use mtaudit::segment::sentences;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Golden {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    sentences: Vec<String>,
    #[serde(default)]
    known_failure: bool,
}

#[test]
fn golden_sentence_boundaries() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/segment/golden.toml");
    let golden: Golden = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(
        golden.case.len() >= 60,
        "the golden set needs at least 60 cases"
    );
    let mut passed = 0;
    let mut problems = Vec::new();
    for case in &golden.case {
        let got: Vec<&str> = sentences(&case.text)
            .iter()
            .map(|s| s.text(&case.text))
            .collect();
        let ok = got == case.sentences;
        if ok {
            passed += 1;
        }
        match (ok, case.known_failure) {
            (false, false) => problems.push(format!(
                "{}:\n  expected {:?}\n  got      {:?}",
                case.name, case.sentences, got
            )),
            (true, true) => {
                problems.push(format!("{}: passes now; remove `known_failure`", case.name))
            }
            _ => {}
        }
    }
    println!(
        "golden sentences: {passed} of {} pass ({:.1}%)",
        golden.case.len(),
        100.0 * passed as f64 / golden.case.len() as f64
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
