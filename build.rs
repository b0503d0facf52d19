//! Checks the regexes of the embedded lexicons once, when the crate is
//! built, instead of at every start-up: parsing some two thousand patterns
//! and guards with `regex_syntax` took most of a run's first 0.4 s.
//!
//! Writes `$OUT_DIR/precomputed_regexes.rs` with each pattern that parses
//! and cannot match the empty string, and its prefilter literals, and each
//! guard that parses. `src/lexicon/matcher.rs` includes it. A source that
//! fails here is left out and checked (and reported) at start-up, as any
//! user lexicon is; so is every source of a user lexicon.
//!
//! Also writes each lexicon file with its `fires` and `clean` examples
//! taken out (every other line where it was), and
//! `$OUT_DIR/lexicons_without_examples.rs` listing them: an audit never
//! reads the examples, which are two fifths of the text to parse.

#[path = "src/lexicon/literals.rs"]
mod literals;
#[path = "src/lexicon/sources.rs"]
mod sources;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=lexicons");
    println!("cargo:rerun-if-changed=src/lexicon/literals.rs");
    println!("cargo:rerun-if-changed=src/lexicon/sources.rs");
    let mut files = Vec::new();
    toml_files(Path::new("lexicons"), &mut files);
    files.sort();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut regexes: BTreeMap<String, String> = BTreeMap::new();
    let mut guards: BTreeSet<String> = BTreeSet::new();
    let mut without_examples = String::from("pub(super) static FILES: &[(&str, &str)] = &[\n");
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(stripped) = blank_examples(&text) {
            let name = path
                .strip_prefix("lexicons")
                .expect("listed under lexicons/");
            let dest = out_dir.join("lexicons-without-examples").join(name);
            std::fs::create_dir_all(dest.parent().expect("a file has a folder"))
                .expect("OUT_DIR is writable");
            std::fs::write(&dest, stripped).expect("OUT_DIR is writable");
            let name = name.to_string_lossy().replace('\\', "/");
            writeln!(without_examples, "    ({name:?}, include_str!({dest:?})),").unwrap();
        }
        // A file that does not parse is reported at start-up.
        let Ok(file) = text.parse::<toml::Table>() else {
            continue;
        };
        let Some(entries) = file.get("entry").and_then(|e| e.as_array()) else {
            continue;
        };
        for entry in entries.iter().filter_map(|e| e.as_table()) {
            let case_sensitive = entry.get("case").and_then(|c| c.as_str()) == Some("sensitive");
            for regex in strings(entry.get("regex")) {
                let source = sources::regex_source(regex, case_sensitive);
                if let Ok(hir) = regex_syntax::Parser::new().parse(&source) {
                    if hir.properties().minimum_len() != Some(0) {
                        let stored = match literals::exact_phrases(&hir) {
                            Some(phrases) if !case_sensitive => {
                                format!("Stored::Phrases(&{phrases:?})")
                            }
                            _ => stored(literals::required_literals(&hir)),
                        };
                        regexes.insert(source, stored);
                    }
                }
            }
            let guard_sources = strings(entry.get("requires"))
                .chain(strings(entry.get("excludes")))
                .map(sources::guard_anywhere)
                .chain(strings(entry.get("unless_next")).map(sources::guard_next))
                .chain(strings(entry.get("unless_prev")).map(sources::guard_prev));
            for source in guard_sources {
                if regex_syntax::Parser::new().parse(&source).is_ok() {
                    guards.insert(source);
                }
            }
        }
    }
    let mut out = String::new();
    out.push_str("pub(super) static REGEXES: &[(&str, Stored)] = &[\n");
    for (source, stored) in &regexes {
        writeln!(out, "    ({source:?}, {stored}),").unwrap();
    }
    out.push_str("];\n\npub(super) static GUARDS: &[&str] = &[\n");
    for source in &guards {
        writeln!(out, "    {source:?},").unwrap();
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("precomputed_regexes.rs"), out).expect("OUT_DIR is writable");
    without_examples.push_str("];\n");
    std::fs::write(
        out_dir.join("lexicons_without_examples.rs"),
        without_examples,
    )
    .expect("OUT_DIR is writable");
}

/// `text` without the `fires` and `clean` keys of its entries, their
/// newlines kept, so that every line of the rest is where it was.
/// `None` when the file does not parse, or would not without them: it is
/// then loaded whole, and its errors reported, at start-up.
fn blank_examples(text: &str) -> Option<String> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let entries = document.get_ref().get("entry")?.get_ref().as_array()?;
    let mut blank = Vec::new();
    for entry in entries.iter() {
        let Some(table) = entry.get_ref().as_table() else {
            continue;
        };
        for (key, value) in table.iter() {
            if matches!(key.get_ref().as_ref(), "fires" | "clean") {
                blank.push(key.span().start..value.span().end);
            }
        }
    }
    blank.sort_by_key(|r| r.start);
    let mut ranges = blank.iter().peekable();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        while ranges.peek().is_some_and(|r| r.end <= i) {
            ranges.next();
        }
        let blanked = ranges.peek().is_some_and(|r| r.contains(&i));
        if !blanked || c == '\n' {
            out.push(c);
        }
    }
    toml::de::DeTable::parse(&out).ok()?;
    Some(out)
}

/// A regex's prefilter requirement as Rust source for the `Stored` type of
/// `src/lexicon/matcher.rs`.
fn stored(required: literals::RequiredLiterals) -> String {
    match required {
        Some(literals::Required::Words(words)) => format!("Stored::Words(&{words:?})"),
        Some(literals::Required::Literals(set)) => {
            let set: Vec<String> = set.iter().map(|l| format!("&{l:?}")).collect();
            format!("Stored::Literals(&[{}])", set.join(", "))
        }
        None => "Stored::Nothing".to_string(),
    }
}

/// One string or an array of strings, as lexicon fields may be.
fn strings(value: Option<&toml::Value>) -> impl Iterator<Item = &str> {
    let items: Vec<&str> = match value {
        Some(toml::Value::String(s)) => vec![s.as_str()],
        Some(toml::Value::Array(items)) => items.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    items.into_iter()
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}
