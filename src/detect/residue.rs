//! `residue`: untranslated material inside English text.
//!
//! Two kinds of rule run here. The lexicon entries of `lexicons/residue.toml`
//! find words in a non-Latin script (often left in brackets), foreign
//! function words stranded between English words ("the minister et the
//! mayor") and foreign exonyms of places ("Moscou", "Pékin", "Varsovia"),
//! with guards for quoted slogans, titles of works, organisations' own names
//! and loan phrases (coup d'état, Realpolitik).
//!
//! The language check finds whole sentences and long clauses left in another
//! language. Language identification (whatlang) is unreliable on a few
//! words, so it only runs on stretches of at least [`MIN_WORDS`] Latin-script
//! words that contain almost no English function words, outside quotation
//! marks, and not made mostly of capitalised names; and it counts only when
//! whatlang calls its answer reliable.

use super::lexical::LexicalDetector;
use super::{Category, Detector, Finding};
use crate::document::Segmented;
use crate::fasthash::FastSet;
use crate::lang::Lang;
use crate::lexicon::LexiconSet;
use crate::lowercase::with_lowercase;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub const ID: &str = "residue";

/// The fewest words a stretch needs before its language is identified.
const MIN_WORDS: usize = 5;
/// A stretch with at least this share of English function words is English.
const MAX_ENGLISH_SHARE: f32 = 0.08;
/// A stretch needs at least this share of another language's function words:
/// whatlang alone takes some English headlines for French.
const MIN_FOREIGN_SHARE: f32 = 0.2;
/// Least whatlang confidence that counts.
const MIN_CONFIDENCE: f64 = 0.5;
const WEIGHT_FOREIGN_STRETCH: f32 = 0.45;

/// Words that mark English and are not common words of the languages
/// whatlang might confuse it with ("a", "in", "on", "die" are left out).
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "is", "was", "for", "that", "with", "by", "at", "from", "he", "she",
    "has", "have", "are", "were", "not", "this", "which", "his", "they", "their", "said", "will",
    "or", "but", "its", "been", "after", "who", "would", "more", "than", "about", "also", "had",
    "it", "be", "we", "you", "what", "when", "there", "our", "her", "them", "these", "those",
    "into", "over", "could", "should", "can", "do", "does", "did", "my", "your", "how", "why",
    "where", "if", "so", "up", "out", "just", "only", "very", "all", "any", "some", "such", "no",
    "yes", "an", "says", "told", "because", "while", "being",
];

/// Function words of the Latin-script languages news is most often
/// translated from, none of them an English word.
const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    // French
    "le", "la", "les", "des", "du", "et", "est", "une", "un", "au", "aux", "sur", "dans", "pour",
    "avec", "qui", "que", "pas", "ne", "sont", "été", "ses", "leur", "cette", "ce", "il", "elle",
    "nous", "vous", "ils", "mais", "où", "très", "après", "avant", "entre", "selon",
    // German
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen", "dem", "den", "des", "mit",
    "von", "zu", "auf", "für", "wird", "werden", "hat", "haben", "sich", "auch", "nach", "bei",
    "aus", "wie", "noch", "nur", "oder", "aber", "sind", "war", "im", "vom", "zum", "zur",
    // Spanish and Portuguese
    "el", "los", "las", "y", "del", "que", "una", "por", "con", "para", "es", "son", "su", "sus",
    "lo", "como", "pero", "más", "muy", "o", "os", "as", "da", "do", "das", "dos", "em", "na",
    "no", "com", "não", "uma", "mais", // Italian
    "il", "gli", "della", "delle", "dei", "degli", "che", "non", "per", "di", "è", "sono", "nel",
    "nella", "alla", "alle", "con", "anche", "questo", "questa", // Dutch
    "het", "een", "van", "en", "niet", "zijn", "wordt", "voor", "ook", "maar", "naar", "bij",
];

pub struct Residue {
    lexical: LexicalDetector,
    identifier: whatlang::Detector,
}

pub fn detector(lexicons: &LexiconSet) -> Residue {
    Residue {
        lexical: LexicalDetector::new(ID, Category::Residue, DESCRIPTION, lexicons),
        identifier: whatlang::Detector::new(),
    }
}

const DESCRIPTION: &str = "untranslated words and sentences: non-Latin script, stranded foreign function words, foreign exonyms (\"Moscou\"), clauses in another language";

