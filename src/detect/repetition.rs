//! `repetition`: the same sentence twice in one document, or a near copy of
//! an earlier sentence with its ending changed or a few words swapped — what
//! article spinners and re-translation leave.
//!
//! Sentences are normalised (case, punctuation and quotes dropped) and cut
//! into word 4-gram shingles. Each shingle indexes the sentences that hold
//! it, so a sentence is compared only with the few earlier sentences it
//! shares shingles with: the cost stays near-linear in the document. A
//! candidate pair counts as a near copy when it shares a long prefix or
//! suffix, or most of its words, and the edit distance over words confirms
//! it.
//!
//! What a repeat means sets its weight: a reworded repeat inside the body is
//! the strongest kind; an exact repeat of the headline as the next line, or
//! of a caption, is a scraping artifact, still reported but with the lowest
//! weight. All weights stay low: native online news repeats its standfirst
//! with changes in the body (measured: 6 reworded repeats in 10,093
//! original-English sentences of the eval data, about the rate of the
//! machine-translated sets), so a repeat counts only alongside other
//! evidence.
//!
//! The whole document is also measured the way web-data quality filters
//! measure it: the share of lines and of paragraphs that repeat an earlier
//! one, and the share of word characters inside word 10-grams that occur
//! twice. A document past the filters' usual limits gets one low-weight
//! finding that gives the figures. Repetition across a feed is not a
//! detector's business: it is the corpus pass in [`crate::corpus`].

use super::{Category, Detector, Finding};
use crate::document::Segmented;
use crate::fasthash::{FastMap, FastSet};
use crate::lowercase::push_lowercase;
use std::sync::Arc;

pub const ID: &str = "repetition";

/// Sentences shorter than this (in words) are never compared.
const MIN_WORDS: usize = 6;
/// Words per shingle.
const SHINGLE: usize = 4;
/// A shingle seen in more sentences than this is too common to index.
const MAX_POSTINGS: usize = 16;
/// Normalised edit similarity a near copy must reach.
const MIN_SIMILARITY: f64 = 0.7;

const WEIGHT_REWORDED: f32 = 0.2;
const WEIGHT_EXACT_BODY: f32 = 0.1;
const WEIGHT_SCRAPED: f32 = 0.05;
const WEIGHT_RATIOS: f32 = 0.1;

/// Documents shorter than this (in words) are too short for ratios.
const RATIO_MIN_WORDS: usize = 200;
/// The limits of web-data filters: past any of them a document is mostly
/// repeated material.
const MAX_DUPLICATE_LINES: f64 = 0.3;
const MAX_DUPLICATE_PARAGRAPHS: f64 = 0.3;
const MAX_DUPLICATE_NGRAM_CHARS: f64 = 0.3;
/// Words per n-gram in the character ratio.
const RATIO_NGRAM: usize = 10;

pub struct Repetition;

impl Detector for Repetition {
    fn id(&self) -> &'static str {
        ID
    }

    fn category(&self) -> Category {
        Category::Repetition
    }

    fn description(&self) -> &'static str {
        "a sentence repeated in the same document, exactly or with a changed ending or swapped words"
    }

    fn detect(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>) {
        // Every sentence lower-cased into one buffer, and every word of
        // every sentence in one list, borrowing from it: two allocations
        // per document instead of two per sentence.
        let mut lowered = String::with_capacity(doc.text.len());
        let mut bounds = Vec::with_capacity(doc.sentences.len());
        for s in &doc.sentences {
            let start = lowered.len();
            push_lowercase(&mut lowered, s.text(doc.text));
            bounds.push(start..lowered.len());
        }
        let mut all_words: Vec<&str> = Vec::with_capacity(lowered.len() / 5);
        let mut word_ranges = Vec::with_capacity(bounds.len());
        for b in bounds {
            let start = all_words.len();
            all_words.extend(word_iter(&lowered[b]));
            word_ranges.push(start..all_words.len());
        }
        let normalised: Vec<&[&str]> = word_ranges.into_iter().map(|r| &all_words[r]).collect();
        // Headlines and captions echo the body on purpose: they are only
        // ever compared for exact repeats.
        let prose: Vec<bool> = doc
            .sentences
            .iter()
            .map(|s| is_punctuated(s.text(doc.text)))
            .collect();
        let mut exact: FastMap<u64, usize> = FastMap::default();
        let mut postings = Postings::default();
        // `seen[j] == i`: sentence j was already compared with sentence i.
        let mut seen: Vec<usize> = vec![usize::MAX; normalised.len()];
        let mut scratch = Scratch::default();
        for (i, &tokens) in normalised.iter().enumerate() {
            if tokens.len() < MIN_WORDS {
                continue;
            }
            let key = hash(tokens);
            if let Some(&first) = exact.get(&key) {
                if normalised[first] == tokens {
                    out.push(exact_repeat(doc, first, i));
                    continue;
                }
            }
            exact.insert(key, i);
            let mut best: Option<(usize, f64)> = None;
            for shingle in tokens.windows(SHINGLE) {
                let list = postings.list(hash(shingle));
                if prose[i] {
                    for j in postings.iter(list) {
                        if seen[j] == i || !prose[j] {
                            continue;
                        }
                        seen[j] = i;
                        if let Some(sim) = near_copy(normalised[j], tokens, &mut scratch) {
                            if best.is_none_or(|(_, b)| sim > b) {
                                best = Some((j, sim));
                            }
                        }
                    }
                }
                postings.push(list, i);
            }
            if let Some((j, sim)) = best {
                let s = doc.sentences[i];
                out.push(finding(
                    i,
                    s.range(),
                    "repetition/reworded",
                    format!(
                        "repeats sentence {} with changes (similarity {sim:.2}), as spinning or re-translation leaves",
                        j + 1
                    ),
                    WEIGHT_REWORDED,
                ));
            }
        }
        out.extend(ratio_finding(doc));
    }
}

