//! `typography`: foreign punctuation and number conventions inside English
//! text — « » guillemets, „low-high“ quotes, decimal commas (`5,2 %`), spaces
//! as thousands separators, `14h30`, `1er`, `n°`, a space before `: ; ? !`,
//! a parenthesised ellipsis. The rules live in `lexicons/typography.toml`;
//! each names the source languages whose convention it is.

use super::lexical::LexicalDetector;
use super::Category;
use crate::lexicon::LexiconSet;

pub const ID: &str = "typography";

pub fn detector(lexicons: &LexiconSet) -> LexicalDetector {
    LexicalDetector::new(
        ID,
        Category::Typography,
        "foreign punctuation and number formats: « », „ “, 5,2 %, 100 000, 14h30, 1er, n°, space before : ? !",
        lexicons,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Detector;
    use crate::document::Segmented;

    fn rules(text: &str) -> Vec<String> {
        let d = detector(&LexiconSet::embedded().unwrap());
        let mut out = Vec::new();
        d.detect(&Segmented::new(text), &mut out);
        out.iter().map(|f| f.rule.to_string()).collect()
    }

    #[test]
    fn native_numbers_and_quotes_stay_quiet() {
        for clean in [
            "Some 100,000 people marched and 1,500 troops stood by.",
            "The meeting starts at 3:30 p.m. on Friday.",
            "“We will win,” said Gen. Zaluzhnyi.",
            "Inflation rose 4.5% in May, to $5.2 billion.",
            "He lives at No. 10 Downing Street.",
        ] {
            assert!(rules(clean).is_empty(), "{clean}: {:?}", rules(clean));
        }
    }

    #[test]
    fn foreign_conventions_fire() {
        for (text, rule) in [
            ("He called it « a historic day ».", "guillemet"),
            ("Unemployment fell to 5,2 % in March.", "decimal"),
        ] {
            let found = rules(text);
            assert!(found.iter().any(|r| r.contains(rule)), "{text}: {found:?}");
        }
    }
}
