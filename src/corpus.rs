//! Repetition across a feed: the one pass over the whole corpus.
//!
//! Detectors see one document at a time and keep no state. What recurs in
//! many documents of a run (a template sentence, a republished paragraph,
//! chrome the boilerplate lexicon does not know) is found here instead, in a
//! pass the run makes over the scored documents in input order, so the
//! result does not depend on the thread count.
//!
//! Each sentence of six words or more, and each long clause of it, is
//! normalised (case, punctuation and quotes dropped) and hashed; a table
//! counts the documents each hash occurs in. The table holds at most
//! `capacity` hashes: when it is full, the hashes seen in the fewest
//! documents are dropped, so a count can only be too low, never too high,
//! and memory stays bounded for any feed. From the `min_documents`-th
//! document on, a sentence that recurs is reported with the number of
//! documents it has appeared in so far; the first occurrences are not (the
//! pass reads the feed once, as it streams).
//!
//! The finding has weight 0: recurring text is scraping and syndication
//! debris, reported for the reviewer but no evidence of translation.

use crate::detect::repetition::{hash_iter, word_iter};
use crate::detect::{Category, Finding};
use crate::fasthash::FastMap;
use crate::lowercase::push_lowercase;
use crate::score::ScoredDocument;
use std::sync::Arc;

/// Sentences and clauses shorter than this (in words) are not counted.
const MIN_WORDS: usize = 6;
/// Clauses are counted on their own from this many words.
const MIN_CLAUSE_WORDS: usize = 8;

/// How many documents a hash has been seen in, and the first of them.
#[derive(Debug, Clone, Copy)]
struct Seen {
    documents: u32,
    first: u64,
    last: u64,
}

/// The corpus pass: counts recurring sentences and marks them.
#[derive(Debug)]
pub struct CrossDocument {
    counts: FastMap<u64, Seen>,
    capacity: usize,
    min_documents: u32,
    /// 1-based index of the document being observed.
    document: u64,
}

impl CrossDocument {
    /// A pass that remembers at most `capacity` sentence hashes (about 40
    /// bytes each) and reports a sentence from its `min_documents`-th
    /// document on.
    pub fn new(capacity: usize, min_documents: u32) -> Self {
        CrossDocument {
            counts: FastMap::with_capacity_and_hasher(capacity.min(1 << 16), Default::default()),
            capacity: capacity.max(2),
            min_documents: min_documents.max(2),
            document: 0,
        }
    }

    /// The number of hashes held now.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Counts the sentences of `scored` and adds a finding to each that has
    /// now been seen in at least `min_documents` documents of the run.
    pub fn observe(&mut self, scored: &mut ScoredDocument) {
        self.document += 1;
        let text = scored.doc.text.as_str();
        let mut lowered = String::new();
        for (index, sentence) in scored.sentences.iter_mut().enumerate() {
            lowered.clear();
            push_lowercase(&mut lowered, sentence.span.text(text));
            let mut best: Option<Seen> = None;
            for_each_unit(&lowered, |key| {
                let seen = self.count(key);
                if seen.documents >= self.min_documents
                    && best.is_none_or(|b| seen.documents > b.documents)
                {
                    best = Some(seen);
                }
            });
            if let Some(seen) = best {
                let finding = Finding {
                    detector: "repetition",
                    category: Category::Repetition,
                    rule: Arc::from("repetition/cross-document"),
                    span: sentence.span.range(),
                    sentence: index,
                    message: Arc::from(format!(
                        "recurs in {} documents of this run so far (first in document {} of the run): a template, syndicated text or page chrome",
                        seen.documents, seen.first
                    )),
                    suggestion: None,
                    weight: 0.0,
                    languages: Arc::from(Vec::new()),
                };
                let at = sentence
                    .findings
                    .partition_point(|f| f.span.start <= finding.span.start);
                sentence.findings.insert(at, finding);
            }
        }
    }

