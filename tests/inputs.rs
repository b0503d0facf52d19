//! Feeds and HTML pages as input, through the binary and the library: what
//! becomes a document, what the page signals give, how malformed inputs are
//! reported, and that no bytes make the readers panic.

mod common;
use common::*;

use mtaudit::input::{self, Format, InputOptions};
use mtaudit::lexicon::LexiconSet;
use mtaudit::Auditor;
use proptest::prelude::*;
use serde_json::Value;

use std::process::Output;
use std::sync::OnceLock;

/// JSONL records with the text, every sentence kept.
fn records(args: &[&str]) -> (Vec<Value>, Output) {
    let mut all = vec!["--output-format", "jsonl", "--emit-text"];
    all.extend_from_slice(args);
    let o = mtaudit(&all, b"");
    let docs = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (docs, o)
}

fn findings(doc: &Value) -> Vec<&Value> {
    doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap())
        .collect()
}

fn rules(doc: &Value) -> Vec<String> {
    findings(doc)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Every finding's character offsets pick its evidence out of `text`.
fn assert_offsets_match_text(doc: &Value) {
    let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    for f in findings(doc) {
        let (start, end) = (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap());
        let picked: String = chars[start as usize..end as usize].iter().collect();
        assert_eq!(picked, f["evidence"].as_str().unwrap(), "{f}");
    }
    for s in doc["sentences"].as_array().unwrap() {
        assert!(s["end"].as_u64().unwrap() as usize <= chars.len());
    }
}

#[test]
fn rss_items_are_documents_with_link_ids() {
    let (docs, o) = records(&["fixtures/feeds/gazette.rss"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ids: Vec<&str> = docs.iter().map(|d| d["doc"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "https://gazette.example.com/2026/11/27/ferry-service-resumes/",
            "https://gazette.example.com/2026/11/26/energy-aid-region/",
            "https://gazette.example.com/2026/11/25/robotics-state-finals/",
        ]
    );
    // Title first, markup stripped, entities decoded.
    let ferry = docs[0]["text"].as_str().unwrap();
    assert!(
        ferry.starts_with("Ferry service resumes after two-week shutdown\n\nThe Bay Street ferry")
    );
    assert!(ferry.contains("“I didn’t realize"));
    assert!(!ferry.contains('<') && !ferry.contains("&#"));
    // The translated item stands out; the native ones stay at zero.
    assert!(docs[1]["score"].as_f64().unwrap() >= 0.5, "{}", docs[1]);
    assert_eq!(docs[0]["score"].as_f64(), Some(0.0), "{}", docs[0]);
    assert_eq!(docs[2]["score"].as_f64(), Some(0.0), "{}", docs[2]);
    for d in &docs {
        assert_offsets_match_text(d);
    }
}

#[test]
fn atom_entries_use_link_then_id() {
    let (docs, o) = records(&["fixtures/feeds/wire.atom"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0]["doc"],
        "https://wire.example.org/2026/11/28/fleet-stays-in-port"
    );
    assert_eq!(docs[1]["doc"], "tag:wire.example.org,2026:entry-3388");
    let text = docs[0]["text"].as_str().unwrap();
    assert!(text.starts_with("Fishing fleet stays in port as gale warning holds\n\nMost of"));
    assert!(docs.iter().all(|d| d["score"].as_f64() == Some(0.0)));
}

#[test]
fn a_native_page_gives_its_article_and_no_evidence() {
    let (docs, o) = records(&["fixtures/pages/native-article.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = &docs[0];
    let text = doc["text"].as_str().unwrap();
    assert!(text.starts_with("Town votes to keep its last covered bridge open to cars\n\n"));
    assert!(text
        .contains("\n\nThe Miller Road bridge, built in 1872, carries about 900 cars a day.\n\n"));
    assert!(text.contains("\n\nWhat happens next\n\n"));
    for chrome in [
        "Sports",
        "Opinion",
        "All rights reserved",
        "Tags:",
        "Valley Courier",
    ] {
        assert!(!text.contains(chrome), "{chrome}: {text}");
    }
    assert_eq!(doc["score"].as_f64(), Some(0.0), "{doc}");
    assert!(rules(doc).is_empty(), "{:?}", rules(doc));
}

#[test]
fn page_chrome_scripts_and_styles_are_dropped() {
    let (docs, _) = records(&["fixtures/pages/chrome-heavy.html"]);
    let text = docs[0]["text"].as_str().unwrap();
    assert!(text.starts_with("Allotment waiting list falls for the first time in a decade\n\n"));
    assert!(text.contains("The council plans to open a further 40 plots"));
    for chrome in [
        "cookies",
        "Skip to content",
        "Search",
        "What's On",
        "Share on",
        "Advertisement",
        "Related stories",
        "Leave a Reply",
        "Most read",
        "Privacy",
        "dataLayer",
        "NewsArticle",
        "position:fixed",
        "» News",
    ] {
        assert!(!text.contains(chrome), "{chrome}: {text}");
    }
    assert_eq!(docs[0]["score"].as_f64(), Some(0.0));
}

#[test]
fn a_machine_translated_page_reports_its_own_signals() {
    let (docs, o) = records(&[
        "fixtures/pages/translated-article.html",
        "--min-score",
        "0.01",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = &docs[0];
    let page: Vec<&Value> = findings(doc)
        .into_iter()
        .filter(|f| f["category"] == "page")
        .collect();
    let page_rules: Vec<&str> = page.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(
        page_rules,
        ["page/machine-translated-from", "page/translation-widget"]
    );
    let link = page[0];
    assert_eq!(link["weight"].as_f64(), Some(0.9));
    assert_eq!(link["languages"][0], "fr");
    assert!(link["message"]
        .as_str()
        .unwrap()
        .contains("hreflang=\"fr\""));
    assert!(page[1]["message"].as_str().unwrap().contains("gtranslate"));
    assert!(page[1]["weight"].as_f64().unwrap() <= 0.2);
    // Page findings sit on the title line.
    assert_eq!(link["start"].as_u64(), Some(0));
    assert_eq!(doc["sentences"][0]["index"].as_u64(), Some(1));
    assert!(doc["categories"]
        .as_array()
        .unwrap()
        .contains(&"page".into()));
    assert_eq!(doc["source_language"], "fr");
    assert!(doc["score"].as_f64().unwrap() > 0.9);
    // The widget's markup is not text.
    assert!(!doc["text"].as_str().unwrap().contains("gtranslate"));
    assert_offsets_match_text(doc);
}

#[test]
fn the_page_detector_can_be_skipped() {
    let (docs, _) = records(&["fixtures/pages/translated-article.html", "--skip", "page"]);
    assert!(!rules(&docs[0]).iter().any(|r| r.starts_with("page/")));
}

#[test]
fn a_mixed_folder_reads_every_format_and_reports_each_broken_file() {
    let (docs, o) = records(&["fixtures/feeds", "fixtures/pages", "fixtures/feed.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "mtaudit: fixtures/feeds/broken-mismatch.xml:6:45: malformed XML: ill-formed document: expected `</title>`, but `</titel>` was found",
            "mtaudit: fixtures/feeds/broken-truncated.rss:9:1: unexpected end of input: <description> is not closed",
            "mtaudit: fixtures/pages/broken-binary.htm:1:7: binary data (a NUL byte), not an HTML page",
            "mtaudit: fixtures/pages/broken-encoding.html:5:11: invalid UTF-8 at byte offset 91 (use --lossy to replace bad bytes)",
            "mtaudit: 4 input problems; the rest was audited",
        ]
    );
    // 3 RSS items + 2 Atom entries + 3 pages, then the JSONL records.
    let ids: Vec<&str> = docs.iter().map(|d| d["doc"].as_str().unwrap()).collect();
    assert!(ids.len() > 8, "{ids:?}");
    assert_eq!(ids[5], "fixtures/pages/chrome-heavy.html");
    assert_eq!(ids[7], "fixtures/pages/translated-article.html");
}

#[test]
fn content_decides_for_stdin_and_unknown_extensions() {
    let page = std::fs::read("fixtures/pages/translated-article.html").unwrap();
    let o = mtaudit(&["--output-format", "jsonl", "--emit-text"], &page);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["doc"], "-");
    assert!(doc["text"]
        .as_str()
        .unwrap()
        .starts_with("Transport: the metropolis"));

    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.txt");
    std::fs::copy("fixtures/feeds/wire.atom", &feed).unwrap();
    let feed = feed.display().to_string();
    let (docs, _) = records(&[&feed]);
    assert_eq!(docs.len(), 2);
    // Forced text reads the markup as it is.
    let (docs, _) = records(&["-f", "text", &feed]);
    assert_eq!(docs.len(), 1);
    assert!(docs[0]["text"].as_str().unwrap().starts_with("<?xml"));
    // --format rss and atom both read any feed.
    let (docs, _) = records(&["-f", "rss", "fixtures/feeds/wire.atom"]);
    assert_eq!(docs.len(), 2);
}

#[test]
fn text_is_emitted_only_when_asked() {
    let o = mtaudit(
        &[
            "--output-format",
            "jsonl",
            "fixtures/pages/native-article.html",
        ],
        b"",
    );
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc.get("text").is_none());
    let o = mtaudit(&["fixtures/pages/native-article.html"], b"");
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.contains(",What happens next\n"), "{csv}");
}

fn auditor() -> &'static Auditor {
    static AUDITOR: OnceLock<Auditor> = OnceLock::new();
    AUDITOR.get_or_init(|| {
        Auditor::builder()
            .build(&LexiconSet::embedded().unwrap())
            .unwrap()
    })
}

/// Reads every document and audits it: a panic fails the test, and so does
/// one caught inside the feed reader or a finding outside its sentence.
fn read_all(bytes: &[u8], format: Format) {
    let options = InputOptions {
        format,
        ..InputOptions::default()
    };
    let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
    for item in input::documents_from("fuzz", reader, &options) {
        let doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                assert!(!e.message.contains("parser failed"), "{e}");
                continue;
            }
        };
        let scored = auditor().audit(doc);
        let text = &scored.doc.text;
        for s in &scored.sentences {
            for f in &s.findings {
                assert!(s.span.start <= f.span.start && f.span.end <= s.span.end);
                assert!(f.span.start < f.span.end);
                assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            }
        }
    }
}

/// Pieces of real feeds and pages, to build inputs that get past the first
/// few bytes of the parsers.
fn markup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(vec![
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>",
        "<rss version=\"2.0\">",
        "</rss>",
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<description>",
        "</description>",
        "<![CDATA[",
        "]]>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
        "</feed>",
        "<entry>",
        "</entry>",
        "<content type=\"html\">",
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">",
        "<link href=\"https://a.example/x\"/>",
        "<link>",
        "<language>fr</language>",
        "<guid>",
        "&lt;p&gt;",
        "&amp;",
        "&#8220;",
        "&#xD800;",
        "&nbsp;",
        "<!DOCTYPE html>",
        "<html lang=\"de\">",
        "<meta charset=\"windows-1252\">",
        "<link rel=\"alternate machine-translated-from\" hreflang=\"x\">",
        "<article>",
        "<p>",
        "</p>",
        "<nav class=\"menu\">",
        "<script>",
        "</script>",
        "<font style=\"vertical-align: inherit;\">",
        "The council said that it would reopen the library. ",
        "« non » 5,2 % ",
        "\u{feff}",
        "é",
        "\n",
        " ",
        "<",
        ">",
        "\"",
    ]);
    (
        prop::collection::vec(piece, 0..60),
        prop::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(pieces, noise)| {
            let mut bytes = pieces.concat().into_bytes();
            let at = bytes.len() / 2;
            bytes.splice(at..at, noise);
            bytes
        })
}

