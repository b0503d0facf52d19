//! Sentence boundaries with exact byte spans.
//!
//! Paragraphs end at blank lines. Inside a paragraph, a line break ends a
//! sentence when the line reads like a headline, byline or list item (no
//! final punctuation, and the next line starts with a capital or a bullet);
//! hard-wrapped prose is joined. Inside a run of text, a sentence ends at
//! `.`, `!`, `?` or `…` plus any closing quotes and brackets, when
//! whitespace and something other than a lower-case letter follow — except
//! after known abbreviations, initials, and abbreviations that may end a
//! sentence only before a common sentence opener ("in the U.S. The …").

use crate::document::Sentence;

/// Splits `text` into sentences. Spans are non-empty, ordered, disjoint,
/// on character boundaries and trimmed of whitespace.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (start, end) in blocks(text) {
        split_block(text, start, end, &mut out);
    }
    out
}

/// Byte ranges of text between hard breaks: blank lines, and line breaks
/// after headline-like lines or before list items.
fn blocks(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let lines = lines(text);
    for paragraph in lines.split(|&(s, e)| text[s..e].trim().is_empty()) {
        paragraph_blocks(text, paragraph, &mut out);
    }
    out
}

/// Splits one paragraph (non-blank lines) into blocks.
fn paragraph_blocks(text: &str, lines: &[(usize, usize)], out: &mut Vec<(usize, usize)>) {
    let Some(&(first_start, _)) = lines.first() else {
        return;
    };
    let line = |i: usize| &text[lines[i].0..lines[i].1];
    // Hard-wrapped prose: some line continues in lower case on the next.
    let wrapped = (1..lines.len()).any(|i| {
        !line(i - 1).trim_end().ends_with(is_terminal)
            && line(i).trim_start().starts_with(char::is_lowercase)
    });
    let widest = (0..lines.len())
        .map(|i| line(i).trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut block_start = first_start;
    for i in 0..lines.len() {
        let Some(next) = lines.get(i + 1).map(|_| line(i + 1)) else {
            out.push((block_start, lines[i].1));
            break;
        };
        let short = line(i).trim().chars().count() * 10 < widest * 6;
        if line_ends_sentence_alone(line(i), next) && (!wrapped || short || starts_list_item(next))
        {
            out.push((block_start, lines[i].1));
            block_start = lines[i + 1].0;
        }
    }
}

/// Lines as byte ranges, without their `\n` or `\r\n`.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    // `match_indices` of a char searches with memchr.
    for (i, _) in text.match_indices('\n') {
        let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push((start, end));
        start = i + 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Whether a line break after `line` ends a sentence even though `line` has
/// no final punctuation: a headline, byline or list item above a line that
/// starts like a new sentence.
fn line_ends_sentence_alone(line: &str, next: &str) -> bool {
    let line = line.trim();
    let next = next.trim_start();
    if starts_list_item(next) {
        return true;
    }
    if line.trim_end_matches(is_closing).ends_with(is_terminal) {
        return false;
    }
    let Some(first) = next.chars().next() else {
        return true;
    };
    if starts_list_item(next) {
        return true;
    }
    if first.is_lowercase() || first.is_ascii_digit() {
        return false;
    }
    if starts_list_item(line) {
        return true;
    }
    if line.ends_with([',', ';', '-', '–', '—', '(', '/', '&']) {
        return false;
    }
    let last_word = line
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    if CONTINUATION_WORDS.contains(&last_word) {
        return false;
    }
    line.split_whitespace().count() <= 20
}

const CONTINUATION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "but", "with", "by", "at",
    "from", "as", "that", "which", "who", "whose", "is", "are", "was", "were", "be", "has", "have",
    "had", "its", "his", "her", "their", "our", "into", "than", "said", "says", "Mr.", "Mrs.",
    "Ms.", "Dr.",
];

fn starts_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(['•', '·', '▪', '►', '–', '—']) {
        return true;
    }
    if let Some(rest) = t.strip_prefix(['-', '*']) {
        return rest.starts_with(' ');
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')'))
        && t.as_bytes().get(digits + 1) == Some(&b' ')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇')
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»' | '›' | '」' | '』' | '）'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '‹' | '„' | '¿' | '¡'
    )
}

/// Splits one block into sentences, appending trimmed spans to `out`.
fn split_block(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let block = &text[start..end];
    let bytes = block.as_bytes();
    let mut sentence_start = 0;
    let mut pos = 0;
    // Jump from byte to byte that may start terminal punctuation (see
    // `TERMINAL_FIRST_BYTES`) instead of decoding every character.
    while let Some(skip) = bytes[pos..]
        .iter()
        .position(|&b| TERMINAL_FIRST_BYTES.contains(&b))
    {
        let i = pos + skip;
        let c = block[i..]
            .chars()
            .next()
            .expect("a lead byte starts a char");
        pos = i + c.len_utf8();
        if !is_terminal(c) {
            continue;
        }
        // The run of terminal punctuation, then closing quotes and brackets.
        let mut cut = pos;
        let mut run = 1;
        for d in block[pos..].chars() {
            if is_terminal(d) {
                run += 1;
            } else if !is_closing(d) {
                break;
            }
            cut += d.len_utf8();
        }
        // French typography spaces its closing guillemet: "financé. »".
        if let Some(spaced) = spaced_closing_guillemet(&block[cut..]) {
            cut += spaced;
        }
        pos = cut;
        if breaks_here(block, i, c, run, cut) {
            push_trimmed(text, start + sentence_start, start + cut, out);
            sentence_start = cut;
        }
    }
    push_trimmed(text, start + sentence_start, end, out);
}

