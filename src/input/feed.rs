//! RSS and Atom feeds: each item is a document.
//!
//! feed-rs reads the feed (RSS 0.9x, 1.0 and 2.0, Atom, and JSON Feed when
//! asked for by `--format`). Before that, one pass of quick-xml checks that
//! the XML is well formed, so a malformed feed is reported as
//! `path:line:col: message` at its first error instead of being half read.
//!
//! An item's id is its link, else its guid (Atom `id`), else `PATH#N` for
//! the N-th item. Its text is the title on the first line, then the content
//! (or, without content, the description) with markup stripped: one line
//! per paragraph, separated by blank lines. A feed or item `language` other
//! than English on text that reads as English is kept as a page signal.

use super::html::{fragment_lines, looks_english, primary_language, shorten};
use super::{read_all, InputError};
use crate::document::{Document, PageSignal, SignalKind};
use feed_rs::model::{Entry, Text};
use quick_xml::events::Event;
use std::io::BufRead;

/// Reads one feed whole and yields its items.
pub(super) fn read(
    name: &str,
    mut reader: Box<dyn BufRead>,
) -> Box<dyn Iterator<Item = Result<Document, InputError>>> {
    let bytes = match read_all(name, &mut reader) {
        Ok(bytes) => bytes,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    match items(name, &bytes) {
        Ok(docs) => Box::new(docs.into_iter().map(Ok)),
        Err(e) => Box::new(std::iter::once(Err(e))),
    }
}

/// Every item of the feed in `bytes`, or the first problem with it.
fn items(name: &str, bytes: &[u8]) -> Result<Vec<Document>, InputError> {
    let json = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    if !json {
        well_formed(bytes).map_err(|(pos, m)| InputError::at_byte(name, bytes, pos, m))?;
    }
    // Ids come from the item itself or its position, never from a hash.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    // A panic inside the parser on some odd input must not end the run;
    // the parser is used once and dropped, so no broken state survives.
    let parse = std::panic::AssertUnwindSafe(|| parser.parse(bytes));
    let parsed = std::panic::catch_unwind(parse)
        .map_err(|_| InputError::at(name, None, "the feed parser failed on this input"))?;
    let feed = parsed.map_err(|e| InputError::at(name, None, e.to_string()))?;
    let feed_language = feed.language.as_deref();
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| item(name, i, entry, feed_language))
        .collect())
}

