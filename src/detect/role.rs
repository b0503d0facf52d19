//! `role`: titles rendered by a foreign convention ("President of the
//! Council" for the Italian prime minister, "Federal Chancellor", "Keeper of
//! the Seals") or belonging to another country's system, with the English
//! title as the suggestion — the entries of `lexicons/role/*.toml` — and
//! titles the named person never held ("Defence Minister Dmytro Kuleba",
//! "Ukrainian Foreign Minister Sergei Lavrov"), checked against the table of
//! office holders ([`holders`]).

mod holders;

use super::{Category, Detector, Finding};
use crate::document::Segmented;
use crate::lexicon::offices::OfficeWords;
use crate::lexicon::{CompiledLexicon, LexiconSet};

pub const ID: &str = "role";

/// The lexicon entries and the office-holder check, run together.
pub struct Role {
    lexicon: CompiledLexicon,
    offices: holders::OfficeCheck,
}

/// Builds `role` from `lexicons`. Malformed table rows are skipped here;
/// `run` reports them before any detector is built.
pub fn detector(lexicons: &LexiconSet) -> Role {
    let holders = &lexicons.office_holders().0;
    let words = OfficeWords::clone(&lexicons.office_words().0);
    Role {
        lexicon: CompiledLexicon::compile(ID, Category::Role, lexicons.for_detector(ID)),
        offices: holders::OfficeCheck::new(holders, words),
    }
}

impl Detector for Role {
    fn id(&self) -> &'static str {
        ID
    }

    fn category(&self) -> Category {
        Category::Role
    }

    fn description(&self) -> &'static str {
        "titles rendered by a foreign convention (\"President of the Council\", \"Federal Chancellor\"), and titles the named person never held"
    }

    fn detect(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>) {
        // A lexicon entry that already names a wrong title ("Prime Minister
        // Macron") is not reported twice.
        let first = out.len();
        self.lexicon.scan(doc, out);
        self.offices.check(doc, first, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::offices::OfficeHolders;
    use std::path::Path;

    /// The articles of `fixtures/role/`, read with the small tables of
    /// `fixtures/role/lexicons/`: the check reports exactly the findings of
    /// `expected.tsv`, and nothing at all on the native articles.
    #[test]
    fn fixtures_flag_exactly_the_expected_titles() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/role");
        let mut set = LexiconSet::embedded().unwrap();
        set.overlay_dir(&dir.join("lexicons")).unwrap();
        let (holders, errors) = OfficeHolders::from_set(&set);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            holders.persons().len(),
            11,
            "the fixture tables replace the real ones"
        );
        let role = detector(&set);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        names.sort();
        assert!(names.iter().any(|n| n.starts_with("native-")));
        let mut found = Vec::new();
        for name in &names {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let doc = Segmented::new(&text);
            let mut out = Vec::new();
            role.detect(&doc, &mut out);
            for f in &out {
                let evidence = &text[f.span.clone()];
                assert!(
                    !name.starts_with("native-"),
                    "{name}: {} on {evidence:?}",
                    f.rule
                );
                if f.rule.starts_with("role/office-") {
                    found.push(format!(
                        "{name}\t{}\t{evidence}\t{}",
                        f.rule,
                        f.suggestion.as_deref().unwrap_or("")
                    ));
                }
            }
        }
        let expected: Vec<String> = std::fs::read_to_string(dir.join("expected.tsv"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        assert_eq!(found, expected);
    }
}
