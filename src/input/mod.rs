//! Inputs: paths, folders and stdin turned into [`Document`]s.
//!
//! Each format has its own module and produces documents one at a time, so
//! a multi-gigabyte JSONL feed is never loaded whole. A problem with one
//! file or record is an [`InputError`] naming `path:line`; the caller
//! reports it and goes on with the rest.
//!
//! RSS/Atom feeds and HTML pages are parsed whole (a feed or page is small)
//! into extracted text; every offset in the output refers to that text.

mod csv;
mod feed;
mod html;
mod jsonl;
mod text;

use crate::document::Document;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// By extension: `.jsonl`/`.ndjson` JSONL, `.csv`/`.tsv` CSV,
    /// `.rss`/`.atom`/`.xml` a feed, `.html`/`.htm`/`.xhtml` a page; any
    /// other file, and stdin, by its content: a feed root element or an
    /// HTML document start, else plain text.
    #[default]
    Auto,
    /// The whole input is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// A header row, then one document per row (tab-separated for `.tsv`).
    Csv,
    /// An RSS (0.9x, 1.0, 2.0) or Atom feed: one document per item.
    Feed,
    /// An HTML page: one document of its article text.
    Html,
}

/// How to find documents inside structured inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputOptions {
    pub format: Format,
    /// JSONL field or CSV column holding the text.
    pub text_field: String,
    /// JSONL field or CSV column holding the id.
    pub id_field: String,
    /// Replace invalid UTF-8 instead of reporting it.
    pub lossy: bool,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: Format::Auto,
            text_field: "text".into(),
            id_field: "id".into(),
            lossy: false,
        }
    }
}

/// A problem reading one input or record; the run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// `path`, `path:line` or `path:line:column`.
    pub location: String,
    pub message: String,
}

impl InputError {
    pub(crate) fn at(path: &str, line: Option<u64>, message: impl Into<String>) -> Self {
        InputError {
            location: match line {
                Some(line) => format!("{path}:{line}"),
                None => path.to_string(),
            },
            message: message.into(),
        }
    }

    /// At a 1-based line and column.
    pub(crate) fn at_line_col(
        path: &str,
        (line, col): (u64, u64),
        message: impl Into<String>,
    ) -> Self {
        InputError {
            location: format!("{path}:{line}:{col}"),
            message: message.into(),
        }
    }

    /// At byte `pos` of `bytes`, the whole input.
    pub(crate) fn at_byte(
        path: &str,
        bytes: &[u8],
        pos: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::at_line_col(path, line_col(bytes, pos), message)
    }
}

