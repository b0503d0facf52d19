//! `idiom`: literal idioms, calques and false friends — phrases that are
//! word-for-word renderings of another language ("assisted at the meeting"
//! for French "assister à", "actual" for German "aktuell"). The entries live
//! in `lexicons/idiom/`, one file per source language; each names the
//! original expression and the English it should have been.

use super::lexical::LexicalDetector;
use super::Category;
use crate::lexicon::LexiconSet;

pub const ID: &str = "idiom";

pub fn detector(lexicons: &LexiconSet) -> LexicalDetector {
    LexicalDetector::new(
        ID,
        Category::Idiom,
        "literal idioms, calques and false friends (\"assisted at\" for attended, \"actual\" for current)",
        lexicons,
    )
}
