//! The phrase language that lexicon entries are written in, and its matcher.
//!
//! A phrase is literal words separated by whitespace, with three specials:
//! - `a|b|c` inside one word: any of these words;
//! - `word+`: the word with a regular English inflection
//!   (`assist+` matches assist, assists, assisted, assisting;
//!   `realize+` realize, realizes, realized, realizing;
//!   `carry+` carry, carries, carried, carrying);
//! - `~N` as a word of its own: up to N other words in between.
//!
//! Whitespace matches any run of whitespace, `'` matches ' and ’, `"`
//! matches " “ ”. Everything else is literal, dots and brackets included.
//! A match starts and ends on word boundaries.
//!
//! Phrases are matched directly, not through regexes: a phrase is a short
//! list of word forms, and a regex per phrase cost ~30 KB and ~0.3 ms to
//! build, for thousands of phrases.

use super::literals::COMMON;
use crate::words::{fold, is_word};
use std::ops::Range;

/// A parsed phrase, ready to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    tokens: Vec<Token>,
    case_sensitive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// The forms a word may take, folded (see [`fold`]), longest first.
    Word(Vec<Vec<char>>),
    /// Up to this many other words.
    Gap(u8),
}

/// What every match of a phrase contains, for the prefilter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// One of these folded words stands as a whole word in every match.
    Words(Vec<String>),
    /// One of these strings occurs in every match (forms without letters
    /// or digits, such as `«`), with each quote variant spelled out.
    Literals(Vec<String>),
}

