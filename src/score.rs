//! Every scoring rule in one place: how findings become sentence and
//! document scores in `[0, 1]`.
//!
//! - A finding's weight `w` is the evidence it alone gives that the text was
//!   machine-translated. Page chrome is reported with `w = 0` and never
//!   counts.
//! - **Sentence score** = `1 − Π (1 − w)` over the independent pieces of
//!   evidence in the sentence: findings of one rule, or of one category with
//!   overlapping spans, are one piece with their strongest weight.
//! - **Document score**: evidence is pooled per category, discounted for
//!   long documents so that one hit in a long article counts for less, and
//!   capped so that one category alone cannot reach certainty:
//!   `k = min(1, √(12 / sentences))`,
//!   `e_c = min(0.8, 1 − Π (1 − k·w))` over the pieces of evidence of
//!   category `c` in every sentence, `score = 1 − Π_c (1 − e_c)`.
//!   Several independent categories therefore raise the score faster than
//!   many hits of one. Page evidence (category `page`: what a page's markup
//!   says about the whole document) is not discounted for length: `k = 1`
//!   for it.
//! - **Source language**: every counted finding that points to languages
//!   gives each of its `n` languages `w / n` votes. The leader is reported
//!   when the votes total at least [`LANGUAGE_MIN_EVIDENCE`], the leader
//!   holds at least [`LANGUAGE_MIN_SHARE`] of them and at least
//!   [`LANGUAGE_MIN_LEAD`] times the runner-up's votes; its share is the
//!   confidence. A page that declares its source language (a `page`
//!   finding of weight at least [`DECLARED_WEIGHT`] naming one language,
//!   such as a `machine-translated-from` link with `hreflang`) names it
//!   whatever the votes.

use crate::detect::{Category, Finding};
use crate::document::{Document, Sentence};
use crate::lang::Lang;
use std::collections::BTreeMap;

/// A typical short news item, in sentences: longer documents have their
/// evidence discounted by `√(LENGTH_NORM / sentences)`.
pub const LENGTH_NORM: f64 = 12.0;
/// The most one category can contribute to a document score.
pub const CATEGORY_CAP: f64 = 0.8;

/// The least total language evidence that names a source language.
pub const LANGUAGE_MIN_EVIDENCE: f64 = 0.6;
/// The least share of the votes the leading language needs.
pub const LANGUAGE_MIN_SHARE: f64 = 0.25;
/// How many times the runner-up's votes the leader needs.
pub const LANGUAGE_MIN_LEAD: f64 = 1.5;

/// The least weight of a `page` finding that declares the source language.
pub const DECLARED_WEIGHT: f32 = 0.9;

/// The likely source language of a document and the votes behind it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceLanguage {
    /// Votes per language, strongest first (ties by code).
    pub votes: Vec<(Lang, f64)>,
    /// The leader, when the evidence is strong and clear enough.
    pub best: Option<Lang>,
    /// The leader's share of all votes, in `[0, 1]` (0 without votes).
    pub confidence: f64,
}

/// A sentence with its findings and score.
#[derive(Debug, Clone)]
pub struct ScoredSentence {
    pub span: Sentence,
    pub score: f64,
    /// Findings in this sentence, ordered by position, then detector.
    pub findings: Vec<Finding>,
}

/// A document with every sentence scored.
#[derive(Debug, Clone)]
pub struct ScoredDocument {
    pub doc: Document,
    pub score: f64,
    pub sentences: Vec<ScoredSentence>,
    pub source_language: SourceLanguage,
}

impl ScoredDocument {
    /// Distinct categories found anywhere in the document, sorted.
    pub fn categories(&self) -> Vec<Category> {
        let mut cats: Vec<Category> = self
            .sentences
            .iter()
            .flat_map(|s| s.findings.iter().map(|f| f.category))
            .collect();
        cats.sort();
        cats.dedup();
        cats
    }

    /// Sentences scoring at or above `threshold`.
    pub fn flagged(&self, threshold: f64) -> usize {
        self.sentences
            .iter()
            .filter(|s| s.score >= threshold)
            .count()
    }
}

