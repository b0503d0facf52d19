//! What the user has said should count less, or not at all: rules switched
//! off or re-weighted, allow-listed names, phrases and sites (from
//! `mtaudit.toml`), and inline suppression markers in the text itself.
//!
//! The policy is applied to a document's findings after the detectors and
//! before scoring, so a suppressed finding neither shows nor scores.
//!
//! Inline markers work in any text a person controls, and survive HTML as a
//! comment:
//!
//! - `mtaudit: ignore` silences every rule in the sentence that follows the
//!   marker (or the sentence the marker opens);
//! - `mtaudit: ignore RULE, RULE` silences only those rules there;
//! - `mtaudit: ignore-document [RULE, …]` does the same for the whole
//!   document.
//!
//! A marker runs to the end of its line, or to a closing `-->` or `]`, so
//! `[mtaudit: ignore idiom]`, `<!-- mtaudit: ignore -->` and
//! `# mtaudit: ignore-document typography` all work. A rule is named by its
//! id (`idiom/fr/actuellement`), by a prefix ending in `*`
//! (`transliteration/east/*`), or by a detector or category name (`idiom`).

use crate::detect::Finding;
use crate::document::Sentence;

/// A rule id, a prefix (`idiom/fr/*`), or a detector or category name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulePattern(String);

impl RulePattern {
    pub fn new(pattern: &str) -> Self {
        RulePattern(pattern.trim().to_string())
    }

    pub fn matches(&self, f: &Finding) -> bool {
        let p = self.0.as_str();
        match p.strip_suffix('*') {
            Some(prefix) => f.rule.starts_with(prefix),
            None => *f.rule == *p || f.detector == p || f.category.as_str() == p,
        }
    }
}

/// Rule weights, allow-lists and the inline markers, applied together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// New weights by rule pattern; the last matching pattern wins. Weight 0
    /// switches a rule off.
    pub weights: Vec<(RulePattern, f32)>,
    /// Names and phrases that never count as evidence (compared without
    /// case).
    pub allowed_phrases: Vec<String>,
    /// Documents whose id contains one of these (a host such as
    /// `example.org`) are never flagged.
    pub allowed_sites: Vec<String>,
}

const MARKER: &str = "mtaudit: ignore";

impl Policy {
    /// Drops or re-weights `findings` of the document `id` with `text`.
    pub fn apply(&self, id: &str, text: &str, sentences: &[Sentence], findings: &mut Vec<Finding>) {
        if self.allowed_sites.iter().any(|s| id.contains(s.as_str())) {
            findings.clear();
            return;
        }
        let markers = markers(text, sentences);
        let phrases: Vec<String> = self
            .allowed_phrases
            .iter()
            .map(|p| p.to_lowercase())
            .collect();
        findings.retain_mut(|f| {
            if markers.iter().any(|m| m.silences(f)) {
                return false;
            }
            if !phrases.is_empty() {
                let evidence = text[f.span.clone()].to_lowercase();
                if phrases
                    .iter()
                    .any(|p| evidence.contains(p.as_str()) || p.contains(evidence.as_str()))
                {
                    return false;
                }
            }
            if let Some((_, w)) = self.weights.iter().rev().find(|(p, _)| p.matches(f)) {
                f.weight = *w;
                return *w > 0.0;
            }
            true
        });
    }
}

/// One inline marker: the sentences it covers (`None`: the document) and
/// the rules it names (empty: all).
#[derive(Debug)]
struct Marker {
    sentence: Option<usize>,
    rules: Vec<RulePattern>,
}

impl Marker {
    fn silences(&self, f: &Finding) -> bool {
        self.sentence.is_none_or(|s| s == f.sentence)
            && (self.rules.is_empty() || self.rules.iter().any(|r| r.matches(f)))
    }
}