/// The shingle index: for each shingle hash, the first [`MAX_POSTINGS`]
/// sentences that hold it, in order. The lists are chained through one
/// node vector, so a shingle seen once (most of them) costs no allocation
/// of its own.
#[derive(Default)]
struct Postings {
    /// Shingle hash → index into `lists`.
    index: FastMap<u64, u32>,
    lists: Vec<PostingList>,
    /// (sentence, next node or [`NO_NODE`]).
    nodes: Vec<(u32, u32)>,
}

#[derive(Clone, Copy)]
struct PostingList {
    head: u32,
    tail: u32,
    len: u32,
}

const NO_NODE: u32 = u32::MAX;

impl Postings {
    /// The list of `shingle`, created empty if new.
    fn list(&mut self, shingle: u64) -> usize {
        let next = self.lists.len() as u32;
        let at = *self.index.entry(shingle).or_insert(next);
        if at == next {
            self.lists.push(PostingList {
                head: NO_NODE,
                tail: NO_NODE,
                len: 0,
            });
        }
        at as usize
    }

    /// The sentences of `list`, oldest first.
    fn iter(&self, list: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.lists[list].head;
        std::iter::from_fn(move || {
            let (sentence, next) = *self.nodes.get(at as usize)?;
            at = next;
            Some(sentence as usize)
        })
    }

    /// Appends sentence `i` unless the list is full or already ends with it.
    fn push(&mut self, list: usize, i: usize) {
        let l = self.lists[list];
        if l.len as usize >= MAX_POSTINGS
            || (l.len > 0 && self.nodes[l.tail as usize].0 as usize == i)
        {
            return;
        }
        let node = self.nodes.len() as u32;
        self.nodes.push((i as u32, NO_NODE));
        if l.len == 0 {
            self.lists[list].head = node;
        } else {
            self.nodes[l.tail as usize].1 = node;
        }
        let l = &mut self.lists[list];
        l.tail = node;
        l.len += 1;
    }
}

/// The repetition ratios of a whole document, each in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratios {
    /// Share of non-empty lines that repeat an earlier line.
    pub duplicate_lines: f64,
    /// Share of paragraphs (blocks between blank lines) that repeat an
    /// earlier one.
    pub duplicate_paragraphs: f64,
    /// Share of word characters inside word 10-grams that occur more than
    /// once.
    pub duplicate_ngram_chars: f64,
    /// Byte offset of the first repeated material, if any.
    pub first_repeat: Option<usize>,
    pub words: usize,
}

