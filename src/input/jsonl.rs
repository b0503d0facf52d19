//! JSONL: one JSON object per line, its text and id in named fields. A
//! record without an id gets `PATH:LINE`. Blank lines are skipped.

use super::{decode, read_error, strip_bom, InputError, InputOptions};
use crate::document::Document;
use serde_json::Value;
use std::io::BufRead;

/// Reads records one line at a time.
pub(super) struct Records {
    name: String,
    reader: Box<dyn BufRead>,
    options: InputOptions,
    line: u64,
    offset: u64,
    done: bool,
}

impl Records {
    pub(super) fn new(name: String, reader: Box<dyn BufRead>, options: InputOptions) -> Self {
        Records {
            name,
            reader,
            options,
            line: 0,
            offset: 0,
            done: false,
        }
    }

    fn parse(&self, bytes: Vec<u8>, start: u64) -> Result<Document, InputError> {
        let err = |m: String| InputError::at(&self.name, Some(self.line), m);
        let text = decode(bytes, self.options.lossy, start).map_err(err)?;
        let value: Value =
            serde_json::from_str(&text).map_err(|e| err(format!("invalid JSON: {e}")))?;
        let Value::Object(mut map) = value else {
            return Err(err("expected a JSON object".into()));
        };
        // The id first, so that the text can then be moved out of the
        // record rather than copied (the two fields may be the same).
        let id = match map.get(&self.options.id_field) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => format!("{}:{}", self.name, self.line),
        };
        let body = match map.remove(&self.options.text_field) {
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(err(format!(
                    "field {:?} is {}, expected a string",
                    self.options.text_field,
                    kind(&other)
                )))
            }
            None => {
                return Err(err(format!(
                    "no field {:?} (set --text-field)",
                    self.options.text_field
                )))
            }
        };
        Ok(Document::new(id, body))
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Iterator for Records {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let mut bytes = Vec::new();
            let read = match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) => n as u64,
                Err(e) => {
                    self.done = true;
                    return Some(Err(read_error(&self.name, Some(self.line + 1), &e)));
                }
            };
            self.line += 1;
            let mut start = self.offset;
            self.offset += read;
            if self.line == 1 && strip_bom(&mut bytes) {
                start += 3;
            }
            while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                bytes.pop();
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse(bytes, start));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> Vec<Result<Document, InputError>> {
        let reader = Box::new(std::io::Cursor::new(input.to_vec()));
        Records::new("feed.jsonl".into(), reader, InputOptions::default()).collect()
    }

    #[test]
    fn records_ids_and_fallback_ids() {
        let out = read(b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"One.\"}\r\n\n{\"text\":\"Two.\"}\n{\"id\":7,\"text\":\"x\"}");
        let docs: Vec<Document> = out.into_iter().map(Result::unwrap).collect();
        assert_eq!(docs[0], Document::new("a", "One."));
        assert_eq!(docs[1], Document::new("feed.jsonl:3", "Two."));
        assert_eq!(docs[2].id, "7");
    }

    #[test]
    fn bad_records_name_their_line_and_reading_goes_on() {
        let out = read(b"{\"text\":1}\nnot json\n{\"id\":\"x\"}\n\"s\"\n{\"text\":\"\xff\"}\n{\"text\":\"ok\"}\n");
        let errors: Vec<String> = out
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 5);
        assert!(
            errors[0].starts_with("feed.jsonl:1: field \"text\" is a number"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].starts_with("feed.jsonl:2: invalid JSON"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].starts_with("feed.jsonl:3: no field \"text\""),
            "{}",
            errors[2]
        );
        assert!(
            errors[3].starts_with("feed.jsonl:4: expected a JSON object"),
            "{}",
            errors[3]
        );
        assert!(
            errors[4].starts_with("feed.jsonl:5: invalid UTF-8 at byte offset 44"),
            "{}",
            errors[4]
        );
        assert!(out.last().unwrap().is_ok());
    }
}