impl Phrase {
    /// Parses one phrase; `case_sensitive` keeps letter case significant.
    pub fn parse(phrase: &str, case_sensitive: bool) -> Result<Phrase, String> {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if words.is_empty() {
            return Err("empty phrase".into());
        }
        let mut tokens = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            if let Some(n) = gap_width(word) {
                if i == 0 || i + 1 == words.len() || matches!(tokens.last(), Some(Token::Gap(_))) {
                    return Err(format!(
                        "gap {word:?} must stand between two words in {phrase:?}"
                    ));
                }
                tokens.push(Token::Gap(n));
                continue;
            }
            let mut forms = Vec::new();
            for alternative in word.split('|') {
                if alternative.is_empty() {
                    return Err(format!("empty alternative in {word:?} of {phrase:?}"));
                }
                for form in inflections(alternative) {
                    let folded: Vec<char> = form.chars().map(|c| fold(c, case_sensitive)).collect();
                    if !forms.contains(&folded) {
                        forms.push(folded);
                    }
                }
            }
            // Longest first, as a regex alternation would be written, so
            // that "field|fields" does not stop at "field".
            forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
            tokens.push(Token::Word(forms));
        }
        Ok(Phrase {
            tokens,
            case_sensitive,
        })
    }

    /// A phrase of literal words: no alternatives, inflections or gaps,
    /// whatever characters the words hold. Whitespace still matches any
    /// run of whitespace.
    pub fn literal(text: &str, case_sensitive: bool) -> Option<Phrase> {
        let tokens: Vec<Token> = text
            .split_whitespace()
            .map(|w| Token::Word(vec![w.chars().map(|c| fold(c, case_sensitive)).collect()]))
            .collect();
        (!tokens.is_empty()).then_some(Phrase {
            tokens,
            case_sensitive,
        })
    }

    /// The prefilter's anchor: the token whose forms are the rarest words,
    /// or, when some token's forms hold no letter or digit, the literals of
    /// the first such token. With it, how many words may stand in a match
    /// before an occurrence of the anchor word: with the anchor at word `i`
    /// of a sentence, a match can only start at words `i - n ..= i` (`None`
    /// for literals, or when a gap comes first).
    pub(crate) fn anchor(&self) -> (Anchor, Option<usize>) {
        let (index, anchor) = self.anchor_token();
        let before = match anchor {
            Anchor::Literals(_) => None,
            Anchor::Words(_) => self.words_before(index),
        };
        (anchor, before)
    }

    /// The words that may precede the anchor word of token `index` in a
    /// match (see [`Phrase::anchor`]).
    fn words_before(&self, index: usize) -> Option<usize> {
        let mut words = 0;
        for token in &self.tokens[..=index] {
            let Token::Word(forms) = token else {
                return None;
            };
            // All the words of a form may come before the anchor, as the
            // anchor is one of them; a token before it adds all of its own.
            words += forms.iter().map(|f| word_runs(f)).max().unwrap_or(0);
        }
        Some(words.saturating_sub(1))
    }

    /// The anchor and the index of the token it comes from.
    fn anchor_token(&self) -> (usize, Anchor) {
        // Ranked without allocating; only the chosen token's keys are built.
        let mut best: Option<(usize, usize)> = None;
        let mut literal_token = None;
        for (index, token) in self.tokens.iter().enumerate() {
            let Token::Word(forms) = token else { continue };
            let runs: Option<Vec<&[char]>> = forms.iter().map(|f| longest_run(f)).collect();
            let Some(runs) = runs else {
                literal_token.get_or_insert((index, forms));
                continue;
            };
            let rank = runs.iter().map(|run| rank(run)).min().unwrap_or(0);
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, index));
            }
        }
        let keys = |index: usize| {
            let Token::Word(forms) = &self.tokens[index] else {
                unreachable!("ranked tokens are words")
            };
            let mut keys: Vec<String> = forms
                .iter()
                .filter_map(|f| longest_run(f))
                .map(|run| run.iter().map(|&c| fold(c, false)).collect())
                .collect();
            keys.sort();
            keys.dedup();
            keys
        };
        match (best, literal_token) {
            (Some((rank, index)), _) if rank > 1 => (index, Anchor::Words(keys(index))),
            (_, Some((index, forms))) => (
                index,
                Anchor::Literals(forms.iter().flat_map(|f| spellings(f)).collect()),
            ),
            (Some((_, index)), None) => (index, Anchor::Words(keys(index))),
            (None, None) => unreachable!("a parsed phrase has at least one word"),
        }
    }

    /// Every match in `text[range]`, leftmost first and not overlapping, as
    /// byte ranges of `text`. Word boundaries are judged on all of `text`.
    /// `words` are the offsets of the words that start in `range` (see
    /// [`crate::words::word_hashes`]): a phrase that starts with a letter
    /// can only start there.
    pub fn find_all(
        &self,
        text: &str,
        range: Range<usize>,
        words: impl Iterator<Item = usize>,
    ) -> Vec<Range<usize>> {
        let Some(Token::Word(first)) = self.tokens.first() else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut from = range.start;
        let mut try_at = |pos: usize, c: char, found: &mut Vec<Range<usize>>| {
            if pos < from {
                return;
            }
            let c = fold(c, self.case_sensitive);
            for form in first.iter().filter(|f| f[0] == c) {
                if is_word(form[0]) && text[..pos].chars().next_back().is_some_and(is_word) {
                    continue;
                }
                if let Some(end) = self.rest(text, range.end, pos, form, 0) {
                    found.push(pos..end);
                    from = end;
                    return;
                }
            }
        };
        if first.iter().all(|f| is_word(f[0])) {
            for pos in words {
                if let Some(c) = text[pos..].chars().next() {
                    try_at(pos, c, &mut found);
                }
            }
        } else {
            for (i, c) in text[range.clone()].char_indices() {
                try_at(range.start + i, c, &mut found);
            }
        }
        found
    }

    /// Matches `form` of token `index` at `pos`, then the tokens after it;
    /// returns where the whole match ends.
    fn rest(
        &self,
        text: &str,
        limit: usize,
        pos: usize,
        form: &[char],
        index: usize,
    ) -> Option<usize> {
        let end = self.form_at(text, limit, pos, form)?;
        let Some(next) = self.tokens.get(index + 1) else {
            // The last word: the match must end on a word boundary.
            let last_is_word = form.last().copied().is_some_and(is_word);
            let after_is_word = text[end..].chars().next().is_some_and(is_word);
            return (!(last_is_word && after_is_word)).then_some(end);
        };
        let mut starts = vec![skip_space(text, limit, end)?];
        let (gap, word_index) = match next {
            Token::Gap(n) => (*n as usize, index + 2),
            Token::Word(_) => (0, index + 1),
        };
        while starts.len() <= gap {
            let last = *starts.last().expect("never empty");
            let Some(after_word) = text[last..limit].find(char::is_whitespace) else {
                break;
            };
            match skip_space(text, limit, last + after_word) {
                Some(next_start) => starts.push(next_start),
                None => break,
            }
        }
        let Token::Word(forms) = &self.tokens[word_index] else {
            return None;
        };
        // A gap is greedy, as `(?:\S+\s+){0,N}` is: most words skipped first.
        for &start in starts.iter().rev() {
            for form in forms {
                if let Some(end) = self.rest(text, limit, start, form, word_index) {
                    return Some(end);
                }
            }
        }
        None
    }

    /// Where `form` ends if it stands at `pos`, within `limit`.
    fn form_at(&self, text: &str, limit: usize, pos: usize, form: &[char]) -> Option<usize> {
        let mut chars = text[pos..limit].char_indices();
        for &want in form {
            let (_, c) = chars.next()?;
            if fold(c, self.case_sensitive) != want {
                return None;
            }
        }
        Some(chars.next().map_or(limit, |(i, _)| pos + i))
    }
}

