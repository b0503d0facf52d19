//! The auditor: the chosen detectors, run over one document at a time.

use crate::calibration::Weights;
use crate::detect::{self, Category, Detector};
use crate::document::{Document, Segmented};
use crate::lexicon::LexiconSet;
use crate::policy::Policy;
use crate::score::{self, ScoredDocument};
use std::fmt;

/// Runs the selected detectors over documents and scores them. Stateless
/// between documents, so one auditor can be shared across threads.
pub struct Auditor {
    detectors: Vec<Box<dyn Detector>>,
    policy: Policy,
    calibration: Option<Weights>,
}

/// A `--only` or `--skip` name that is neither a detector nor a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectError {
    pub name: String,
    pub known: Vec<String>,
}

impl fmt::Display for SelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown detector or category {:?}; known: {}",
            self.name,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for SelectError {}

/// Chooses detectors by id or category.
#[derive(Debug, Default, Clone)]
pub struct AuditorBuilder {
    only: Vec<String>,
    skip: Vec<String>,
    policy: Policy,
    calibration: Option<Weights>,
}

impl AuditorBuilder {
    /// Keep only detectors named here, by id or category (empty: all).
    pub fn only(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.only.extend(names);
        self
    }

    /// Drop detectors named here, by id or category.
    pub fn skip(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.skip.extend(names);
        self
    }

    /// Re-weights, allow-lists and switches off findings (see [`Policy`]).
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Turns scores into calibrated probabilities (see [`Weights`]), and
    /// applies its rule weights (the policy's own rule weights win).
    pub fn calibration(mut self, weights: Option<Weights>) -> Self {
        if let Some(w) = &weights {
            self.policy.weights.splice(0..0, w.rule_patterns());
        }
        self.calibration = weights;
        self
    }

    /// Builds the auditor from `lexicons`.
    pub fn build(self, lexicons: &LexiconSet) -> Result<Auditor, SelectError> {
        // Detector ids and category names, each once (most are both).
        let mut known: Vec<String> = Vec::new();
        let names = detect::registered()
            .map(|(id, _)| id)
            .chain(Category::ALL.iter().map(|c| c.as_str()));
        for name in names {
            if !known.iter().any(|k| k == name) {
                known.push(name.to_string());
            }
        }
        for name in self.only.iter().chain(&self.skip) {
            if !known.contains(name) {
                return Err(SelectError {
                    name: name.clone(),
                    known: known.clone(),
                });
            }
        }
        let named = |names: &[String], id: &str, category: Category| {
            names.iter().any(|n| n == id || n == category.as_str())
        };
        // Only the chosen detectors are built: building is most of start-up.
        let detectors = detect::registry_of(lexicons, |id, category| {
            (self.only.is_empty() || named(&self.only, id, category))
                && !named(&self.skip, id, category)
        });
        Ok(Auditor {
            detectors,
            policy: self.policy,
            calibration: self.calibration,
        })
    }
}

impl Auditor {
    pub fn builder() -> AuditorBuilder {
        AuditorBuilder::default()
    }

    /// The detectors this auditor runs, in order.
    pub fn detectors(&self) -> impl Iterator<Item = &dyn Detector> {
        self.detectors.iter().map(|d| d.as_ref())
    }

    /// Segments, detects and scores one document.
    pub fn audit(&self, doc: Document) -> ScoredDocument {
        let (sentences, findings) = {
            let segmented = Segmented::of(&doc);
            let mut findings = Vec::new();
            for detector in &self.detectors {
                detector.detect(&segmented, &mut findings);
            }
            self.policy
                .apply(&doc.id, &doc.text, &segmented.sentences, &mut findings);
            (segmented.sentences, findings)
        };
        let mut scored = score::score(doc, &sentences, findings);
        if let Some(weights) = &self.calibration {
            weights.apply(&mut scored);
        }
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicons() -> LexiconSet {
        LexiconSet::embedded().unwrap()
    }

    #[test]
    fn only_and_skip_take_ids_and_categories() {
        let a = Auditor::builder()
            .only(["typography".into()])
            .build(&lexicons())
            .unwrap();
        assert_eq!(
            a.detectors().map(|d| d.id()).collect::<Vec<_>>(),
            ["typography"]
        );
        let a = Auditor::builder()
            .skip(["boilerplate".into()])
            .build(&lexicons())
            .unwrap();
        assert!(a.detectors().all(|d| d.id() != "boilerplate"));
        let err = Auditor::builder().only(["typo".into()]).build(&lexicons());
        assert!(matches!(err, Err(e) if e.name == "typo"));
    }

    #[test]
    fn findings_lie_inside_their_sentences() {
        let a = Auditor::builder().build(&lexicons()).unwrap();
        let text = "Intro.\n\nHe said « non » at 14h30 : it was 5,2 %.\n\nRead also: more news";
        let scored = a.audit(Document::new("d", text));
        let mut any = false;
        for s in &scored.sentences {
            for f in &s.findings {
                any = true;
                assert!(s.span.start <= f.span.start && f.span.end <= s.span.end);
            }
        }
        assert!(any);
    }
}