/// The first UTF-8 byte of every character [`is_terminal`] accepts: `.`,
/// `!`, `?`, and the lead bytes of `…`, `‼`, `⁇` (E2), `。` (E3), `！` and
/// `？` (EF). Lead bytes never occur inside a character, so each hit is a
/// character boundary.
const TERMINAL_FIRST_BYTES: [u8; 6] = [b'.', b'!', b'?', 0xE2, 0xE3, 0xEF];

/// The length of a space-separated closing guillemet at the start of
/// `rest` (" »", with a normal, no-break or narrow no-break space).
fn spaced_closing_guillemet(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices();
    match (chars.next(), chars.next()) {
        (Some((_, ' ' | '\u{a0}' | '\u{202f}')), Some((j, c @ ('»' | '›')))) => {
            Some(j + c.len_utf8())
        }
        _ => None,
    }
}

/// Whether the terminal punctuation at `at` (a run of `run` characters
/// ending, with closing marks, at `cut`) ends a sentence.
fn breaks_here(block: &str, at: usize, mark: char, run: usize, cut: usize) -> bool {
    let rest = &block[cut..];
    if !rest.starts_with(char::is_whitespace) {
        // "4.5", "example.com", "U.S.-led", or the end of the block.
        return false;
    }
    let rest = rest.trim_start();
    let Some(next) = next_word_char(rest) else {
        return !rest.is_empty() && !rest.starts_with([',', ';', ':']);
    };
    if next.is_lowercase() {
        return false;
    }
    if mark != '.' || run > 1 {
        return true;
    }
    let word = word_before(block, at);
    if word.is_empty() {
        return true;
    }
    let bare = word.trim_start_matches(|c: char| is_opening(c));
    let at_block_start = block[..at - word.len()].trim().is_empty();
    if at_block_start && bare.len() <= 2 && bare.bytes().all(|b| b.is_ascii_digit()) {
        // The number of a list item: "1. Raise the minimum wage."
        return false;
    }
    if NEVER_FINAL.iter().any(|a| a.eq_ignore_ascii_case(bare)) {
        return false;
    }
    if is_initial(bare) {
        return false;
    }
    if MAY_END.contains(&bare) || is_dotted_acronym(bare) {
        return is_sentence_opener(rest);
    }
    true
}

/// The first letter or digit of `rest`, skipping opening quotes/brackets.
fn next_word_char(rest: &str) -> Option<char> {
    rest.chars()
        .find(|c| !is_opening(*c))
        .filter(|c| c.is_alphanumeric())
}

