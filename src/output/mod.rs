//! Writers for scored documents. Each format has its own module; all of
//! them consume [`ScoredDocument`]s one at a time and know nothing about
//! detectors. Offsets in every output are character (Unicode scalar value)
//! offsets into the document text, end exclusive.

mod csv;
mod html;
mod jsonl;

pub use self::csv::{DocumentCsv, SentenceCsv};
pub use self::html::HtmlReport;
pub use self::jsonl::Jsonl;

use crate::score::ScoredDocument;
use std::io;

/// Receives scored documents in order and writes them.
pub trait Sink {
    fn write(&mut self, doc: &ScoredDocument) -> io::Result<()>;
    /// Flushes what is buffered; called once at the end.
    fn finish(&mut self) -> io::Result<()>;
}

/// Settings shared by every writer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutputOptions {
    /// The score at which a sentence counts as flagged.
    pub review_at: f64,
    /// Sentences scoring below this are left out (0 keeps every sentence).
    pub min_score: f64,
    /// Leave cells as they are instead of defusing spreadsheet formulas.
    pub raw_cells: bool,
    /// Start CSV output with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Include each document's text in JSONL output.
    pub emit_text: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            review_at: 0.5,
            min_score: 0.0,
            raw_cells: false,
            bom: false,
            emit_text: false,
        }
    }
}

/// Rounds a score to the three decimals every output shows.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Converts ascending byte offsets in one text to character offsets without
/// rescanning from the start.
pub(crate) struct CharOffsets<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    char: usize,
}

impl<'a> CharOffsets<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            char: 0,
        }
    }

    /// The character offset of byte `pos`; cheap when `pos` moves forward.
    pub(crate) fn at(&mut self, pos: usize) -> usize {
        if self.ascii {
            return pos;
        }
        if pos < self.byte {
            self.byte = 0;
            self.char = 0;
        }
        self.char += self.text[self.byte..pos].chars().count();
        self.byte = pos;
        self.char
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "é« x »";
        let mut c = CharOffsets::new(text);
        assert_eq!(c.at(2), 1);
        assert_eq!(c.at(text.len()), 6);
        assert_eq!(c.at(4), 2);
        assert_eq!(round3(0.12349), 0.123);
    }
}