/// The markers in `text`. A sentence marker covers the first sentence with
/// text after the marker.
fn markers(text: &str, sentences: &[Sentence]) -> Vec<Marker> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(MARKER) {
        let rest = &text[at + MARKER.len()..];
        let line = rest.split('\n').next().unwrap_or("");
        let end = [line.find("-->"), line.find(']')]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(line.len());
        let body = &line[..end];
        let (whole_document, names) = match body.strip_prefix("-document") {
            Some(names) => (true, names),
            None => (false, body),
        };
        // `mtaudit: ignored` or similar is prose, not a marker.
        if !(names.is_empty() || names.starts_with(char::is_whitespace)) {
            continue;
        }
        let rules = names
            .split([',', ' '])
            .filter(|n| !n.trim().is_empty())
            .map(RulePattern::new)
            .collect();
        let marker_end = at + MARKER.len() + end;
        let sentence = if whole_document {
            None
        } else {
            // The first sentence with text after the marker.
            match sentences.iter().position(|s| {
                s.end > marker_end
                    && text[marker_end.max(s.start)..s.end]
                        .chars()
                        .any(char::is_alphanumeric)
            }) {
                Some(i) => Some(i),
                None => continue,
            }
        };
        out.push(Marker { sentence, rules });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Category;
    use std::sync::Arc;

    fn finding(text: &str, sentences: &[Sentence], evidence: &str, rule: &str) -> Finding {
        let start = text.find(evidence).unwrap();
        let sentence = sentences
            .iter()
            .position(|s| s.start <= start && start < s.end)
            .unwrap();
        Finding {
            detector: "idiom",
            category: Category::Idiom,
            rule: Arc::from(rule),
            span: start..start + evidence.len(),
            sentence,
            message: Arc::from("m"),
            suggestion: None,
            weight: 0.5,
            languages: Arc::from(Vec::new()),
        }
    }

    fn kept(policy: &Policy, id: &str, text: &str, hits: &[(&str, &str)]) -> Vec<(String, f32)> {
        let sentences = crate::segment::sentences(text);
        let mut findings: Vec<Finding> = hits
            .iter()
            .map(|(e, r)| finding(text, &sentences, e, r))
            .collect();
        policy.apply(id, text, &sentences, &mut findings);
        findings
            .iter()
            .map(|f| (text[f.span.clone()].to_string(), f.weight))
            .collect()
    }

    const TEXT: &str = "The minister assisted at the summit. Prices are actually rising.";
    const HITS: [(&str, &str); 2] = [
        ("assisted at", "idiom/fr/assist-at"),
        ("actually", "idiom/fr/actuellement"),
    ];

    #[test]
    fn rules_are_switched_off_or_reweighted_by_id_prefix_or_detector() {
        let mut p = Policy::default();
        p.weights
            .push((RulePattern::new("idiom/fr/actuellement"), 0.0));
        p.weights.push((RulePattern::new("idiom/fr/assist*"), 0.2));
        assert_eq!(kept(&p, "d", TEXT, &HITS), [("assisted at".into(), 0.2)]);
        let mut p = Policy::default();
        p.weights.push((RulePattern::new("idiom"), 0.0));
        assert!(kept(&p, "d", TEXT, &HITS).is_empty());
        assert_eq!(kept(&Policy::default(), "d", TEXT, &HITS).len(), 2);
    }

    #[test]
    fn allowed_phrases_and_sites_never_count() {
        let p = Policy {
            allowed_phrases: vec!["ACTUALLY".into()],
            allowed_sites: vec!["example.org".into()],
            ..Policy::default()
        };
        assert_eq!(
            kept(&p, "https://news.test/a", TEXT, &HITS),
            [("assisted at".into(), 0.5)]
        );
        assert!(kept(&p, "https://example.org/a", TEXT, &HITS).is_empty());
    }

    #[test]
    fn inline_markers_silence_the_next_sentence_or_the_document() {
        let p = Policy::default();
        let text =
            "[mtaudit: ignore] The minister assisted at the summit. Prices are actually rising.";
        assert_eq!(kept(&p, "d", text, &HITS), [("actually".into(), 0.5)]);
        let text = "The minister assisted at the summit.\n<!-- mtaudit: ignore idiom/fr/actuellement -->\nPrices are actually rising.";
        assert_eq!(kept(&p, "d", text, &HITS), [("assisted at".into(), 0.5)]);
        let text = "# mtaudit: ignore-document idiom/fr/assist*\nThe minister assisted at the summit. Prices are actually rising.";
        assert_eq!(kept(&p, "d", text, &HITS), [("actually".into(), 0.5)]);
        // A marker naming another rule silences nothing; prose is no marker.
        let text = "[mtaudit: ignore typography] The minister assisted at the summit. Prices are actually rising.";
        assert_eq!(kept(&p, "d", text, &HITS).len(), 2);
        let text = "The mtaudit: ignored warning. The minister assisted at the summit. Prices are actually rising.";
        assert_eq!(kept(&p, "d", text, &HITS).len(), 2);
    }
}