/// The word (letters, digits, dots, quotes) right before byte `at`.
fn word_before(block: &str, at: usize) -> &str {
    let before = &block[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '[' || c == '—')
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// A single capital letter: an initial as in "J. R. R. Tolkien".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Dotted letters such as "U.S", "E.U", "a.m".
fn is_dotted_acronym(word: &str) -> bool {
    word.len() >= 3
        && word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn is_sentence_opener(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .skip_while(|c| is_opening(*c))
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
        .collect();
    SENTENCE_OPENERS.contains(&word.as_str())
}

/// Abbreviations that, in news text, are followed by more of the sentence.
const NEVER_FINAL: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Sen", "Gov", "Rep", "Lt", "Col", "Capt", "Cpt",
    "Sgt", "Maj", "Adm", "Cmdr", "Cpl", "Pvt", "Rev", "Hon", "Pres", "Supt", "Insp", "Det", "Msgr",
    "Fr", "St", "Mt", "Ft", "No", "Nos", "Art", "Fig", "Figs", "Vol", "Vols", "pp", "p", "vs", "v",
    "approx", "ca", "cf", "viz", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "e.g", "i.e", "Ave", "Blvd", "Rd", "est", "Gens", "Sens", "Reps", "Govs",
    "Atty", "Amb", "Brig", "Nr",
];

/// Abbreviations that may end a sentence: a break only before an opener.
const MAY_END: &[&str] = &[
    "etc", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Bros", "LLC", "Plc", "plc", "al", "Ph.D",
    "a.m", "p.m", "A.M", "P.M", "U.S", "U.K", "U.N", "E.U", "U.S.A", "D.C",
    // US states in AP style, as in datelines: "FRESNO, Calif. (AP) —".
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "N.H", "N.J", "N.M",
    "N.Y", "N.C", "N.D", "Okla", "Ore", "Pa", "R.I", "S.C", "S.D", "Tenn", "Tex", "Va", "Vt",
    "Wash", "Wis", "W.Va", "Wyo",
];

/// Capitalised words that commonly open a sentence.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "Since",
    "However",
    "Yet",
    "So",
    "Some",
    "Many",
    "Most",
    "All",
    "No",
    "Not",
    "One",
    "Two",
    "For",
    "With",
    "Last",
    "Then",
    "Now",
    "Still",
    "Meanwhile",
    "Earlier",
    "Later",
    "Under",
    "According",
    "Asked",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Although",
    "Despite",
    "Officials",
    "Police",
];

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = start + slice.trim_end().len();
    if trimmed_start < trimmed_end {
        out.push(Sentence {
            start: trimmed_start,
            end: trimmed_end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.text(text)).collect()
    }

    /// `split_block` as first written, decoding every character: the byte
    /// scan must cut exactly where it did.
    fn split_block_by_chars(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        let block = &text[start..end];
        let mut sentence_start = 0;
        let mut iter = block.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !is_terminal(c) {
                continue;
            }
            let mut cut = i + c.len_utf8();
            let mut run = 1;
            while let Some(&(j, d)) = iter.peek() {
                if is_terminal(d) {
                    run += 1;
                } else if !is_closing(d) {
                    break;
                }
                cut = j + d.len_utf8();
                iter.next();
            }
            if let Some(spaced) = spaced_closing_guillemet(&block[cut..]) {
                cut += spaced;
                while iter.peek().is_some_and(|&(j, _)| j < cut) {
                    iter.next();
                }
            }
            if breaks_here(block, i, c, run, cut) {
                push_trimmed(text, start + sentence_start, start + cut, out);
                sentence_start = cut;
            }
        }
        push_trimmed(text, start + sentence_start, end, out);
    }

    #[test]
    fn the_byte_scan_cuts_where_the_char_scan_did() {
        let pieces = [
            "Mr. ",
            "Smith",
            " said",
            ". ",
            "“Yes.” ",
            "The ",
            "end",
            "… ",
            "Why?! ",
            "¿Qué? ",
            "financé. » ",
            "Il ",
            "a",
            ".\u{202f}» ",
            "U.S. ",
            "It ",
            "4.5",
            " 。",
            "是！",
            "？",
            "‼ ",
            "⁇ ",
            "e.g. ",
            "Calif. ",
            "(AP) ",
            "— ",
            "\n",
            "\n\n",
            "1. ",
            "é",
            "€",
            "\u{2028}",
            "'",
            ")",
            "» ",
            "–",
        ];
        // Every short sequence of pieces, plus a deterministic mix of longer ones.
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5000 {
            let mut t = String::new();
            for _ in 0..12 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            texts.push(t);
        }
        for text in &texts {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            split_block(text, 0, text.len(), &mut fast);
            split_block_by_chars(text, 0, text.len(), &mut slow);
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn abbreviations_and_initials_do_not_break() {
        assert_eq!(
            split("Mr. Smith met Gen. J. R. Allen in St. Louis on Jan. 5. They talked."),
            [
                "Mr. Smith met Gen. J. R. Allen in St. Louis on Jan. 5.",
                "They talked."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("“We will win,” said Gen. Zaluzhnyi. “We will.” The crowd cheered."),
            [
                "“We will win,” said Gen. Zaluzhnyi.",
                "“We will.”",
                "The crowd cheered."
            ]
        );
        assert_eq!(
            split("“Will we win?” he asked."),
            ["“Will we win?” he asked."]
        );
    }

    #[test]
    fn may_end_abbreviations_break_before_openers_only() {
        assert_eq!(
            split("He moved to the U.S. The move paid off. The U.S. Senate voted."),
            [
                "He moved to the U.S.",
                "The move paid off.",
                "The U.S. Senate voted."
            ]
        );
    }

    #[test]
    fn headlines_stand_alone_and_wrapped_lines_join() {
        assert_eq!(
            split("Minister resigns after vote\nThe minister resigned on Monday.\n\nHe had\nserved two years."),
            ["Minister resigns after vote", "The minister resigned on Monday.", "He had\nserved two years."]
        );
    }

    #[test]
    fn spaced_french_guillemets_close_their_sentence() {
        assert_eq!(
            split("He said : « It is financed. » The aid is paid in May."),
            ["He said : « It is financed. »", "The aid is paid in May."]
        );
    }

    #[test]
    fn crlf_and_list_items() {
        assert_eq!(
            split("Key points:\r\n- taxes rise\r\n- spending falls\r\n"),
            ["Key points:", "- taxes rise", "- spending falls"]
        );
    }

    #[test]
    fn decimals_and_ellipses() {
        assert_eq!(
            split("Growth was 4.5 percent... or so. Then it fell... Nobody knew why."),
            [
                "Growth was 4.5 percent... or so.",
                "Then it fell...",
                "Nobody knew why."
            ]
        );
    }
}
