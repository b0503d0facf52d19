//! CSV and TSV: a header row names the columns; each row is a document. A
//! row without an id gets `PATH:LINE`.

use super::{decode, InputError, InputOptions};
use crate::document::Document;
use std::io::BufRead;

pub(super) fn records(
    name: String,
    reader: Box<dyn BufRead>,
    tab_separated: bool,
    options: InputOptions,
) -> Box<dyn Iterator<Item = Result<Document, InputError>>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(if tab_separated { b'\t' } else { b',' })
        .flexible(true)
        .from_reader(reader);
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect(),
        Err(e) => {
            return Box::new(std::iter::once(Err(InputError::at(
                &name,
                Some(1),
                e.to_string(),
            ))))
        }
    };
    let Some(text_col) = header.iter().position(|h| *h == options.text_field) else {
        let message = format!(
            "no column {:?} in the header (columns: {}; set --text-field)",
            options.text_field,
            header.join(", ")
        );
        return Box::new(std::iter::once(Err(InputError::at(
            &name,
            Some(1),
            message,
        ))));
    };
    let id_col = header.iter().position(|h| *h == options.id_field);
    let mut failed = false;
    Box::new(reader.into_byte_records().map_while(move |row| {
        if failed {
            return None;
        }
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                // An I/O error or broken quoting leaves the reader unusable.
                failed = true;
                let line = e.position().map(|p| p.line());
                return Some(Err(InputError::at(&name, line, e.to_string())));
            }
        };
        let (line, offset) = row.position().map_or((0, 0), |p| (p.line(), p.byte()));
        let err = |m: String| InputError::at(&name, Some(line), m);
        let Some(text) = row.get(text_col) else {
            return Some(Err(err(format!(
                "row has no {:?} column",
                options.text_field
            ))));
        };
        let text = match decode(text.to_vec(), options.lossy, offset) {
            Ok(t) => t,
            Err(m) => return Some(Err(err(m))),
        };
        let id = id_col
            .and_then(|c| row.get(c))
            .map(|id| String::from_utf8_lossy(id).into_owned())
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| format!("{name}:{line}"));
        Some(Ok(Document::new(id, text)))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, tsv: bool) -> Vec<Result<Document, InputError>> {
        let reader = Box::new(std::io::Cursor::new(input.as_bytes().to_vec()));
        records("f.csv".into(), reader, tsv, InputOptions::default()).collect()
    }

    #[test]
    fn rows_become_documents() {
        let out = read(
            "\u{feff}id,text,url\na,\"One.\nTwo.\",u\n,Three.,u\n",
            false,
        );
        let docs: Vec<Document> = out.into_iter().map(Result::unwrap).collect();
        assert_eq!(docs[0], Document::new("a", "One.\nTwo."));
        assert_eq!(docs[1].id, "f.csv:4");
        let tsv = read("text\tid\nHello.\tx\n", true);
        assert_eq!(tsv[0].as_ref().unwrap(), &Document::new("x", "Hello."));
    }

    #[test]
    fn a_missing_column_is_named() {
        let out = read("id,body\na,b\n", false);
        assert_eq!(out.len(), 1);
        let e = out[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("f.csv:1: no column \"text\""), "{e}");
    }
}