/// Past the whitespace at `pos`: `None` unless there is at least one
/// whitespace character and text after it.
fn skip_space(text: &str, limit: usize, pos: usize) -> Option<usize> {
    let rest = &text[pos..limit];
    let trimmed = rest.trim_start();
    (trimmed.len() < rest.len() && !trimmed.is_empty()).then(|| limit - trimmed.len())
}

/// The longest run of word characters in a folded form (the last of
/// equals), if it has one.
fn longest_run(form: &[char]) -> Option<&[char]> {
    form.split(|c| !is_word(*c))
        .max_by_key(|run| run.len())
        .filter(|run| !run.is_empty())
}

/// How rare a word is as an anchor: a [`COMMON`] word ranks 0, any other
/// its length.
fn rank(run: &[char]) -> usize {
    let common = COMMON.iter().any(|word| {
        word.len() == run.len()
            && word
                .iter()
                .zip(run)
                .all(|(&b, &c)| fold(c, false) == char::from(b))
    });
    if common {
        0
    } else {
        run.len()
    }
}

/// How many words (runs of word characters) a form holds.
fn word_runs(form: &[char]) -> usize {
    form.split(|c| !is_word(*c))
        .filter(|run| !run.is_empty())
        .count()
}

/// A folded form as the bytes it may have in a text: every quote variant.
fn spellings(form: &[char]) -> Vec<String> {
    let mut out = vec![String::new()];
    for &c in form {
        let variants: &[char] = match c {
            '\'' => &['\'', '’'],
            '"' => &['"', '“', '”'],
            _ => &[],
        };
        if variants.is_empty() {
            out.iter_mut().for_each(|s| s.push(c));
        } else {
            out = out
                .iter()
                .flat_map(|s| variants.iter().map(move |v| format!("{s}{v}")))
                .collect();
        }
    }
    out
}

fn gap_width(token: &str) -> Option<u8> {
    let digits = token.strip_prefix('~')?;
    match digits.parse::<u8>() {
        Ok(n) if (1..=9).contains(&n) => Some(n),
        _ => None,
    }
}

