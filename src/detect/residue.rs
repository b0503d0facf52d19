//! `residue`: untranslated material inside English sentences — words in a
//! non-Latin script (often left in brackets), foreign function words
//! stranded between English words ("the minister et the mayor"), and
//! foreign exonyms of places ("Moscou", "Pékin", "Varsovia"). Quoted
//! slogans, titles of works, organisations' own names and loan phrases
//! (coup d'état, Realpolitik) are guarded against. The rules live in
//! `lexicons/residue.toml`. Not yet: whole sentences in another language
//! (language identification over spans of several words).

use super::lexical::LexicalDetector;
use super::Category;
use crate::lexicon::LexiconSet;

pub const ID: &str = "residue";

pub fn detector(lexicons: &LexiconSet) -> LexicalDetector {
    LexicalDetector::new(
        ID,
        Category::Residue,
        "untranslated words: non-Latin script, stranded foreign function words, foreign exonyms (\"Moscou\")",
        lexicons,
    )
}
