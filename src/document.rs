//! The plain data that flows from input to detectors: a document's id and
//! text, and the sentence spans found in it.

use std::ops::Range;

/// One document as read: an id and its full text (after BOM removal).
/// Every offset mtaudit reports refers to `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where the document came from: a path, `-` for stdin, a record id, or
    /// `PATH:LINE` for a record without one.
    pub id: String,
    pub text: String,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
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
}

impl<'a> Segmented<'a> {
    pub fn new(text: &'a str) -> Self {
        Segmented {
            text,
            sentences: crate::segment::sentences(text),
        }
    }

    /// The index of the sentence containing byte `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.end <= pos);
        (idx < self.sentences.len() && self.sentences[idx].start <= pos).then_some(idx)
    }
}
