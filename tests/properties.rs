//! Properties that hold for any input: no panic, and every span valid.

use mtaudit::lexicon::LexiconSet;
use mtaudit::output::{Jsonl, OutputOptions, SentenceCsv, Sink};
use mtaudit::{Auditor, Document};
use proptest::prelude::*;
use std::sync::OnceLock;

fn auditor() -> &'static Auditor {
    static AUDITOR: OnceLock<Auditor> = OnceLock::new();
    AUDITOR.get_or_init(|| {
        Auditor::builder()
            .build(&LexiconSet::embedded().unwrap())
            .unwrap()
    })
}

fn check(text: String) {
    let scored = auditor().audit(Document::new("p", text));
    let text = &scored.doc.text;
    let mut last_end = 0;
    for s in &scored.sentences {
        assert!(s.span.start < s.span.end && s.span.end <= text.len());
        assert!(s.span.start >= last_end, "sentences overlap");
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        last_end = s.span.end;
        assert!((0.0..=1.0).contains(&s.score));
        for f in &s.findings {
            assert!(s.span.start <= f.span.start && f.span.end <= s.span.end);
            assert!(f.span.start < f.span.end);
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }
    assert!((0.0..=1.0).contains(&scored.score));
    let mut csv = SentenceCsv::new(Vec::new(), OutputOptions::default()).unwrap();
    csv.write(&scored).unwrap();
    let mut jsonl = Jsonl::new(Vec::new(), OutputOptions::default());
    jsonl.write(&scored).unwrap();
}

/// Text built from the pieces the detectors and splitter care about.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Mr.",
        "U.S.",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        ".",
        "...",
        "…",
        "?",
        "!",
        "«",
        "»",
        "„",
        "“",
        "”",
        "\"",
        "'",
        "5,2",
        "%",
        " %",
        "100 000",
        "14h30",
        "1er",
        "n°",
        "(…)",
        "[…]",
        "Read also:",
        "Leave a Reply",
        "é",
        "ï",
        "Київ",
        "中文",
        "，",
        "- ",
        "1. ",
        "The",
        "minister",
        "said",
        "\u{a0}",
        "\u{202f}",
        ":",
        ";",
        "J.",
        "e.g.",
        "(",
        ")",
    ]);
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_unicode_is_safe(text in any::<String>()) {
        check(text);
    }

    #[test]
    fn any_bytes_read_lossily_are_safe(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn news_like_text_is_safe(text in newsy()) {
        check(text);
    }
}