/// The 1-based line and column (in characters, counting invalid bytes as
/// one each) of byte `pos` in `bytes`.
pub(crate) fn line_col(bytes: &[u8], pos: usize) -> (u64, u64) {
    let before = &bytes[..pos.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
    // Count every byte that does not continue a UTF-8 sequence.
    let col = 1 + before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count() as u64;
    (line, col)
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for InputError {}

/// One place to read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// The name used in document ids and messages: the path as given, `-`
    /// for stdin.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// Expands the command-line paths into sources: no path or `-` is stdin, a
/// folder is walked recursively in sorted order (hidden files and folders,
/// whose names start with `.`, are skipped). A path that cannot be read is an
/// error in its place.
pub fn expand(paths: &[String]) -> Vec<Result<Source, InputError>> {
    if paths.is_empty() {
        return vec![Ok(Source::Stdin)];
    }
    let mut out = Vec::new();
    for path in paths {
        if path == "-" {
            out.push(Ok(Source::Stdin));
            continue;
        }
        let p = Path::new(path);
        match std::fs::metadata(p) {
            Err(e) => out.push(Err(InputError::at(path, None, io_message(&e)))),
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Ok(Source::File(p.to_path_buf()))),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<Source, InputError>>) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walker {
        match item {
            Ok(e) if e.file_type().is_file() => out.push(Ok(Source::File(e.into_path()))),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(dir).display().to_string();
                let message = e
                    .io_error()
                    .map(io_message)
                    .unwrap_or_else(|| e.to_string());
                out.push(Err(InputError::at(&path, None, message)));
            }
        }
    }
}

/// The format to use for `source` under `requested`, as far as the name
/// tells: [`Format::Auto`] when only the content can (stdin, or a file whose
/// extension names no format).
pub fn resolve_format(source: &Source, requested: Format) -> Format {
    match (requested, source) {
        (Format::Auto, Source::Stdin) => Format::Auto,
        (Format::Auto, Source::File(p)) => {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            match ext.as_str() {
                "jsonl" | "ndjson" => Format::Jsonl,
                "csv" | "tsv" => Format::Csv,
                "rss" | "atom" | "xml" => Format::Feed,
                "html" | "htm" | "xhtml" => Format::Html,
                _ => Format::Auto,
            }
        }
        (f, _) => f,
    }
}

/// The format the start of an input shows: a feed's root element, an HTML
/// document, or else plain text.
pub fn sniff(start: &[u8]) -> Format {
    let mut rest = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    // Skip whitespace, the XML declaration, comments, processing
    // instructions and doctypes other than HTML's.
    loop {
        rest = rest.trim_ascii_start();
        let lower: Vec<u8> = rest.iter().take(16).map(u8::to_ascii_lowercase).collect();
        if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
            return Format::Html;
        }
        let close: &[u8] = if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            b">"
        } else {
            break;
        };
        match find(rest, close) {
            Some(i) => rest = &rest[i + close.len()..],
            None => return Format::Text,
        }
    }
    let name_end = rest
        .iter()
        .skip(1)
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .map_or(rest.len(), |i| i + 1);
    match rest
        .get(..name_end)
        .map(<[u8]>::to_ascii_lowercase)
        .as_deref()
    {
        Some(b"<rss" | b"<feed" | b"<rdf:rdf") => Format::Feed,
        Some(b"<head" | b"<body") => Format::Html,
        _ => Format::Text,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Documents from one source, read lazily.
pub fn documents(
    source: &Source,
    options: &InputOptions,
) -> Box<dyn Iterator<Item = Result<Document, InputError>>> {
    let name = source.name();
    let reader: Box<dyn BufRead> = match source {
        Source::Stdin => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
        Source::File(p) => match File::open(p) {
            Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                return Box::new(std::iter::once(Err(InputError::at(
                    &name,
                    None,
                    io_message(&e),
                ))))
            }
        },
    };
    let tab_separated = matches!(source, Source::File(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")));
    let format = resolve_format(source, options.format);
    read(name, reader, format, tab_separated, options)
}

/// Documents from any reader, `name` standing for its path in ids and
/// messages. [`Format::Auto`] looks at the start of the content.
pub fn documents_from(
    name: impl Into<String>,
    reader: Box<dyn BufRead>,
    options: &InputOptions,
) -> Box<dyn Iterator<Item = Result<Document, InputError>>> {
    read(name.into(), reader, options.format, false, options)
}

fn read(
    name: String,
    mut reader: Box<dyn BufRead>,
    format: Format,
    tab_separated: bool,
    options: &InputOptions,
) -> Box<dyn Iterator<Item = Result<Document, InputError>>> {
    let format = match format {
        Format::Auto => match reader.fill_buf() {
            Ok(start) => sniff(start),
            Err(e) => return Box::new(std::iter::once(Err(read_error(&name, None, &e)))),
        },
        f => f,
    };
    match format {
        Format::Text | Format::Auto => {
            Box::new(std::iter::once(text::read(&name, reader, options.lossy)))
        }
        Format::Jsonl => Box::new(jsonl::Records::new(name, reader, options.clone())),
        Format::Csv => csv::records(name, reader, tab_separated, options.clone()),
        Format::Feed => feed::read(&name, reader),
        Format::Html => Box::new(std::iter::once(html::read(&name, reader, options.lossy))),
    }
}

/// Decodes UTF-8, or names the first bad byte; `offset` is where `bytes`
/// start in the input.
pub(crate) fn decode(bytes: Vec<u8>, lossy: bool, offset: u64) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(format!(
            "invalid UTF-8 at byte offset {} (use --lossy to replace bad bytes)",
            offset + e.utf8_error().valid_up_to() as u64
        )),
    }
}

