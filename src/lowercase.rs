//! Lower-casing for the hot loops, with exactly the result of
//! [`str::to_lowercase`] but without an allocation for ASCII text (nearly
//! all of it).

/// Appends `text` lower-cased to `buf`.
pub(crate) fn push_lowercase(buf: &mut String, text: &str) {
    if text.is_ascii() {
        let start = buf.len();
        buf.push_str(text);
        buf[start..].make_ascii_lowercase();
    } else {
        buf.push_str(&text.to_lowercase());
    }
}

/// Calls `f` with `word` lower-cased: on the stack when it is ASCII and
/// short, as words are.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        f(std::str::from_utf8(lower).expect("ASCII stays UTF-8"))
    } else {
        f(&word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_to_lowercase() {
        let long = "A".repeat(40);
        for text in [
            "",
            "The",
            "ÉTÉ",
            "ΟΔΟΣ",
            "İstanbul",
            "\u{212a}elvin",
            "MIXED case ß",
            &long,
        ] {
            let mut buf = String::from("x");
            push_lowercase(&mut buf, text);
            assert_eq!(buf[1..], text.to_lowercase(), "{text}");
            assert_eq!(
                with_lowercase(text, str::to_string),
                text.to_lowercase(),
                "{text}"
            );
        }
    }
}