impl Detector for Residue {
    fn id(&self) -> &'static str {
        ID
    }

    fn category(&self) -> Category {
        Category::Residue
    }

    fn description(&self) -> &'static str {
        DESCRIPTION
    }

    fn detect(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>) {
        self.lexical.detect(doc, out);
        let mut parts = Vec::new();
        for (index, sentence) in doc.sentences.iter().enumerate() {
            let text = sentence.text(doc.text);
            stretches(text, &mut parts);
            for stretch in parts.drain(..) {
                if let Some(finding) = self.foreign_stretch(text, stretch, sentence.start, index) {
                    out.push(finding);
                }
            }
        }
    }
}

impl Residue {
    /// A finding when `stretch` of `sentence` is reliably in another
    /// language.
    fn foreign_stretch(
        &self,
        sentence: &str,
        stretch: Range<usize>,
        offset: usize,
        index: usize,
    ) -> Option<Finding> {
        let text = sentence[stretch.clone()].trim_matches(|c: char| !c.is_alphanumeric());
        if !worth_identifying(text) {
            return None;
        }
        let info = self.identifier.detect(text)?;
        if info.lang() == whatlang::Lang::Eng
            || info.script() != whatlang::Script::Latin
            || !info.is_reliable()
            || info.confidence() < MIN_CONFIDENCE
        {
            return None;
        }
        let lang = iso_639_1(info.lang());
        let name = lang.map_or_else(|| info.lang().eng_name(), |l| l.name());
        // The span is the trimmed text inside the stretch.
        let start = offset + stretch.start + sentence[stretch.clone()].find(text)?;
        Some(Finding {
            detector: ID,
            category: Category::Residue,
            rule: Arc::from(format!("{ID}/untranslated-{}", info.lang().code())),
            span: start..start + text.len(),
            sentence: index,
            message: Arc::from(format!(
                "a clause left in {name} (language identification, confidence {:.2})",
                info.confidence()
            )),
            suggestion: None,
            weight: WEIGHT_FOREIGN_STRETCH,
            languages: lang.into_iter().collect(),
        })
    }
}

/// Byte ranges of `sentence` between quotation marks, brackets, colons,
/// semicolons and dashes, leaving out what stands inside quotation marks.
fn stretches(sentence: &str, out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in sentence.char_indices() {
        let (is_quote, is_break) = match c {
            '"' | '“' | '”' | '«' | '»' | '„' => (true, true),
            '(' | ')' | '[' | ']' | ';' | ':' | '—' | '–' => (false, true),
            _ => (false, false),
        };
        if is_break {
            if !quoted && start < i {
                out.push(start..i);
            }
            start = i + c.len_utf8();
            if is_quote {
                quoted = match c {
                    '“' | '«' | '„' => true,
                    '”' | '»' => false,
                    _ => !quoted,
                };
            }
        }
    }
    if !quoted && start < sentence.len() {
        out.push(start..sentence.len());
    }
}

/// Long enough, in Latin script, nearly free of English function words, and
/// not a run of capitalised names or a title.
///
/// Most stretches are plain English: a first pass counts the words (and
/// rejects non-Latin script, short stretches and runs of names) without
/// looking anything up, so the second pass can stop at the first English
/// function word that already settles the answer.
fn worth_identifying(text: &str) -> bool {
    let mut words = 0usize;
    let mut capitalised = 0usize;
    for word in stretch_words(text) {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !first.is_ascii_alphabetic() && !matches!(first, 'À'..='ÿ' | 'Ā'..='ž') {
            return false;
        }
        words += 1;
        if first.is_uppercase() {
            capitalised += 1;
        }
    }
    if words < MIN_WORDS || capitalised * 2 > words {
        return false;
    }
    let (english_words, foreign_words) = function_words();
    let mut english = 0usize;
    let mut foreign = 0usize;
    for word in stretch_words(text) {
        // No ASCII word longer than the longest function word is one.
        if word.is_ascii() && word.len() > MAX_FUNCTION_WORD {
            continue;
        }
        let (is_english, is_foreign) = with_lowercase(word, |lower| {
            if english_words.contains(lower) {
                (true, false)
            } else {
                (false, foreign_words.contains(lower))
            }
        });
        if is_english {
            english += 1;
            // `english` only grows: once the share is reached, it stays.
            if (english as f32) >= MAX_ENGLISH_SHARE * words as f32 {
                return false;
            }
        } else if is_foreign {
            foreign += 1;
        }
    }
    (english as f32) < MAX_ENGLISH_SHARE * words as f32
        && (foreign as f32) >= MIN_FOREIGN_SHARE * words as f32
}

