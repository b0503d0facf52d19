//! Detectors and what they report.
//!
//! A [`Detector`] reads one segmented document and pushes [`Finding`]s. It is
//! stateless and knows nothing of scores, thresholds or output formats.
//! [`registry`] is the one place where the default detectors are listed:
//! adding a detector is one new file in this folder and one line there.

mod boilerplate;
mod coreference;
mod fragment;
mod idiom;
mod lexical;
mod page;
pub(crate) mod repetition;
mod residue;
mod role;
mod transliteration;
mod typography;

pub use lexical::LexicalDetector;

use crate::document::Segmented;
use crate::lang::Lang;
use crate::lexicon::LexiconSet;
use serde::Serialize;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// The closed set of finding categories, used in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Idiom,
    Transliteration,
    Role,
    Repetition,
    Coreference,
    Residue,
    Typography,
    Boilerplate,
    Fragment,
    /// Signs the page itself gives: markup and feed metadata, not the text.
    Page,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Idiom,
        Category::Transliteration,
        Category::Role,
        Category::Repetition,
        Category::Coreference,
        Category::Residue,
        Category::Typography,
        Category::Boilerplate,
        Category::Fragment,
        Category::Page,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Idiom => "idiom",
            Category::Transliteration => "transliteration",
            Category::Role => "role",
            Category::Repetition => "repetition",
            Category::Coreference => "coreference",
            Category::Residue => "residue",
            Category::Typography => "typography",
            Category::Boilerplate => "boilerplate",
            Category::Fragment => "fragment",
            Category::Page => "page",
        }
    }

    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One piece of evidence: what was found, where, and how much it says about
/// machine translation.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The id of the detector that reported it.
    pub detector: &'static str,
    pub category: Category,
    /// The rule that fired, as `detector/entry`, e.g. `typography/guillemets`.
    pub rule: Arc<str>,
    /// Byte range of the evidence in the document text.
    pub span: Range<usize>,
    /// 0-based index of the sentence that holds the evidence.
    pub sentence: usize,
    /// A sentence a reviewer understands.
    pub message: Arc<str>,
    /// What the text should probably say instead.
    pub suggestion: Option<Arc<str>>,
    /// How much this finding alone says that the text was machine-translated,
    /// in `[0, 1]`. Page chrome is reported with weight 0: it is not evidence.
    pub weight: f32,
    /// The source languages this finding points to, if any.
    pub languages: Arc<[Lang]>,
}

/// A heuristic that reads a segmented document and reports findings.
pub trait Detector: Send + Sync {
    /// A short, stable, lower-case id used in rule ids and `--only`/`--skip`.
    fn id(&self) -> &'static str;
    fn category(&self) -> Category;
    /// One sentence for `mtaudit detectors`.
    fn description(&self) -> &'static str;
    /// Appends findings for `doc` to `out`. Findings must have valid spans
    /// inside the sentence they name.
    fn detect(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>);
}

/// Test support: asserts that every finding lies inside the sentence it
/// names, as [`Detector::detect`] promises.
#[cfg(test)]
pub(crate) fn assert_in_sentences(doc: &Segmented<'_>, findings: &[Finding]) {
    for f in findings {
        let s = doc.sentences[f.sentence];
        assert!(s.start <= f.span.start && f.span.end <= s.end, "{f:?}");
    }
}

type Build = fn(&LexiconSet) -> Box<dyn Detector>;

/// Every default detector, in the order they run: its id, its category and
/// how to build it. The one place where detectors are listed.
const REGISTERED: [(&str, Category, Build); 10] = [
    ("idiom", Category::Idiom, |l| Box::new(idiom::detector(l))),
    ("transliteration", Category::Transliteration, |l| {
        Box::new(transliteration::detector(l))
    }),
    ("role", Category::Role, |l| Box::new(role::detector(l))),
    ("typography", Category::Typography, |l| {
        Box::new(typography::detector(l))
    }),
    ("boilerplate", Category::Boilerplate, |l| {
        Box::new(boilerplate::detector(l))
    }),
    ("residue", Category::Residue, |l| {
        Box::new(residue::detector(l))
    }),
    ("repetition", Category::Repetition, |_| {
        Box::new(repetition::Repetition)
    }),
    ("coreference", Category::Coreference, |l| {
        Box::new(coreference::detector(l))
    }),
    ("fragment", Category::Fragment, |_| {
        Box::new(fragment::Fragment)
    }),
    ("page", Category::Page, |_| Box::new(page::Page)),
];

/// The id and category of every default detector, in the order they run,
/// without building any.
pub fn registered() -> impl Iterator<Item = (&'static str, Category)> {
    REGISTERED.iter().map(|(id, category, _)| (*id, *category))
}

/// Builds every default detector, in the order they run, from `lexicons`.
pub fn registry(lexicons: &LexiconSet) -> Vec<Box<dyn Detector>> {
    registry_of(lexicons, |_, _| true)
}

/// Builds the default detectors that `keep` accepts (by id and category),
/// in the order they run. They are built on all cores: compiling thousands
/// of entries and tables is most of start-up.
pub fn registry_of(
    lexicons: &LexiconSet,
    keep: impl Fn(&str, Category) -> bool,
) -> Vec<Box<dyn Detector>> {
    let chosen: Vec<&Build> = REGISTERED
        .iter()
        .filter(|(id, category, _)| keep(id, *category))
        .map(|(_, _, build)| build)
        .collect();
    crate::parallel::map(&chosen, |build| build(lexicons))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn detector_ids_are_unique_and_lowercase() {
        let detectors = registry(&LexiconSet::embedded().unwrap());
        let mut seen = HashSet::new();
        for d in &detectors {
            assert!(seen.insert(d.id()), "duplicate detector id {}", d.id());
            assert!(d.id().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(!d.description().is_empty());
        }
    }

    #[test]
    fn registered_ids_and_categories_are_the_built_ones() {
        let built: Vec<(&str, Category)> = registry(&LexiconSet::embedded().unwrap())
            .iter()
            .map(|d| (d.id(), d.category()))
            .collect();
        assert_eq!(built, registered().collect::<Vec<_>>());
        let only_page = registry_of(&LexiconSet::embedded().unwrap(), |id, _| id == "page");
        assert_eq!(only_page.len(), 1);
        assert_eq!(only_page[0].id(), "page");
    }

    #[test]
    fn category_names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("Idiom"), None);
    }
}
