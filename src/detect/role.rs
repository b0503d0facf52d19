//! `role`: titles rendered by a foreign convention ("President of the
//! Council" for the Italian prime minister, "Federal Chancellor", "Keeper of
//! the Seals") or belonging to another country's system, with the English
//! title as the suggestion. The entries live in `lexicons/role/`.

use super::lexical::LexicalDetector;
use super::Category;
use crate::lexicon::LexiconSet;

pub const ID: &str = "role";

pub fn detector(lexicons: &LexiconSet) -> LexicalDetector {
    LexicalDetector::new(
        ID,
        Category::Role,
        "titles rendered by a foreign convention (\"President of the Council\", \"Federal Chancellor\")",
        lexicons,
    )
}