/// Measures `text`. Linear: every line, paragraph and n-gram is hashed once.
pub fn ratios(text: &str) -> Ratios {
    let (duplicate_lines, first_line) = duplicate_share(pieces(text, |t| t.split('\n')));
    let (duplicate_paragraphs, _) = duplicate_share(pieces(text, paragraphs));
    // Word spans, lower-cased words (one buffer) and their 10-gram counts.
    let spans: Vec<(usize, usize)> = word_spans(text).collect();
    let mut lowered = String::with_capacity(text.len());
    let mut bounds = Vec::with_capacity(spans.len());
    for &(s, e) in &spans {
        let start = lowered.len();
        // Word by word, as `to_lowercase` of each word would.
        push_lowercase(&mut lowered, &text[s..e]);
        bounds.push((start, lowered.len()));
    }
    let keys: Vec<&str> = bounds.iter().map(|&(s, e)| &lowered[s..e]).collect();
    let hashes: Vec<u64> = keys.windows(RATIO_NGRAM).map(hash).collect();
    let mut counts: FastMap<u64, u32> =
        FastMap::with_capacity_and_hasher(hashes.len(), Default::default());
    for &h in &hashes {
        *counts.entry(h).or_default() += 1;
    }
    let mut covered = vec![false; keys.len()];
    let mut first_gram = None;
    for (i, h) in hashes.iter().enumerate() {
        if counts[h] > 1 {
            first_gram.get_or_insert(spans[i].0);
            covered[i..i + RATIO_NGRAM]
                .iter_mut()
                .for_each(|c| *c = true);
        }
    }
    let total: usize = spans.iter().map(|&(s, e)| e - s).sum();
    let repeated: usize = spans
        .iter()
        .zip(&covered)
        .filter(|(_, c)| **c)
        .map(|(&(s, e), _)| e - s)
        .sum();
    Ratios {
        duplicate_lines,
        duplicate_paragraphs,
        duplicate_ngram_chars: if total == 0 {
            0.0
        } else {
            repeated as f64 / total as f64
        },
        first_repeat: first_line.or(first_gram),
        words: spans.len(),
    }
}

/// The trimmed, non-empty pieces of `text` that `split` yields, with their
/// byte offsets.
fn pieces<'a, I: Iterator<Item = &'a str>>(
    text: &'a str,
    split: impl Fn(&'a str) -> I,
) -> Vec<(usize, &'a str)> {
    split(text)
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| (p.as_ptr() as usize - text.as_ptr() as usize, p))
        .collect()
}

/// Blocks of text between blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        let mut next = rest.len();
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim().is_empty() && offset > 0 {
                end = offset;
                next = offset + line.len();
                break;
            }
            offset += line.len();
        }
        let (block, tail) = (&rest[..end], &rest[next..]);
        rest = tail;
        Some(block)
    })
}

/// The share of pieces equal to an earlier piece, and where the first such
/// piece starts.
fn duplicate_share(pieces: Vec<(usize, &str)>) -> (f64, Option<usize>) {
    let mut seen: FastSet<&str> =
        FastSet::with_capacity_and_hasher(pieces.len(), Default::default());
    let mut repeats = 0usize;
    let mut first = None;
    for &(offset, piece) in &pieces {
        if !seen.insert(piece) {
            repeats += 1;
            first.get_or_insert(offset);
        }
    }
    if pieces.is_empty() {
        (0.0, None)
    } else {
        (repeats as f64 / pieces.len() as f64, first)
    }
}

/// Byte spans of the words of `text`.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
                None
            } else {
                start.take().map(|s| (s, i))
            }
        })
}

/// One finding for a document past the web-data filters' limits.
fn ratio_finding(doc: &Segmented<'_>) -> Option<Finding> {
    let r = ratios(doc.text);
    if r.words < RATIO_MIN_WORDS
        || (r.duplicate_lines <= MAX_DUPLICATE_LINES
            && r.duplicate_paragraphs <= MAX_DUPLICATE_PARAGRAPHS
            && r.duplicate_ngram_chars <= MAX_DUPLICATE_NGRAM_CHARS)
    {
        return None;
    }
    let at = r.first_repeat.unwrap_or(0);
    let index = doc
        .sentence_at(at)
        .or_else(|| doc.sentences.iter().position(|s| s.start >= at))?;
    let s = doc.sentences[index];
    let mut f = finding(
        index,
        s.range(),
        "repetition/document-ratios",
        format!(
            "the document repeats itself: {:.0}% of lines and {:.0}% of paragraphs repeat an earlier one, {:.0}% of its text lies in repeated 10-word sequences",
            r.duplicate_lines * 100.0,
            r.duplicate_paragraphs * 100.0,
            r.duplicate_ngram_chars * 100.0
        ),
        WEIGHT_RATIOS,
    );
    f.suggestion = Some("check whether the page was scraped or spun".into());
    Some(f)
}

