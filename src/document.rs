//! The plain data that flows from input to detectors: a document's id and
//! text, the signs of translation its page gave, and the sentence spans
//! found in it.

use crate::lang::Lang;
use std::ops::Range;
use std::sync::OnceLock;

/// One document as read: an id and its full text (after BOM removal, or
/// as extracted from a feed item or HTML page). Every offset mtaudit reports
/// refers to `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where the document came from: a path, `-` for stdin, a record id, a
    /// feed item's link, or `PATH:LINE` for a record without one.
    pub id: String,
    pub text: String,
    /// What the page or feed itself says about translation (empty for
    /// plain text, JSONL and CSV).
    pub signals: Vec<PageSignal>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            signals: Vec::new(),
        }
    }
}

/// A sign, in a page's markup or a feed's metadata, that the text was
/// machine-translated. Inputs record these facts; the `page` detector
/// weighs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSignal {
    pub kind: SignalKind,
    /// Where in the extracted text the signal belongs: the title line when
    /// the markup names no better place. May be empty; the detector places
    /// it inside a sentence.
    pub span: Range<usize>,
    /// The markup or metadata that shows it, shortened.
    pub evidence: String,
    /// The source language it names, if any.
    pub language: Option<Lang>,
}

/// The kinds of [`PageSignal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignalKind {
    /// `<link rel="alternate machine-translated-from">`: the page says it was
    /// machine-translated from another page.
    MachineTranslatedFrom,
    /// The page was saved after a browser translated it (Google Translate's
    /// `translated-ltr` class on `<html>`, its `<font>` wrappers).
    BrowserTranslated,
    /// A translation plugin's marker: a `translation-stats` meta tag.
    TranslationStats,
    /// A translation widget (GTranslate, Google Translate element, Weglot…).
    /// Native sites embed these too.
    TranslationWidget,
    /// A declared language (`lang` attribute, feed `<language>`) other than
    /// English on text that reads as English.
    LangMismatch,
}

impl SignalKind {
    /// The stable name used in rule ids: `page/<name>`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::MachineTranslatedFrom => "machine-translated-from",
            SignalKind::BrowserTranslated => "browser-translated",
            SignalKind::TranslationStats => "translation-stats",
            SignalKind::TranslationWidget => "translation-widget",
            SignalKind::LangMismatch => "lang-mismatch",
        }
    }
}

/// A sentence: a byte range into its document's text, never empty, always on
/// character boundaries, with no leading or trailing whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

impl Sentence {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn text<'a>(&self, doc_text: &'a str) -> &'a str {
        &doc_text[self.start..self.end]
    }
}

/// A document with its sentences: what every detector reads.
#[derive(Debug, Clone)]
pub struct Segmented<'a> {
    pub text: &'a str,
    pub sentences: Vec<Sentence>,
    /// The document's page signals (see [`PageSignal`]).
    pub signals: &'a [PageSignal],
    /// Every word's hash and offset, worked out once for all lexicons.
    words: OnceLock<Vec<(u64, usize)>>,
}

impl<'a> Segmented<'a> {
    /// Segments text that came without page signals.
    pub fn new(text: &'a str) -> Self {
        Segmented {
            text,
            sentences: crate::segment::sentences(text),
            signals: &[],
            words: OnceLock::new(),
        }
    }

    /// Segments a document, keeping its page signals.
    pub fn of(doc: &'a Document) -> Self {
        Segmented {
            signals: &doc.signals,
            ..Segmented::new(&doc.text)
        }
    }

    /// Every word of the text as (hash of the folded word, byte offset),
    /// computed on first use (see [`crate::words`]).
    pub(crate) fn words(&self) -> &[(u64, usize)] {
        self.words
            .get_or_init(|| crate::words::word_hashes(self.text))
    }

    /// The index of the sentence containing byte `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.end <= pos);
        (idx < self.sentences.len() && self.sentences[idx].start <= pos).then_some(idx)
    }
}
