//! The shared shape of lexicon-driven detectors: an id, a category, a
//! description and the compiled entries of `lexicons/` for that id. Each such
//! detector has its own file that builds one of these and holds its tests.

use super::{Category, Detector, Finding};
use crate::document::Segmented;
use crate::lexicon::{CompiledLexicon, LexiconSet};

/// A detector whose rules are all lexicon entries.
pub struct LexicalDetector {
    id: &'static str,
    category: Category,
    description: &'static str,
    lexicon: CompiledLexicon,
}

impl LexicalDetector {
    /// Compiles the entries of `lexicons` whose `detector` is `id`.
    pub fn new(
        id: &'static str,
        category: Category,
        description: &'static str,
        lexicons: &LexiconSet,
    ) -> Self {
        let lexicon = CompiledLexicon::compile(id, category, lexicons.for_detector(id));
        LexicalDetector {
            id,
            category,
            description,
            lexicon,
        }
    }
}

impl Detector for LexicalDetector {
    fn id(&self) -> &'static str {
        self.id
    }

    fn category(&self) -> Category {
        self.category
    }

    fn description(&self) -> &'static str {
        self.description
    }

    fn detect(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>) {
        self.lexicon.scan(doc, out);
    }
}