/// The forms of one alternative: itself, or its inflections for `word+`.
fn inflections(word: &str) -> Vec<String> {
    let Some(base) = word
        .strip_suffix('+')
        .filter(|b| b.chars().last().is_some_and(char::is_alphabetic))
    else {
        return vec![word.to_string()];
    };
    let lower = base.to_lowercase();
    let with = |stem: &str, endings: &[&str]| -> Vec<String> {
        endings.iter().map(|e| format!("{stem}{e}")).collect()
    };
    if lower.ends_with('e') {
        return with(&base[..base.len() - 1], &["ing", "es", "ed", "e"]);
    }
    let mut chars = lower.chars().rev();
    if let (Some('y'), Some(prev)) = (chars.next(), chars.next()) {
        if !"aeiou".contains(prev) {
            return with(&base[..base.len() - 1], &["ying", "ies", "ied", "y"]);
        }
    }
    with(base, &["ing", "es", "ed", "s", ""])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(phrase: &str, text: &str) -> Vec<String> {
        let p = Phrase::parse(phrase, false).unwrap();
        all(&p, text, 0..text.len())
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    fn all(p: &Phrase, text: &str, range: Range<usize>) -> Vec<Range<usize>> {
        let words = crate::words::word_hashes(text);
        let (from, to) = (range.start, range.end);
        let starts = words
            .iter()
            .map(|w| w.1)
            .filter(move |&w| from <= w && w < to);
        p.find_all(text, range, starts)
    }

    fn whole(phrase: &str, text: &str) -> bool {
        find(phrase, text) == [text]
    }

    #[test]
    fn literal_words_and_whitespace() {
        assert!(whole("at the level of", "at  the\nlevel of"));
        assert!(whole("at the level of", "AT THE Level OF"));
        assert!(!whole("at the level of", "at the levels of"));
        assert!(whole("[ad_1]", "[ad_1]"));
        assert!(whole("U.S.", "U.S."));
        assert!(!whole("U.S.", "UxSx"));
    }

    #[test]
    fn alternatives_inflections_and_gaps() {
        assert!(whole("assist+ at", "assisted at"));
        assert!(whole("assist+ at", "assisting at"));
        assert!(whole("realize+", "realizing"));
        assert!(whole("carry+ out", "carried out"));
        assert!(whole("the ~2 balance", "the provisional balance"));
        assert!(whole("the ~2 balance", "the balance"));
        assert!(!whole("the ~1 balance", "the very provisional balance"));
        assert!(whole("read|see also", "see also"));
        assert!(whole("don't", "don’t"));
        assert!(whole("\"yes\"", "“yes”"));
        assert_eq!(
            find("required field|fields", "required fields"),
            ["required fields"]
        );
    }

    #[test]
    fn matches_start_and_end_on_word_boundaries() {
        assert!(find("assist+ at", "They unassisted at last.").is_empty());
        assert!(find("assist+ at", "assisted atoms").is_empty());
        assert_eq!(find("«", "a «b»"), ["«"]);
        assert_eq!(find("Kiew", "(Kiew), Kiew."), ["Kiew", "Kiew"]);
        assert_eq!(find("Élysée", "l'élysée dit"), ["élysée"]);
    }

    #[test]
    fn case_sensitive_phrases_keep_case_but_merge_quotes() {
        let p = Phrase::parse("Iouri", true).unwrap();
        assert_eq!(all(&p, "iouri Iouri", 0..11), vec![(6..11)]);
        let p = Phrase::parse("O'Neil", true).unwrap();
        let text = "O’Neil";
        assert_eq!(all(&p, text, 0..text.len()), vec![(0..text.len())]);
    }

    #[test]
    fn matches_stay_inside_the_range() {
        let p = Phrase::parse("at the level of", false).unwrap();
        let text = "at the level of";
        assert!(all(&p, text, 0..12).is_empty());
        assert_eq!(all(&p, text, 0..text.len()), vec![(0..15)]);
    }

    #[test]
    fn anchors_are_the_rarest_words_or_literals() {
        let anchor = |p: &str| Phrase::parse(p, false).unwrap().anchor().0;
        assert_eq!(
            anchor("at the level of"),
            Anchor::Words(vec!["level".into()])
        );
        assert_eq!(
            anchor("assist+ at"),
            Anchor::Words(vec![
                "assist".into(),
                "assisted".into(),
                "assistes".into(),
                "assisting".into(),
                "assists".into()
            ])
        );
        assert_eq!(anchor("U.S."), Anchor::Words(vec!["s".into()]));
        assert_eq!(anchor("«"), Anchor::Literals(vec!["«".into()]));
        assert_eq!(anchor("'"), Anchor::Literals(vec!["'".into(), "’".into()]));
    }

    #[test]
    fn words_before_the_anchor_bound_where_a_match_starts() {
        let before = |p: &str| Phrase::parse(p, false).unwrap().anchor().1;
        assert_eq!(before("at the level of"), Some(2));
        assert_eq!(before("level"), Some(0));
        assert_eq!(before("U.S. side"), Some(2));
        assert_eq!(before("the ~2 balance"), None);
        assert_eq!(before("balance ~2 sheet of"), Some(0));
        assert_eq!(before("«"), None);
    }

    #[test]
    fn misplaced_gap_and_empty_alternative_are_errors() {
        assert!(Phrase::parse("~2 balance", false).is_err());
        assert!(Phrase::parse("a ~2", false).is_err());
        assert!(Phrase::parse("a ~1 ~2 b", false).is_err());
        assert!(Phrase::parse("a || b", false).is_err());
        assert!(Phrase::parse("   ", false).is_err());
    }
}
