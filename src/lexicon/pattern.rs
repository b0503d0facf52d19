//! The phrase language that lexicon entries are written in, compiled to
//! regular expressions.
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

/// Compiles one phrase to a regex body (no flags, no boundaries).
pub fn phrase_to_regex(phrase: &str) -> Result<String, String> {
    let tokens: Vec<&str> = phrase.split_whitespace().collect();
    if tokens.is_empty() {
        return Err("empty phrase".into());
    }
    let mut out = String::new();
    let mut need_space = false;
    for (i, token) in tokens.iter().enumerate() {
        if let Some(n) = gap_width(token) {
            if i == 0 || i + 1 == tokens.len() {
                return Err(format!(
                    "gap {token:?} must stand between two words in {phrase:?}"
                ));
            }
            out.push_str(&format!(r"\s+(?:\S+\s+){{0,{n}}}"));
            need_space = false;
            continue;
        }
        if need_space {
            out.push_str(r"\s+");
        }
        let mut alternatives: Vec<&str> = token.split('|').collect();
        // Longest first: "field|fields" must not stop at "field" and then
        // fail the word-boundary check.
        alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
        if alternatives.iter().any(|a| a.is_empty()) {
            return Err(format!("empty alternative in {token:?} of {phrase:?}"));
        }
        if alternatives.len() == 1 {
            out.push_str(&word_to_regex(alternatives[0]));
        } else {
            out.push_str("(?:");
            let alts: Vec<String> = alternatives.iter().map(|a| word_to_regex(a)).collect();
            out.push_str(&alts.join("|"));
            out.push(')');
        }
        need_space = true;
    }
    // ASCII boundaries inside the regex let the engine pick the alternative
    // that ends on a word boundary ("opposes", not "oppose" + "s"); the
    // matcher still checks Unicode boundaries afterwards.
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let alternatives = |t: &str| {
        t.split('|')
            .map(|a| a.trim_end_matches('+').to_string())
            .collect::<Vec<_>>()
    };
    if alternatives(tokens[0])
        .iter()
        .all(|a| ascii_word(a.chars().next()))
    {
        out.insert_str(0, r"(?-u:\b)");
    }
    if alternatives(tokens[tokens.len() - 1])
        .iter()
        .all(|a| ascii_word(a.chars().last()))
    {
        out.push_str(r"(?-u:\b)");
    }
    Ok(out)
}

fn gap_width(token: &str) -> Option<u8> {
    let digits = token.strip_prefix('~')?;
    match digits.parse::<u8>() {
        Ok(n) if (1..=9).contains(&n) => Some(n),
        _ => None,
    }
}

fn word_to_regex(word: &str) -> String {
    match word.strip_suffix('+') {
        Some(base) if base.chars().last().is_some_and(char::is_alphabetic) => inflect(base),
        _ => literal(word),
    }
}

fn inflect(base: &str) -> String {
    let lower = base.to_lowercase();
    if let Some(stem) = lower.strip_suffix('e') {
        return format!("{}(?:ing|es|ed|e)", literal(&base[..stem.len()]));
    }
    let mut chars = lower.chars().rev();
    if let (Some('y'), Some(prev)) = (chars.next(), chars.next()) {
        if !"aeiou".contains(prev) {
            let stem = &base[..base.len() - 1];
            return format!("{}(?:ying|ies|ied|y)", literal(stem));
        }
    }
    format!("{}(?:ing|es|ed|s)?", literal(base))
}

fn literal(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\'' | '’' => out.push_str("['’]"),
            '"' | '“' | '”' => out.push_str("[\"“”]"),
            _ => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn matches(phrase: &str, text: &str) -> bool {
        let re = Regex::new(&format!("(?i)^{}$", phrase_to_regex(phrase).unwrap())).unwrap();
        re.is_match(text)
    }

    #[test]
    fn literal_words_and_whitespace() {
        assert!(matches("at the level of", "at  the\nlevel of"));
        assert!(!matches("at the level of", "at the levels of"));
        assert!(matches("[ad_1]", "[ad_1]"));
        assert!(matches("U.S.", "U.S."));
        assert!(!matches("U.S.", "UxSx"));
    }

    #[test]
    fn alternatives_inflections_and_gaps() {
        assert!(matches("assist+ at", "assisted at"));
        assert!(matches("assist+ at", "assisting at"));
        assert!(matches("realize+", "realizing"));
        assert!(matches("carry+ out", "carried out"));
        assert!(matches("the ~2 balance", "the provisional balance"));
        assert!(matches("the ~2 balance", "the balance"));
        assert!(!matches("the ~1 balance", "the very provisional balance"));
        assert!(matches("read|see also", "see also"));
        assert!(matches("don't", "don’t"));
        let re = Regex::new(&phrase_to_regex("required field|fields").unwrap()).unwrap();
        assert_eq!(
            re.find("required fields").unwrap().as_str(),
            "required fields"
        );
    }

    #[test]
    fn misplaced_gap_and_empty_alternative_are_errors() {
        assert!(phrase_to_regex("~2 balance").is_err());
        assert!(phrase_to_regex("a || b").is_err());
        assert!(phrase_to_regex("   ").is_err());
    }
}