fn exact_repeat(doc: &Segmented<'_>, first: usize, i: usize) -> Finding {
    let s = doc.sentences[i];
    // The headline printed again as the first line, or a caption (a line
    // without final punctuation) printed twice: page scraping.
    let scraped = (first == 0 && i <= 2) || !is_punctuated(s.text(doc.text));
    let (rule, weight, why) = if scraped {
        (
            "repetition/scraped",
            WEIGHT_SCRAPED,
            "probably a headline or caption printed twice by the page",
        )
    } else {
        (
            "repetition/exact",
            WEIGHT_EXACT_BODY,
            "the same sentence twice in the body",
        )
    };
    finding(
        i,
        s.range(),
        rule,
        format!("repeats sentence {} word for word: {why}", first + 1),
        weight,
    )
}

fn finding(
    sentence: usize,
    span: std::ops::Range<usize>,
    rule: &str,
    message: String,
    weight: f32,
) -> Finding {
    Finding {
        detector: ID,
        category: Category::Repetition,
        rule: rule.into(),
        span,
        sentence,
        message: message.into(),
        suggestion: Some("remove the repeated sentence".into()),
        weight,
        languages: Arc::from(Vec::new()),
    }
}

/// Whether a sentence ends with final punctuation (inside closing quotes or
/// brackets), unlike a headline or caption.
fn is_punctuated(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?', '…'])
}

/// Words without punctuation or quotes: the normalisation every repeat
/// comparison uses (the caller lower-cases).
pub(crate) fn word_iter(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// A 64-bit FNV-1a hash of a word sequence: fast, and at 64 bits a collision
/// needs billions of distinct sentences, so a collision-resistant hasher buys
/// nothing here or in the cross-document pass.
pub(crate) fn hash(words: &[&str]) -> u64 {
    hash_iter(words.iter().copied()).0
}

/// [`hash`] of the words `words` yields, and how many there were.
pub(crate) fn hash_iter<'a>(words: impl Iterator<Item = &'a str>) -> (u64, usize) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut n = 0;
    for w in words {
        for &b in w.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
        n += 1;
    }
    (h, n)
}

/// The similarity of two different sentences when one is a near copy of the
/// other: a long shared prefix or suffix, or most words shared, confirmed by
/// edit distance over words.
fn near_copy<'a>(a: &[&'a str], b: &[&'a str], scratch: &mut Scratch<'a>) -> Option<f64> {
    let shorter = a.len().min(b.len());
    if shorter < MIN_WORDS + 2 || a == b {
        return None;
    }
    // The edit distance is at least the difference in length: when even
    // that is too far, nothing below can succeed.
    let longer = a.len().max(b.len());
    if 1.0 - (longer - shorter) as f64 / (longer as f64) < MIN_SIMILARITY {
        return None;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let shared_ends = prefix.max(suffix) * 10 >= shorter * 6;
    if !shared_ends {
        let Scratch { a_set, b_set, .. } = scratch;
        for (set, words) in [(&mut *a_set, a), (&mut *b_set, b)] {
            set.clear();
            set.extend_from_slice(words);
            set.sort_unstable();
            set.dedup();
        }
        let common = a_set
            .iter()
            .filter(|w| b_set.binary_search(w).is_ok())
            .count();
        let union = a_set.len() + b_set.len() - common;
        let mostly_shared = common * 10 >= union * 7;
        if !mostly_shared {
            return None;
        }
    }
    let distance = levenshtein(a, b, &mut scratch.row);
    let similarity = 1.0 - distance as f64 / longer as f64;
    (similarity >= MIN_SIMILARITY).then_some(similarity)
}

/// Buffers [`near_copy`] reuses from one comparison to the next.
#[derive(Default)]
struct Scratch<'a> {
    a_set: Vec<&'a str>,
    b_set: Vec<&'a str>,
    row: Vec<usize>,
}