/// The words [`worth_identifying`] counts.
fn stretch_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
}

/// The longest function word of either list, in bytes.
const MAX_FUNCTION_WORD: usize = 7;

/// [`ENGLISH_FUNCTION_WORDS`] and [`FOREIGN_FUNCTION_WORDS`] as sets.
fn function_words() -> &'static (FastSet<&'static str>, FastSet<&'static str>) {
    static SETS: OnceLock<(FastSet<&'static str>, FastSet<&'static str>)> = OnceLock::new();
    SETS.get_or_init(|| {
        (
            ENGLISH_FUNCTION_WORDS.iter().copied().collect(),
            FOREIGN_FUNCTION_WORDS.iter().copied().collect(),
        )
    })
}

/// The ISO 639-1 code of a whatlang language, for the languages mtaudit
/// names.
fn iso_639_1(lang: whatlang::Lang) -> Option<Lang> {
    use whatlang::Lang as W;
    let code = match lang {
        W::Fra => "fr",
        W::Deu => "de",
        W::Spa => "es",
        W::Ita => "it",
        W::Por => "pt",
        W::Nld => "nl",
        W::Pol => "pl",
        W::Ces => "cs",
        W::Tur => "tr",
        W::Ron => "ro",
        W::Swe => "sv",
        W::Dan => "da",
        W::Nob => "no",
        W::Fin => "fi",
        W::Hun => "hu",
        W::Slk => "sk",
        W::Slv => "sl",
        W::Hrv => "hr",
        W::Lit => "lt",
        W::Lav => "lv",
        W::Est => "et",
        W::Ind => "id",
        W::Vie => "vi",
        W::Lat => "la",
        _ => return None,
    };
    Lang::parse(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<Finding> {
        let d = detector(&LexiconSet::embedded().unwrap());
        let doc = Segmented::new(text);
        let mut out = Vec::new();
        d.detect(&doc, &mut out);
        out.retain(|f| f.rule.starts_with("residue/untranslated-"));
        out
    }

    #[test]
    fn a_sentence_left_in_french_is_found_with_its_language() {
        let text = "The minister spoke on Tuesday. Le gouvernement a présenté un plan pour aider les ménages les plus modestes.";
        let found = findings(text);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(&*f.rule, "residue/untranslated-fra");
        assert_eq!(f.languages.as_ref(), [Lang::parse("fr").unwrap()]);
        assert!(text[f.span.clone()].starts_with("Le gouvernement"));
        assert!(text[f.span.clone()].ends_with("modestes"));
        assert_eq!(f.sentence, 1);
    }

    #[test]
    fn a_long_german_clause_after_a_colon_is_found() {
        let text = "The statement ended with a line: die Regierung wird die Hilfen im nächsten Jahr verlängern.";
        let found = findings(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(text[found[0].span.clone()].starts_with("die Regierung"));
    }

    #[test]
    fn english_quotes_names_and_short_phrases_stay_silent() {
        for text in [
            "The government presented a plan to protect the most modest households on Tuesday.",
            "Protesters chanted \"Liberté, égalité, fraternité, nous sommes tous là\" outside the embassy.",
            "Demonstrators carried banners reading « Non à la réforme des retraites maintenant » in Paris.",
            "He met Jean-Luc Mélenchon, Marine Le Pen and Édouard Philippe in Paris.",
            "The festival showed Les Enfants du Paradis, La Règle du Jeu and other classics.",
            "It was a coup d'état, the army said.",
            "Real Madrid beat Atlético de Madrid at the Santiago Bernabéu on Sunday night.",
            "Package tours were particularly popular, explained travel association chief Klaus Weber.",
            "Le gouvernement of France a présenté un plan pour les ménages.",
        ] {
            assert!(findings(text).is_empty(), "{text}: {:?}", findings(text));
        }
    }

    #[test]
    fn no_function_word_is_longer_than_the_lookup_limit() {
        for w in ENGLISH_FUNCTION_WORDS.iter().chain(FOREIGN_FUNCTION_WORDS) {
            assert!(w.len() <= MAX_FUNCTION_WORD, "{w}");
            assert_eq!(w.to_lowercase(), *w, "{w}");
        }
    }

    #[test]
    fn stretches_skip_quoted_text() {
        let s = "He said « bonjour à tous » then left; later (briefly) spoke.";
        let mut ranges = Vec::new();
        stretches(s, &mut ranges);
        let parts: Vec<&str> = ranges.into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            parts,
            ["He said ", " then left", " later ", "briefly", " spoke."]
        );
    }
}
