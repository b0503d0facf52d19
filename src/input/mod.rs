//! Inputs: paths, folders and stdin turned into [`Document`]s.
//!
//! Each format has its own module and produces documents one at a time, so
//! a multi-gigabyte JSONL feed is never loaded whole. A problem with one
//! file or record is an [`InputError`] naming `path:line`; the caller
//! reports it and goes on with the rest.

mod csv;
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
    /// By extension: `.jsonl`/`.ndjson` JSONL, `.csv`/`.tsv` CSV, else text.
    /// Stdin is text.
    #[default]
    Auto,
    /// The whole input is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// A header row, then one document per row (tab-separated for `.tsv`).
    Csv,
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
    /// `path` or `path:line`.
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

/// The format to use for `source` under `requested`.
pub fn resolve_format(source: &Source, requested: Format) -> Format {
    match (requested, source) {
        (Format::Auto, Source::Stdin) => Format::Text,
        (Format::Auto, Source::File(p)) => {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            match ext.as_str() {
                "jsonl" | "ndjson" => Format::Jsonl,
                "csv" | "tsv" => Format::Csv,
                _ => Format::Text,
            }
        }
        (f, _) => f,
    }
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
    match resolve_format(source, options.format) {
        Format::Text | Format::Auto => {
            Box::new(std::iter::once(text::read(&name, reader, options.lossy)))
        }
        Format::Jsonl => Box::new(jsonl::Records::new(name, reader, options.clone())),
        Format::Csv => csv::records(name, reader, tab_separated, options.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_resolve_by_extension() {
        let f = |p: &str| resolve_format(&Source::File(p.into()), Format::Auto);
        assert_eq!(f("a.jsonl"), Format::Jsonl);
        assert_eq!(f("a.NDJSON"), Format::Jsonl);
        assert_eq!(f("a.tsv"), Format::Csv);
        assert_eq!(f("a.txt"), Format::Text);
        assert_eq!(resolve_format(&Source::Stdin, Format::Auto), Format::Text);
        assert_eq!(resolve_format(&Source::Stdin, Format::Jsonl), Format::Jsonl);
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
    fn decode_names_the_byte_offset() {
        let err = decode(b"ab\xffcd".to_vec(), false, 10).unwrap_err();
        assert!(err.starts_with("invalid UTF-8 at byte offset 12"), "{err}");
        assert_eq!(
            decode(b"ab\xffcd".to_vec(), true, 0).unwrap(),
            "ab\u{fffd}cd"
        );
    }
}
