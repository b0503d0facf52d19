//! Source-language codes (ISO 639-1) that findings point to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A two-letter ISO 639-1 language code in lower case, such as `fr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang([u8; 2]);

impl Lang {
    /// Parses a code: exactly two ASCII lower-case letters.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => Some(Lang([*a, *b])),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII lower-case letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English name of the language, for messages.
    pub fn name(&self) -> &'static str {
        match self.as_str() {
            "ar" => "Arabic",
            "cs" => "Czech",
            "de" => "German",
            "es" => "Spanish",
            "fa" => "Persian",
            "fr" => "French",
            "it" => "Italian",
            "ja" => "Japanese",
            "ko" => "Korean",
            "nl" => "Dutch",
            "pl" => "Polish",
            "pt" => "Portuguese",
            "ro" => "Romanian",
            "ru" => "Russian",
            "sv" => "Swedish",
            "tr" => "Turkish",
            "uk" => "Ukrainian",
            "zh" => "Chinese",
            "el" => "Greek",
            "hu" => "Hungarian",
            "da" => "Danish",
            "no" => "Norwegian",
            "fi" => "Finnish",
            "et" => "Estonian",
            "lt" => "Lithuanian",
            "lv" => "Latvian",
            "bg" => "Bulgarian",
            "sr" => "Serbian",
            "hr" => "Croatian",
            "he" => "Hebrew",
            _ => "foreign",
        }
    }
}

impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Lang::parse(&s).ok_or_else(|| {
            format!("invalid language code {s:?}: expected two lower-case letters (ISO 639-1)")
        })
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.as_str().to_string()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Joins language names for a message: "French or Italian".
pub fn names(langs: &[Lang]) -> String {
    let names: Vec<&str> = langs.iter().map(Lang::name).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    }
}
