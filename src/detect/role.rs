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
use crate::lexicon::offices::{OfficeHolders, OfficeWords};
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
    let (holders, _) = OfficeHolders::from_set(lexicons);
    let (words, _) = OfficeWords::from_set(lexicons);
    Role {
        lexicon: CompiledLexicon::compile(ID, Category::Role, lexicons.for_detector(ID)),
        offices: holders::OfficeCheck::new(&holders, words),
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