    /// Counts `key` once for the current document and returns its record.
    fn count(&mut self, key: u64) -> Seen {
        if !self.counts.contains_key(&key) && self.counts.len() >= self.capacity {
            self.prune();
        }
        let document = self.document;
        let seen = self.counts.entry(key).or_insert(Seen {
            documents: 0,
            first: document,
            last: 0,
        });
        if seen.last != document {
            seen.documents += 1;
            seen.last = document;
        }
        *seen
    }

    /// Drops the hashes seen in the fewest documents until the table is at
    /// most half full.
    fn prune(&mut self) {
        let mut floor = 1;
        while self.counts.len() > self.capacity / 2 {
            self.counts.retain(|_, s| s.documents > floor);
            floor += 1;
        }
    }
}

/// Hands `each` the hash of the normalised sentence and then those of its
/// long clauses, in order, without collecting the words.
fn for_each_unit(lowered: &str, mut each: impl FnMut(u64)) {
    let (whole, n) = hash_iter(word_iter(lowered));
    if n < MIN_WORDS {
        return;
    }
    each(whole);
    let breaks = [',', ';', ':'];
    if lowered.contains(breaks) {
        for clause in lowered.split(breaks) {
            let (key, n) = hash_iter(word_iter(clause));
            if n >= MIN_CLAUSE_WORDS {
                each(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Sentence};
    use crate::score;

    fn scored(text: &str) -> ScoredDocument {
        let sentences: Vec<Sentence> = crate::segment::sentences(text);
        score::score(Document::new("d", text), &sentences, Vec::new())
    }

    fn cross(pass: &mut CrossDocument, text: &str) -> Vec<(usize, String)> {
        let mut doc = scored(text);
        pass.observe(&mut doc);
        doc.sentences
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.findings.iter().map(move |f| (i, f.message.to_string())))
            .collect()
    }

    const TEMPLATE: &str = "Sign up to our newsletter to get the latest stories every morning.";

    #[test]
    fn a_sentence_in_many_documents_is_reported_from_the_threshold_on() {
        let mut pass = CrossDocument::new(1000, 3);
        assert!(cross(
            &mut pass,
            &format!("Storms hit the coast on Monday night. {TEMPLATE}")
        )
        .is_empty());
        assert!(cross(
            &mut pass,
            &format!("A court cleared the mayor of all charges. {TEMPLATE}")
        )
        .is_empty());
        let third = cross(
            &mut pass,
            &format!("The central bank kept its rates on hold. {TEMPLATE}"),
        );
        assert_eq!(third.len(), 1, "{third:?}");
        assert_eq!(third[0].0, 1);
        assert!(
            third[0].1.starts_with("recurs in 3 documents"),
            "{}",
            third[0].1
        );
        assert!(third[0].1.contains("first in document 1"));
    }

    #[test]
    fn repeats_inside_one_document_count_once_and_case_and_quotes_do_not_matter() {
        let mut pass = CrossDocument::new(1000, 2);
        assert!(cross(&mut pass, &format!("{TEMPLATE} {TEMPLATE}")).is_empty());
        let loud = TEMPLATE
            .to_uppercase()
            .replace("NEWSLETTER", "\"NEWSLETTER\"");
        assert_eq!(cross(&mut pass, &loud).len(), 1);
    }

    #[test]
    fn a_shared_long_clause_counts_and_short_sentences_do_not() {
        let mut pass = CrossDocument::new(1000, 2);
        let clause = "officials admitted the funds were not enough to rebuild the bridge";
        cross(&mut pass, &format!("However, {clause}, the report said."));
        let found = cross(
            &mut pass,
            &format!("In March, {clause}, local radio reported."),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let mut pass = CrossDocument::new(1000, 2);
        cross(&mut pass, "Read more. Share this.");
        assert!(cross(&mut pass, "Read more. Share this.").is_empty());
    }

    #[test]
    fn memory_is_bounded_and_frequent_sentences_survive_pruning() {
        let mut pass = CrossDocument::new(64, 3);
        for i in 0..500 {
            let text = format!("Report number {i} says the river rose again overnight. {TEMPLATE}");
            let found = cross(&mut pass, &text);
            assert!(pass.len() <= 64);
            if i >= 2 {
                assert_eq!(found.len(), 1, "document {i}: {found:?}");
            }
        }
    }
}