// 256 cases each by default; set PROPTEST_CASES for a longer run.
proptest! {
    #[test]
    fn feed_reader_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_all(&bytes, Format::Feed);
    }

    #[test]
    fn html_reader_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_all(&bytes, Format::Html);
    }

    #[test]
    fn readers_never_panic_on_markup_soup(bytes in markup()) {
        read_all(&bytes, Format::Feed);
        read_all(&bytes, Format::Html);
        read_all(&bytes, Format::Auto);
    }

    #[test]
    fn truncated_fixtures_never_panic(cut in 0usize..4000) {
        for path in [
            "fixtures/feeds/gazette.rss",
            "fixtures/feeds/wire.atom",
            "fixtures/pages/translated-article.html",
        ] {
            let bytes = std::fs::read(path).unwrap();
            let cut = cut.min(bytes.len());
            read_all(&bytes[..cut], Format::Auto);
        }
    }
}

#[test]
fn an_html_comment_marker_silences_the_next_paragraph() {
    let page = "<!DOCTYPE html><html lang=\"en\"><head><title>Prices</title></head><body><article>\
        <p>Prices rose by 5,2 % this year, the office said.</p>\
        <!-- mtaudit: ignore typography -->\
        <p>Inflation reached 2,3 % in March, the office said.</p></article></body></html>";
    let o = mtaudit(
        &[
            "--output-format",
            "jsonl",
            "--emit-text",
            "-f",
            "html",
            "--only",
            "typography",
            "-",
        ],
        page.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: Value =
        serde_json::from_str(String::from_utf8(o.stdout).unwrap().lines().next().unwrap()).unwrap();
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains("[mtaudit: ignore typography]"), "{text}");
    let evidence: Vec<&str> = findings(&doc)
        .iter()
        .map(|f| f["evidence"].as_str().unwrap())
        .collect();
    assert_eq!(evidence, ["5,2"], "{evidence:?}");
}
