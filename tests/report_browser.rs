//! The HTML report in a real browser: headless Chromium loads the report of
//! a fixture whose text tries to run scripts, and the DOM it ends with must
//! show the highlights, the report's own script having run, and the
//! document's markup as plain text.
//!
//! Chromium is not part of the Rust toolchain: without it this test says so
//! and passes, unless `MTAUDIT_REQUIRE_BROWSER=1` (set by `.ci/run`, which
//! installs Debian's chromium).

use std::path::PathBuf;
use std::process::Command;

fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

#[test]
fn the_report_renders_with_highlights_and_inert_document_markup() {
    let Some(chromium) = browser() else {
        assert!(
            std::env::var_os("MTAUDIT_REQUIRE_BROWSER").is_none(),
            "MTAUDIT_REQUIRE_BROWSER is set but no chromium is on PATH"
        );
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut clean: Vec<PathBuf> = std::fs::read_dir(root.join("fixtures/clean"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    clean.sort();
    assert_eq!(clean.len(), 9);
    let out = Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .current_dir(&root)
        .args(["--output-format", "html", "-o"])
        .arg(&report)
        .arg("fixtures/report/hostile.txt")
        .args(&clean)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", report.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the report's script did not run:\n{dom:.2000}"
    );
    assert!(!dom.contains("data-pwned"), "document markup ran as code");
    assert!(dom.contains("<title>mtaudit report</title>"));
    assert!(
        dom.contains("&lt;script&gt;document.title"),
        "script text not shown as text"
    );
    let marks = dom.matches("<mark class=\"c-").count();
    assert!(marks >= 6, "only {marks} highlights");
    for category in ["typography", "idiom", "transliteration"] {
        assert!(
            dom.contains(&format!("<mark class=\"c-{category}\"")),
            "no {category} highlight"
        );
    }
    // The filter script counted the documents: the fixture and 9 clean ones.
    assert!(dom.contains("10 of 10 documents shown"), "{dom:.3000}");
    // Highest score first: the fixture before every clean article.
    let fixture = dom.find("hostile.txt").unwrap();
    let clean = dom.find("fixtures/clean/").unwrap();
    assert!(fixture < clean);
}
