//! JSONL for machines: one JSON object per document, in input order.
//!
//! ```json
//! {"doc": "feed.jsonl:3", "score": 0.613, "sentence_count": 9, "flagged": 2,
//!  "categories": ["boilerplate", "typography"], "source_language": "fr",
//!  "language_confidence": 0.62, "language_votes": {"fr": 1.3, "it": 0.4},
//!  "attributes": {"mtaudit__sentence_score": [[0, 57, 0.6], ...]},
//!  "sentences": [{"index": 1, "start": 0, "end": 57, "score": 0.6,
//!    "findings": [{"detector": "typography", "category": "typography",
//!      "rule": "typography/guillemets", "start": 12, "end": 13,
//!      "evidence": "«", "message": "…", "suggestion": "“",
//!      "weight": 0.6, "languages": ["fr"]}]}]}
//! ```
//!
//! - Offsets are character offsets into the document text, end exclusive;
//!   `index` is 1-based, as in the CSV.
//! - `attributes.mtaudit__sentence_score` lists `[start, end, score]` for
//!   every sentence, the span-attribute shape that corpus pipelines expect.
//! - `sentences` holds the sentences scoring at least `--min-score` (all by
//!   default), each with its findings; scores have three decimals.
//! - `source_language` is the likely source language (ISO 639-1), or null
//!   when the evidence is too thin; `language_votes` holds every language's
//!   votes and `language_confidence` the leader's share (see `score`).
//! - With `--emit-text`, `text` holds the document text every offset
//!   refers to: for feed items and HTML pages, the extracted text that was
//!   judged. Without it the field is absent.
//! - Page findings (category `page`, from a page's markup or a feed's
//!   metadata) sit on the first sentence, the title line; their `evidence`
//!   is that sentence and their `message` quotes the markup.

use super::{round3, CharOffsets, OutputOptions, Sink};
use crate::score::ScoredDocument;
use serde::Serialize;
use std::io::{self, Write};

pub struct Jsonl<W: Write> {
    out: W,
    options: OutputOptions,
}

impl<W: Write> Jsonl<W> {
    pub fn new(out: W, options: OutputOptions) -> Self {
        Jsonl { out, options }
    }
}

#[derive(Serialize)]
struct DocRecord<'a> {
    doc: &'a str,
    score: f64,
    sentence_count: usize,
    flagged: usize,
    categories: Vec<&'static str>,
    source_language: Option<String>,
    language_confidence: f64,
    language_votes: serde_json::Map<String, serde_json::Value>,
    attributes: Attributes,
    sentences: Vec<SentenceRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct Attributes {
    #[serde(rename = "mtaudit__sentence_score")]
    sentence_score: Vec<(usize, usize, f64)>,
}

#[derive(Serialize)]
struct SentenceRecord<'a> {
    index: usize,
    start: usize,
    end: usize,
    score: f64,
    findings: Vec<FindingRecord<'a>>,
}

#[derive(Serialize)]
struct FindingRecord<'a> {
    detector: &'a str,
    category: &'static str,
    rule: &'a str,
    start: usize,
    end: usize,
    evidence: &'a str,
    message: &'a str,
    suggestion: Option<&'a str>,
    weight: f64,
    languages: Vec<&'a str>,
}

impl<W: Write> Sink for Jsonl<W> {
    fn write(&mut self, doc: &ScoredDocument) -> io::Result<()> {
        let text = doc.doc.text.as_str();
        let mut chars = CharOffsets::new(text);
        let mut spans = Vec::with_capacity(doc.sentences.len());
        let mut sentences = Vec::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            let start = chars.at(s.span.start);
            let end = chars.at(s.span.end);
            let score = round3(s.score);
            spans.push((start, end, score));
            if s.score < self.options.min_score {
                continue;
            }
            let sentence_text = s.span.text(text);
            let mut local = CharOffsets::new(sentence_text);
            let findings = s
                .findings
                .iter()
                .map(|f| FindingRecord {
                    detector: f.detector,
                    category: f.category.as_str(),
                    rule: &f.rule,
                    start: start + local.at(f.span.start - s.span.start),
                    end: start + local.at(f.span.end - s.span.start),
                    evidence: &text[f.span.clone()],
                    message: &f.message,
                    suggestion: f.suggestion.as_deref(),
                    weight: round3(f64::from(f.weight)),
                    languages: f.languages.iter().map(|l| l.as_str()).collect(),
                })
                .collect();
            sentences.push(SentenceRecord {
                index: i + 1,
                start,
                end,
                score,
                findings,
            });
        }
        let record = DocRecord {
            doc: &doc.doc.id,
            score: round3(doc.score),
            sentence_count: doc.sentences.len(),
            flagged: doc.flagged(self.options.review_at),
            categories: doc.categories().iter().map(|c| c.as_str()).collect(),
            source_language: doc.source_language.best.map(|l| l.to_string()),
            language_confidence: round3(doc.source_language.confidence),
            language_votes: doc
                .source_language
                .votes
                .iter()
                .map(|(l, v)| (l.to_string(), round3(*v).into()))
                .collect(),
            attributes: Attributes {
                sentence_score: spans,
            },
            sentences,
            text: self.options.emit_text.then_some(text),
        };
        serde_json::to_writer(&mut self.out, &record)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