/// Checks that `bytes` hold well-formed XML with one root element; on
/// failure, the byte position and a message.
fn well_formed(bytes: &[u8]) -> Result<(), (usize, String)> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut roots = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            (
                reader.error_position() as usize,
                format!("malformed XML: {e}"),
            )
        })?;
        let start = matches!(event, Event::Start(_));
        match event {
            Event::Start(tag) | Event::Empty(tag) => {
                if open.is_empty() {
                    roots += 1;
                }
                for attr in tag.attributes() {
                    attr.map_err(|e| (before, format!("malformed XML: {e}")))?;
                }
                if start {
                    open.push(tag.name().as_ref().to_vec());
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t) if open.is_empty() && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err((before, "text outside the root element".into()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(name) = open.last() {
        let name = String::from_utf8_lossy(name);
        return Err((
            bytes.len(),
            format!("unexpected end of input: <{name}> is not closed"),
        ));
    }
    if roots == 0 {
        return Err((
            bytes.len(),
            "no root element: not an RSS or Atom feed".into(),
        ));
    }
    Ok(())
}

/// One item as a document.
fn item(name: &str, index: usize, entry: Entry, feed_language: Option<&str>) -> Document {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim())
        .filter(|h| !h.is_empty());
    let id = match link {
        Some(link) => link.to_string(),
        None if !entry.id.trim().is_empty() => entry.id.trim().to_string(),
        None => format!("{name}#{}", index + 1),
    };
    let mut lines: Vec<String> = Vec::new();
    if let Some(title) = &entry.title {
        let title = text_lines(title).join(" ");
        if !title.is_empty() {
            lines.push(title);
        }
    }
    let body = match (&entry.content, &entry.summary) {
        (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
            let body = c.body.as_deref().unwrap_or_default();
            if c.content_type.essence().to_string() == "text/plain" {
                plain_lines(body)
            } else {
                fragment_lines(body)
            }
        }
        (_, Some(summary)) => text_lines(summary),
        _ => Vec::new(),
    };
    let title_len = lines.first().map_or(0, String::len);
    for line in body {
        // Feeds often repeat the title as the first paragraph.
        if lines.len() == 1 && lines[0] == line {
            continue;
        }
        lines.push(line);
    }
    let text = lines.join("\n\n");
    let mut signals = Vec::new();
    let declared = entry
        .language
        .as_deref()
        .map(|l| (l, format!("xml:lang=\"{l}\"")))
        .or(feed_language.map(|l| (l, format!("<language>{l}</language>"))));
    if let Some((tag, evidence)) = declared {
        if let Some(language) = primary_language(tag) {
            if language.as_str() != "en" && looks_english(&text) {
                signals.push(PageSignal {
                    kind: SignalKind::LangMismatch,
                    span: 0..title_len,
                    evidence: shorten(&evidence),
                    language: Some(language),
                });
            }
        }
    }
    Document { id, text, signals }
}

/// The lines of a feed text field: markup stripped unless it is plain text.
fn text_lines(t: &Text) -> Vec<String> {
    if t.content_type.essence().to_string() == "text/plain" {
        plain_lines(&t.content)
    } else {
        fragment_lines(&t.content)
    }
}

/// Plain text as lines: paragraphs at blank lines, whitespace collapsed.
fn plain_lines(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in s.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        for word in line.split_ascii_whitespace() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(xml: &str) -> Result<Vec<Document>, InputError> {
        items("f.rss", xml.as_bytes())
    }

    const PROSE: &str = "The council said on Monday that it would reopen the library after \
        a two-year closure. The building, which had been damaged by a flood, was repaired \
        with money from the state. Its director told reporters that the new reading room \
        would be open to the public from March.";

    #[test]
    fn rss_items_become_documents() {
        let xml = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\
             <language>en-gb</language>\
             <item><title>Library reopens</title><link>https://g.example/a</link>\
             <guid>g-1</guid><description>&lt;p&gt;{PROSE}&lt;/p&gt;&lt;p&gt;Second &amp;amp; last.&lt;/p&gt;</description></item>\
             <item><title>No link</title><guid isPermaLink=\"false\">g-2</guid><description>Short.</description></item>\
             <item><description>Neither.</description></item>\
             </channel></rss>"
        );
        let docs = docs(&xml).unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].id, "https://g.example/a");
        assert_eq!(
            docs[0].text,
            format!("Library reopens\n\n{PROSE}\n\nSecond & last.")
        );
        assert!(docs[0].signals.is_empty());
        assert_eq!(docs[1].id, "g-2");
        assert_eq!(docs[1].text, "No link\n\nShort.");
        assert_eq!(docs[2].id, "f.rss#3");
        assert_eq!(docs[2].text, "Neither.");
    }

    #[test]
    fn atom_entries_prefer_content_over_summary() {
        let xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><id>f</id>\
            <entry><title type=\"html\">Storm &lt;em&gt;hits&lt;/em&gt; coast</title><id>urn:x:1</id>\
            <link rel=\"alternate\" href=\"https://a.example/1\"/>\
            <summary>Short summary.</summary>\
            <content type=\"html\">&lt;p&gt;Storm hits coast&lt;/p&gt;&lt;p&gt;Full text.&lt;/p&gt;</content></entry>\
            <entry><title>Plain</title><id>urn:x:2</id><summary>Only a summary.</summary></entry></feed>";
        let docs = docs(xml).unwrap();
        assert_eq!(docs[0].id, "https://a.example/1");
        assert_eq!(docs[0].text, "Storm hits coast\n\nFull text.");
        assert_eq!(docs[1].id, "urn:x:2");
        assert_eq!(docs[1].text, "Plain\n\nOnly a summary.");
    }

    #[test]
    fn a_foreign_feed_language_on_english_text_is_a_signal() {
        let xml = format!(
            "<rss version=\"2.0\"><channel><title>G</title><language>fr-FR</language>\
             <item><title>Library reopens</title><description>{PROSE}</description></item>\
             <item><title>Brève</title><description>La bibliothèque rouvre ses portes lundi.</description></item>\
             </channel></rss>"
        );
        let docs = docs(&xml).unwrap();
        assert_eq!(docs[0].signals.len(), 1);
        let s = &docs[0].signals[0];
        assert_eq!(s.kind, SignalKind::LangMismatch);
        assert_eq!(s.language.map(|l| l.to_string()).as_deref(), Some("fr"));
        assert_eq!(s.evidence, "<language>fr-fr</language>");
        assert_eq!(s.span, 0.."Library reopens".len());
        assert!(docs[1].signals.is_empty());
    }

    #[test]
    fn malformed_feeds_name_the_position() {
        let e = docs("<rss version=\"2.0\">\n<channel>\n<item><title>A</titl></item>")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.rss:3:15: malformed XML"), "{e}");
        let e = docs("<rss version=\"2.0\">\n<channel>\n<item>").unwrap_err();
        assert_eq!(e.location, "f.rss:3:7");
        assert!(e.message.contains("<item> is not closed"), "{}", e.message);
        let e = docs("<rss version=\"2.0\"><channel a=\"1\" a=\"2\"></channel></rss>")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.rss:1:20: malformed XML"), "{e}");
        let e = docs("just text").unwrap_err().to_string();
        assert!(e.starts_with("f.rss:1:1: text outside"), "{e}");
        let e = docs("<html><body>x</body></html>").unwrap_err().to_string();
        assert!(e.starts_with("f.rss: "), "{e}");
    }
}
