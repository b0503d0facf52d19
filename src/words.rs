//! Words as the lexicon prefilter sees them: maximal runs of letters, digits
//! and underscores, compared with quotes merged and case folded, and known
//! by a 64-bit hash so that a document's words are looked up without
//! allocating.

/// A letter, digit or underscore: what word boundaries are judged by.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A character as phrases compare it: quotes merged (’ to ', “ ” to "), and
/// lower-cased unless case matters.
pub fn fold(c: char, case_sensitive: bool) -> char {
    match c {
        '’' => '\'',
        '“' | '”' => '"',
        _ if case_sensitive => c,
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn step(hash: u64, c: char) -> u64 {
    (hash ^ c as u64).wrapping_mul(FNV_PRIME)
}

/// The hash of a word, case folded.
pub fn word_hash(word: &str) -> u64 {
    word.chars()
        .fold(FNV_OFFSET, |h, c| step(h, fold(c, false)))
}

/// Every word of `text` as (hash of the folded word, byte offset of its
/// start), in text order.
pub fn word_hashes(text: &str) -> Vec<(u64, usize)> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start = None;
    let mut hash = FNV_OFFSET;
    for (i, c) in text.char_indices() {
        if is_word(c) {
            if start.is_none() {
                start = Some(i);
                hash = FNV_OFFSET;
            }
            hash = step(hash, fold(c, false));
        } else if let Some(s) = start.take() {
            out.push((hash, s));
        }
    }
    if let Some(s) = start {
        out.push((hash, s));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_digits_and_underscores() {
        let text = "L'Élysée said: ad_1, 2024!";
        let words: Vec<usize> = word_hashes(text).into_iter().map(|(_, at)| at).collect();
        assert_eq!(words, [0, 2, 11, 17, 23]);
    }

    #[test]
    fn hashes_ignore_case() {
        let hashes = word_hashes("Élysée ÉLYSÉE élysée elysee");
        assert_eq!(hashes[0].0, word_hash("élysée"));
        assert_eq!(hashes[1].0, hashes[0].0);
        assert_eq!(hashes[2].0, hashes[0].0);
        assert_ne!(hashes[3].0, hashes[0].0);
    }

    #[test]
    fn quotes_fold_together_and_case_can_count() {
        assert_eq!(fold('’', false), '\'');
        assert_eq!(fold('”', true), '"');
        assert_eq!(fold('A', true), 'A');
        assert_eq!(fold('A', false), 'a');
    }
}
