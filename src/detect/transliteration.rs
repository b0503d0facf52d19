//! `transliteration`: personal and place names romanised by a non-English
//! convention ("Andriï Iermak", "Julija Tymoschenko", "Kiew"), with the usual
//! English press form as the suggestion. Two layers of lexicon data:
//! `lexicons/transliteration/names-*.toml`, a table of people and places in
//! international news with their foreign-convention spellings, and
//! `conventions.toml`, letter patterns of French, German, Polish, Czech or
//! scholarly romanisation for names the table does not know (weighted lower).

use super::lexical::LexicalDetector;
use super::Category;
use crate::lexicon::LexiconSet;

pub const ID: &str = "transliteration";

pub fn detector(lexicons: &LexiconSet) -> LexicalDetector {
    LexicalDetector::new(
        ID,
        Category::Transliteration,
        "names spelled by a foreign romanisation (\"Iermak\", \"Tymoschenko\", \"Kiew\"), with the English press form",
        lexicons,
    )
}