/// Scores one document: assigns findings to sentences, scores each sentence
/// and the whole.
pub fn score(doc: Document, sentences: &[Sentence], mut findings: Vec<Finding>) -> ScoredDocument {
    findings.sort_by(|a, b| {
        (a.sentence, a.span.start, a.span.end, a.detector, &a.rule).cmp(&(
            b.sentence,
            b.span.start,
            b.span.end,
            b.detector,
            &b.rule,
        ))
    });
    let mut scored: Vec<ScoredSentence> = sentences
        .iter()
        .map(|&span| ScoredSentence {
            span,
            score: 0.0,
            findings: Vec::new(),
        })
        .collect();
    for f in findings {
        if let Some(s) = scored.get_mut(f.sentence) {
            s.findings.push(f);
        }
    }
    for s in &mut scored {
        s.score = combine(evidence(&s.findings).into_iter().map(|(_, w)| w));
    }
    let score = document_score(&scored);
    let source_language = source_language(&scored);
    ScoredDocument {
        doc,
        score,
        sentences: scored,
        source_language,
    }
}

fn source_language(sentences: &[ScoredSentence]) -> SourceLanguage {
    // One piece of evidence votes once: the same calque listed in several
    // languages' files splits its weight among all of them instead of
    // giving each its full weight.
    let mut votes: BTreeMap<Lang, f64> = BTreeMap::new();
    for s in sentences {
        for group in evidence_groups(&s.findings) {
            let mut langs: Vec<Lang> = Vec::new();
            let mut weight = 0.0f64;
            for &i in &group {
                let f = &s.findings[i];
                if f.languages.is_empty() || f.weight <= 0.0 {
                    continue;
                }
                weight = weight.max(f64::from(f.weight));
                for &lang in f.languages.iter() {
                    if !langs.contains(&lang) {
                        langs.push(lang);
                    }
                }
            }
            for lang in &langs {
                *votes.entry(*lang).or_default() += weight / langs.len() as f64;
            }
        }
    }
    let total: f64 = votes.values().sum();
    let mut votes: Vec<(Lang, f64)> = votes.into_iter().collect();
    votes.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let confidence = votes.first().map_or(0.0, |(_, v)| v / total);
    let clear_lead = votes
        .get(1)
        .is_none_or(|(_, second)| votes[0].1 >= LANGUAGE_MIN_LEAD * second);
    let declared = sentences
        .iter()
        .flat_map(|s| &s.findings)
        .find(|f| {
            f.category == Category::Page && f.weight >= DECLARED_WEIGHT && f.languages.len() == 1
        })
        .map(|f| f.languages[0]);
    let best = declared.or_else(|| {
        (total >= LANGUAGE_MIN_EVIDENCE && confidence >= LANGUAGE_MIN_SHARE && clear_lead)
            .then(|| votes[0].0)
    });
    let confidence = match declared {
        Some(lang) => votes
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(0.0, |(_, v)| v / total),
        None => confidence,
    };
    SourceLanguage {
        votes,
        best,
        confidence,
    }
}

/// `1 − Π (1 − w)`, clamped to `[0, 1]`.
pub fn combine(weights: impl IntoIterator<Item = f64>) -> f64 {
    let miss: f64 = weights
        .into_iter()
        .map(|w| 1.0 - w.clamp(0.0, 1.0))
        .product();
    (1.0 - miss).clamp(0.0, 1.0)
}

/// The independent pieces of evidence among one sentence's findings, each
/// with its category and strongest weight. Findings are one piece when they
/// come from the same rule, or from the same category with overlapping
/// spans: the same calque listed in two language files, or a name caught by
/// the name table and by a convention rule, counts once.
fn evidence(findings: &[Finding]) -> Vec<(Category, f64)> {
    evidence_groups(findings)
        .into_iter()
        .map(|group| {
            // The strongest finding; the first of equals.
            let mut best = &findings[group[0]];
            for &i in &group[1..] {
                if findings[i].weight > best.weight {
                    best = &findings[i];
                }
            }
            (best.category, f64::from(best.weight))
        })
        .collect()
}