/// Strips a leading UTF-8 byte-order mark.
pub(crate) fn strip_bom(bytes: &mut Vec<u8>) -> bool {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        true
    } else {
        false
    }
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

pub(crate) fn read_error(path: &str, line: Option<u64>, e: &io::Error) -> InputError {
    InputError::at(path, line, format!("read error: {}", io_message(e)))
}

/// All the bytes of a source read whole (text, a page, a feed).
pub(crate) fn read_all(path: &str, reader: &mut dyn BufRead) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, None, &e))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_resolve_by_extension() {
        let f = |p: &str| resolve_format(&Source::File(p.into()), Format::Auto);
        assert_eq!(f("a.jsonl"), Format::Jsonl);
        assert_eq!(f("a.NDJSON"), Format::Jsonl);
        assert_eq!(f("a.tsv"), Format::Csv);
        assert_eq!(f("a.RSS"), Format::Feed);
        assert_eq!(f("a.atom"), Format::Feed);
        assert_eq!(f("a.xml"), Format::Feed);
        assert_eq!(f("a.htm"), Format::Html);
        assert_eq!(f("a.txt"), Format::Auto);
        assert_eq!(resolve_format(&Source::Stdin, Format::Auto), Format::Auto);
        assert_eq!(resolve_format(&Source::Stdin, Format::Jsonl), Format::Jsonl);
    }

    #[test]
    fn content_shows_feeds_and_pages() {
        let rss = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">";
        assert_eq!(sniff(rss), Format::Feed);
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Format::Feed
        );
        assert_eq!(sniff(b"<?xml version='1.0'?><rdf:RDF>"), Format::Feed);
        assert_eq!(sniff(b"  <!DOCTYPE html>\n<html lang=en>"), Format::Html);
        assert_eq!(sniff(b"<HTML><body>"), Format::Html);
        assert_eq!(sniff(b"<!-- saved from url --><html>"), Format::Html);
        // Text that merely mentions markup stays text.
        assert_eq!(sniff(b"The <rss> element names a feed."), Format::Text);
        assert_eq!(sniff(b"<feeding time>"), Format::Text);
        assert_eq!(sniff(b"<!-- unterminated"), Format::Text);
        assert_eq!(sniff(b""), Format::Text);
        assert_eq!(sniff("Prix : 5 €".as_bytes()), Format::Text);
    }

    #[test]
    fn folders_walk_sorted_and_skip_hidden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/2.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        let root = dir.path().display().to_string();
        let names: Vec<String> = expand(std::slice::from_ref(&root))
            .into_iter()
            .map(|s| s.unwrap().name())
            .collect();
        assert_eq!(names, [format!("{root}/a.txt"), format!("{root}/b/2.txt")]);
        let missing = expand(&[format!("{root}/nope")]);
        assert_eq!(
            missing[0].as_ref().unwrap_err().message,
            "no such file or directory"
        );
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nçd\nx".as_bytes();
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 99), (3, 2));
        let e = InputError::at_byte("f.xml", text, 5, "bad");
        assert_eq!(e.to_string(), "f.xml:2:2: bad");
    }

    #[test]
    fn decode_names_the_byte_offset() {
        let err = decode(b"ab\xffcd".to_vec(), false, 10).unwrap_err();
        assert!(err.starts_with("invalid UTF-8 at byte offset 12"), "{err}");
        assert_eq!(
            decode(b"ab\xffcd".to_vec(), true, 0).unwrap(),
            "ab\u{fffd}cd"
        );
    }
}