/// The edit distance between two word sequences (insertions, deletions and
/// substitutions of whole words), in one reused row.
fn levenshtein(a: &[&str], b: &[&str], row: &mut Vec<usize>) -> usize {
    row.clear();
    row.extend(1..=b.len());
    let mut result = b.len();
    for (i, x) in a.iter().enumerate() {
        result = i + 1;
        let mut diagonal = i;
        for (j, y) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(x != y);
            diagonal = row[j];
            result = (result + 1).min(substitute).min(diagonal + 1);
            row[j] = result;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        Repetition.detect(&Segmented::new(text), &mut out);
        out.iter()
            .map(|f| (f.rule.to_string(), f.sentence))
            .collect()
    }

    #[test]
    fn a_reworded_repeat_in_the_body_is_strong_evidence() {
        let text = "The council met on Monday to discuss the budget. However, officials admitted the funds were not enough to rebuild the bridge. Work will start in spring. However, officials admitted the funds were not enough to satisfy the unions.";
        assert_eq!(rules(text), [("repetition/reworded".to_string(), 3)]);
    }

    #[test]
    fn an_exact_repeat_in_the_body_is_reported() {
        let text = "Police closed the road after the crash on Friday night. Two people were taken to hospital with minor injuries. A witness said the car was going fast. Police closed the road after the crash on Friday night.";
        assert_eq!(rules(text), [("repetition/exact".to_string(), 3)]);
    }

    #[test]
    fn a_headline_printed_twice_is_a_scraping_artifact() {
        let text = "Storm cuts power to thousands across the coast\nStorm cuts power to thousands across the coast\n\nThe storm hit on Sunday.";
        assert_eq!(rules(text), [("repetition/scraped".to_string(), 1)]);
    }

    #[test]
    fn word_edit_distance() {
        let mut row = Vec::new();
        let w = |t: &'static str| t.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>();
        for (a, b, d) in [
            ("", "", 0),
            ("a b c", "", 3),
            ("", "a b", 2),
            ("a b c", "a b c", 0),
            ("a b c", "a x c d", 2),
            ("the cat sat on the mat", "a cat sat on a mat today", 3),
            ("x y z", "z y x", 2),
        ] {
            assert_eq!(levenshtein(&w(a), &w(b), &mut row), d, "{a} / {b}");
            assert_eq!(levenshtein(&w(b), &w(a), &mut row), d, "{b} / {a}");
        }
    }

    #[test]
    fn ratios_measure_repeated_lines_paragraphs_and_ngrams() {
        let r = ratios("one two\n\nthree four\none two\n\nthree four\none two\n");
        assert!((r.duplicate_lines - 3.0 / 5.0).abs() < 1e-9, "{r:?}");
        // Paragraphs: "one two", "three four\none two" twice.
        assert!((r.duplicate_paragraphs - 1.0 / 3.0).abs() < 1e-9, "{r:?}");
        assert_eq!(r.first_repeat, Some(20));
        let r = ratios("a b c d e f g h i j k a b c d e f g h i j x");
        assert_eq!(r.words, 22);
        assert!(
            (r.duplicate_ngram_chars - 20.0 / 22.0).abs() < 1e-9,
            "{r:?}"
        );
        let r = ratios("");
        assert_eq!((r.duplicate_lines, r.duplicate_ngram_chars), (0.0, 0.0));
    }

    #[test]
    fn a_document_made_of_repeats_gets_one_ratio_finding() {
        let block = "Prices of fuel rose again this week across the region, traders said.\nThe government promised help for families and small firms before winter.\n\n";
        let text = format!("Fuel prices climb\n\n{}", block.repeat(9));
        let found = rules(&text);
        let ratio: Vec<_> = found
            .iter()
            .filter(|(r, _)| r == "repetition/document-ratios")
            .collect();
        assert_eq!(ratio.len(), 1, "{found:?}");
        assert_eq!(ratio[0].1, 3, "first repeated line is sentence 3");
    }

    #[test]
    fn a_native_article_has_no_ratio_finding() {
        let text = "Fuel prices climb\n\nPrices of fuel rose again this week across the region, traders said on Monday. The government promised help for families and small firms before winter, but gave no figures. Opposition parties said the plan came too late. \"We have been asking for months,\" one lawmaker said.\n\nAnalysts expect prices to ease in the spring if supply from the north recovers. Until then, households will pay more to heat their homes, and hauliers warned of higher costs for food deliveries across the country.";
        assert!(rules(text).is_empty(), "{:?}", rules(text));
    }

    #[test]
    fn parallel_native_sentences_are_not_repeats() {
        for text in [
            "The first phase of the project will cost $2 billion and finish in 2026. The second phase of the railway will cost $3 billion and is due in 2029.",
            "Prices rose 3 percent in March, the statistics office said on Tuesday. Wages rose 4 percent in the same period, the labour ministry said on Wednesday.",
            "Short line here. Short line here.",
            "Tech toys to keep your gift budget in balance\nShoppers face high prices this year. But there are ways to keep your gift budget in balance.",
        ] {
            assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
        }
    }
}