/// The findings of one sentence grouped into independent pieces of
/// evidence (indices into `findings`, in order of first finding).
fn evidence_groups(findings: &[Finding]) -> Vec<Vec<usize>> {
    let mut group: Vec<usize> = (0..findings.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    for i in 0..findings.len() {
        for j in 0..i {
            let (a, b) = (&findings[i], &findings[j]);
            let overlap = a.span.start < b.span.end && b.span.start < a.span.end;
            if a.rule == b.rule || (a.category == b.category && overlap) {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri] = rj;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..findings.len() {
        groups.entry(root(&mut group, i)).or_default().push(i);
    }
    groups.into_values().collect()
}

fn document_score(sentences: &[ScoredSentence]) -> f64 {
    combine(document_evidence(sentences).into_values())
}

/// The evidence of each category in a whole document, as the document score
/// combines it: pooled over sentences, discounted for length, capped.
pub fn document_evidence(sentences: &[ScoredSentence]) -> BTreeMap<Category, f64> {
    if sentences.is_empty() {
        return BTreeMap::new();
    }
    let k = (LENGTH_NORM / sentences.len() as f64).sqrt().min(1.0);
    let mut by_category: BTreeMap<Category, Vec<f64>> = BTreeMap::new();
    for s in sentences {
        for (category, w) in evidence(&s.findings) {
            let k = if category == Category::Page { 1.0 } else { k };
            by_category.entry(category).or_default().push(k * w);
        }
    }
    by_category
        .into_iter()
        .map(|(c, ws)| (c, combine(ws).min(CATEGORY_CAP)))
        .collect()
}

/// The evidence of each category in one sentence's findings.
pub fn sentence_evidence(findings: &[Finding]) -> BTreeMap<Category, f64> {
    let mut by_category: BTreeMap<Category, Vec<f64>> = BTreeMap::new();
    for (category, w) in evidence(findings) {
        by_category.entry(category).or_default().push(w);
    }
    by_category
        .into_iter()
        .map(|(c, ws)| (c, combine(ws)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn source_language_needs_enough_clear_evidence() {
        let lang = |code: &str| Lang::parse(code).unwrap();
        let with_langs = |rule: &str, sentence, weight, langs: &[&str]| Finding {
            languages: langs.iter().map(|l| lang(l)).collect::<Vec<_>>().into(),
            ..finding(Category::Idiom, rule, sentence, weight)
        };
        let doc = || Document::new("d", "x");
        let weak = score(
            doc(),
            &spans(3),
            vec![with_langs("idiom/a", 0, 0.3, &["fr"])],
        );
        assert_eq!(weak.source_language.best, None);
        let clear = score(
            doc(),
            &spans(3),
            vec![
                with_langs("idiom/a", 0, 0.5, &["fr"]),
                with_langs("idiom/b", 1, 0.4, &["fr", "it"]),
            ],
        );
        assert_eq!(clear.source_language.best, Some(lang("fr")));
        assert!((clear.source_language.confidence - 0.7 / 0.9).abs() < 1e-6);
        let close = score(
            doc(),
            &spans(3),
            vec![
                with_langs("idiom/a", 0, 0.5, &["fr"]),
                with_langs("idiom/b", 1, 0.4, &["it"]),
            ],
        );
        assert_eq!(
            close.source_language.best, None,
            "fr does not lead it twice over"
        );
        let split = score(
            doc(),
            &spans(3),
            vec![with_langs("t/x", 0, 0.9, &["de", "fr", "it"])],
        );
        assert_eq!(split.source_language.best, None);
    }

    fn finding(category: Category, rule: &str, sentence: usize, weight: f32) -> Finding {
        Finding {
            detector: "test",
            category,
            rule: rule.into(),
            span: 0..1,
            sentence,
            message: "m".into(),
            suggestion: None,
            weight,
            languages: Arc::from(vec![]),
        }
    }

    fn spans(n: usize) -> Vec<Sentence> {
        (0..n)
            .map(|i| Sentence {
                start: i * 10,
                end: i * 10 + 5,
            })
            .collect()
    }

    #[test]
    fn sentence_score_combines_distinct_rules() {
        let doc = Document::new("d", "x");
        let f = vec![
            finding(Category::Typography, "typography/a", 0, 0.5),
            finding(Category::Typography, "typography/a", 0, 0.5),
            finding(Category::Idiom, "idiom/b", 0, 0.5),
        ];
        let scored = score(doc, &spans(1), f);
        assert!((scored.sentences[0].score - 0.75).abs() < 1e-6);
    }

    #[test]
    fn overlapping_findings_of_one_category_count_once() {
        let at = |rule: &str, category, span: std::ops::Range<usize>, weight| Finding {
            span,
            ..finding(category, rule, 0, weight)
        };
        let f = vec![
            at("idiom/fr/assist-at", Category::Idiom, 10..21, 0.6),
            at("idiom/it/assist-at", Category::Idiom, 10..25, 0.5),
            at("idiom/es/assist", Category::Idiom, 30..36, 0.5),
            at("typography/x", Category::Typography, 12..14, 0.5),
        ];
        let scored = score(Document::new("d", "x"), &spans(1), f);
        let expected = 1.0 - (1.0 - 0.6) * (1.0 - 0.5) * (1.0 - 0.5);
        assert!((scored.sentences[0].score - expected).abs() < 1e-6);
    }

    #[test]
    fn chrome_with_zero_weight_never_scores() {
        let f = vec![finding(Category::Boilerplate, "boilerplate/x", 0, 0.0)];
        let scored = score(Document::new("d", "x"), &spans(3), f);
        assert_eq!(scored.score, 0.0);
        assert_eq!(scored.sentences[0].score, 0.0);
        assert_eq!(scored.categories(), vec![Category::Boilerplate]);
    }

    #[test]
    fn one_hit_in_a_long_article_counts_less_than_in_a_short_one() {
        let f = || vec![finding(Category::Typography, "typography/a", 0, 0.6)];
        let short = score(Document::new("d", "x"), &spans(5), f()).score;
        let long = score(Document::new("d", "x"), &spans(60), f()).score;
        assert!((short - 0.6).abs() < 1e-6);
        assert!(long < 0.3, "{long}");
    }

    #[test]
    fn one_calque_in_several_language_files_splits_its_vote() {
        let lang = |code: &str| Lang::parse(code).unwrap();
        let with = |rule: &str, langs: &[&str]| Finding {
            languages: langs.iter().map(|l| lang(l)).collect::<Vec<_>>().into(),
            ..finding(Category::Idiom, rule, 0, 0.6)
        };
        let f = vec![
            with("idiom/fr/assist-at", &["fr"]),
            with("idiom/es/asistir", &["es"]),
            with("idiom/it/assist-at", &["it"]),
        ];
        let scored = score(Document::new("d", "x"), &spans(2), f);
        let votes = &scored.source_language.votes;
        assert_eq!(votes.len(), 3);
        assert!(
            votes.iter().all(|(_, v)| (v - 0.2).abs() < 1e-6),
            "{votes:?}"
        );
        assert_eq!(scored.source_language.best, None);
    }

    #[test]
    fn a_declared_source_language_wins_the_vote() {
        let lang = |code: &str| Lang::parse(code).unwrap();
        let with = |category, rule: &str, weight, langs: &[&str]| Finding {
            languages: langs.iter().map(|l| lang(l)).collect::<Vec<_>>().into(),
            ..finding(category, rule, 0, weight)
        };
        let f = vec![
            with(Category::Idiom, "idiom/a", 0.6, &["es"]),
            with(Category::Idiom, "idiom/b", 0.6, &["es"]),
            with(Category::Idiom, "idiom/c", 0.6, &["es"]),
            with(Category::Page, "page/machine-translated-from", 0.9, &["fr"]),
        ];
        let scored = score(Document::new("d", "x"), &spans(2), f.clone());
        assert_eq!(scored.source_language.best, Some(lang("fr")));
        // The three idiom findings share a span: one piece of evidence.
        assert!((scored.source_language.confidence - 0.9 / 1.5).abs() < 1e-6);
        // A weak page signal only votes.
        let mut weak = f;
        weak[3].weight = 0.3;
        let scored = score(Document::new("d", "x"), &spans(2), weak);
        assert_eq!(scored.source_language.best, Some(lang("es")));
    }

    #[test]
    fn page_evidence_is_not_discounted_for_length() {
        let f = || {
            vec![finding(
                Category::Page,
                "page/machine-translated-from",
                0,
                0.9,
            )]
        };
        let long = score(Document::new("d", "x"), &spans(60), f()).score;
        assert!((long - CATEGORY_CAP).abs() < 1e-6, "{long}");
    }

    #[test]
    fn independent_categories_outweigh_one_category() {
        let one = (0..4)
            .map(|i| finding(Category::Typography, &format!("typography/{i}"), i, 0.6))
            .collect();
        let many = [
            Category::Typography,
            Category::Idiom,
            Category::Residue,
            Category::Role,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, c)| finding(c, &format!("{c}/{i}"), i, 0.6))
        .collect();
        let one = score(Document::new("d", "x"), &spans(10), one).score;
        let many = score(Document::new("d", "x"), &spans(10), many).score;
        assert!((one - CATEGORY_CAP).abs() < 1e-6);
        assert!(many > 0.95 && many <= 1.0, "{many}");
    }
}
