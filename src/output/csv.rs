//! CSV for reviewers: one row per sentence (the default) or per document.
//!
//! Sentence rows: `doc,sentence,start,end,score,categories,rules,evidence,messages,suggestion,text`,
//! where `messages` says in words why each finding was reported.
//! Document rows: `doc,score,sentences,flagged,categories,source_language`.
//! Cells that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-`, `@`, tab or carriage return, and longer than one character) get a
//! leading apostrophe unless `raw_cells` is set.

use super::{CharOffsets, OutputOptions, Sink};
use crate::score::{ScoredDocument, ScoredSentence};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

pub const SENTENCE_HEADER: [&str; 11] = [
    "doc",
    "sentence",
    "start",
    "end",
    "score",
    "categories",
    "rules",
    "evidence",
    "messages",
    "suggestion",
    "text",
];
pub const DOCUMENT_HEADER: [&str; 6] = [
    "doc",
    "score",
    "sentences",
    "flagged",
    "categories",
    "source_language",
];

/// One row per sentence.
pub struct SentenceCsv<W: Write> {
    out: ::csv::Writer<W>,
    options: OutputOptions,
}

/// One row per document.
pub struct DocumentCsv<W: Write> {
    out: ::csv::Writer<W>,
    options: OutputOptions,
}

fn start<W: Write>(
    mut w: W,
    options: &OutputOptions,
    header: &[&str],
) -> io::Result<::csv::Writer<W>> {
    if options.bom {
        w.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut out = ::csv::WriterBuilder::new().from_writer(w);
    out.write_record(header).map_err(into_io)?;
    Ok(out)
}

impl<W: Write> SentenceCsv<W> {
    pub fn new(w: W, options: OutputOptions) -> io::Result<Self> {
        Ok(SentenceCsv {
            out: start(w, &options, &SENTENCE_HEADER)?,
            options,
        })
    }
}

impl<W: Write> DocumentCsv<W> {
    pub fn new(w: W, options: OutputOptions) -> io::Result<Self> {
        Ok(DocumentCsv {
            out: start(w, &options, &DOCUMENT_HEADER)?,
            options,
        })
    }
}

impl<W: Write> Sink for SentenceCsv<W> {
    fn write(&mut self, doc: &ScoredDocument) -> io::Result<()> {
        let text = doc.doc.text.as_str();
        let mut chars = CharOffsets::new(text);
        let raw = self.options.raw_cells;
        // Cells borrow the id and the sentence text instead of copying
        // them; a sentence without findings leaves its five finding cells
        // empty without building them.
        let id = defuse(&doc.doc.id, raw);
        let owned = |s: String| match defuse(&s, raw) {
            Cow::Borrowed(_) => Cow::Owned(s),
            Cow::Owned(d) => Cow::Owned(d),
        };
        // The four numbers of a row, written into one reused buffer.
        let mut numbers = String::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            let start = chars.at(s.span.start);
            let end = chars.at(s.span.end);
            if s.score < self.options.min_score {
                continue;
            }
            numbers.clear();
            let mut cut = [0; 4];
            for (k, n) in [i + 1, start, end].into_iter().enumerate() {
                write!(numbers, "{n}").expect("a String takes any write");
                cut[k + 1] = numbers.len();
            }
            write!(numbers, "{:.3}", s.score).expect("a String takes any write");
            let number = |k: usize| {
                Cow::Borrowed(&numbers[cut[k]..*cut.get(k + 1).unwrap_or(&numbers.len())])
            };
            let empty = || Cow::Borrowed("");
            let found = !s.findings.is_empty();
            let row: [Cow<'_, str>; 11] = [
                Cow::Borrowed(&*id),
                number(0),
                number(1),
                number(2),
                number(3),
                if found {
                    owned(joined_categories(s))
                } else {
                    empty()
                },
                if found {
                    owned(joined_rules(s))
                } else {
                    empty()
                },
                if found {
                    owned(evidence(text, s))
                } else {
                    empty()
                },
                if found { owned(messages(s)) } else { empty() },
                if found {
                    owned(suggestions(s))
                } else {
                    empty()
                },
                defuse(s.span.text(text), raw),
            ];
            self.out
                .write_record(row.iter().map(|c| c.as_bytes()))
                .map_err(into_io)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl<W: Write> Sink for DocumentCsv<W> {
    fn write(&mut self, doc: &ScoredDocument) -> io::Result<()> {
        let categories: Vec<&str> = doc.categories().iter().map(|c| c.as_str()).collect();
        let row = [
            defuse(&doc.doc.id, self.options.raw_cells).into_owned(),
            format!("{:.3}", doc.score),
            doc.sentences.len().to_string(),
            doc.flagged(self.options.review_at).to_string(),
            categories.join(";"),
            doc.source_language
                .best
                .map(|l| l.to_string())
                .unwrap_or_default(),
        ];
        self.out.write_record(&row).map_err(into_io)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn joined_categories(s: &ScoredSentence) -> String {
    let mut v: Vec<&str> = s.findings.iter().map(|f| f.category.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v.join(";")
}

fn joined_rules(s: &ScoredSentence) -> String {
    let mut v: Vec<&str> = s.findings.iter().map(|f| &*f.rule).collect();
    v.sort_unstable();
    v.dedup();
    v.join(";")
}

fn evidence(text: &str, s: &ScoredSentence) -> String {
    let mut v: Vec<&str> = Vec::new();
    for f in &s.findings {
        let e = &text[f.span.clone()];
        if !v.contains(&e) {
            v.push(e);
        }
    }
    v.join("|")
}

fn messages(s: &ScoredSentence) -> String {
    let mut v: Vec<&str> = Vec::new();
    for f in &s.findings {
        if !v.contains(&&*f.message) {
            v.push(&f.message);
        }
    }
    v.join(" | ")
}

fn suggestions(s: &ScoredSentence) -> String {
    let mut v: Vec<&str> = Vec::new();
    for f in &s.findings {
        if let Some(sug) = f.suggestion.as_deref() {
            if !v.contains(&sug) {
                v.push(sug);
            }
        }
    }
    v.join("|")
}

/// Prefixes an apostrophe to a cell a spreadsheet would treat as a formula.
pub fn defuse(cell: &str, raw: bool) -> Cow<'_, str> {
    // A lone character cannot be a formula: "-" stays the id of stdin.
    if !raw && cell.len() > 1 && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn into_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused_unless_raw() {
        assert_eq!(defuse("=HYPERLINK(1)", false), "'=HYPERLINK(1)");
        assert_eq!(defuse("-5 points", false), "'-5 points");
        assert_eq!(defuse("\tx", false), "'\tx");
        assert_eq!(defuse("plain", false), "plain");
        assert_eq!(defuse("-", false), "-");
        assert_eq!(defuse("=1+1", true), "=1+1");
    }
}
