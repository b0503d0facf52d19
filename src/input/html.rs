//! HTML pages: one document of the page's article text, plus the signs the
//! page itself gives that it was machine-translated.
//!
//! The page is parsed with html5ever (through `scraper`), which repairs
//! broken markup the way browsers do, so only bytes that cannot be decoded
//! are an error. The article is the largest `<article>` (or `<main>`) when
//! it holds enough of the page's text, else the `<body>`. Its title,
//! headings, paragraphs, list items and captions each become one line,
//! separated by blank lines; scripts, styles, forms, navigation, sidebars,
//! page headers and footers are dropped. An element whose class, id or role
//! names page chrome (`nav`, `menu`, `share`, `related`, `cookie`…) is
//! dropped too, unless it holds most of the article's text.
//!
//! Signals ([`PageSignal`]) come from the markup: a `<link rel="alternate
//! machine-translated-from">`, a browser-translated page saved as it was
//! shown, a `translation-stats` meta tag, translation widgets, and a `lang`
//! attribute that is not English on text that reads as English.

use super::{decode, read_all, strip_bom, InputError};
use crate::document::{Document, PageSignal, SignalKind};
use crate::lang::Lang;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use std::collections::HashMap;
use std::io::BufRead;

/// Reads one page.
pub(super) fn read(
    name: &str,
    mut reader: Box<dyn BufRead>,
    lossy: bool,
) -> Result<Document, InputError> {
    let bytes = read_all(name, &mut reader)?;
    let html = decode_page(name, bytes, lossy)?;
    Ok(page(name, &html))
}

/// Decodes a page: UTF-8, or the legacy encoding its `<meta charset>`
/// declares. Undecodable bytes and NUL bytes (binary data) are errors that
/// name their line and column.
fn decode_page(name: &str, mut bytes: Vec<u8>, lossy: bool) -> Result<String, InputError> {
    let bom = if strip_bom(&mut bytes) { 3 } else { 0 };
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::at_byte(
            name,
            &bytes,
            pos,
            "binary data (a NUL byte), not an HTML page",
        ));
    }
    if std::str::from_utf8(&bytes).is_err() {
        if let Some(encoding) = declared_encoding(&bytes) {
            let (text, _, _) = encoding.decode(&bytes);
            return Ok(text.into_owned());
        }
    }
    let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
    let line_col = super::line_col(&bytes, valid);
    decode(bytes, lossy, bom).map_err(|m| InputError::at_line_col(name, line_col, m))
}

/// The non-UTF-8 encoding a page declares in its first kilobytes.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: Vec<u8> = bytes
        .iter()
        .take(4096)
        .map(u8::to_ascii_lowercase)
        .collect();
    let at = super::find(&head, b"charset=")? + b"charset=".len();
    let label: Vec<u8> = head[at..]
        .iter()
        .copied()
        .skip_while(|b| *b == b'"' || *b == b'\'')
        .take_while(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b))
        .collect();
    encoding_rs::Encoding::for_label(&label).filter(|e| *e != encoding_rs::UTF_8)
}

/// Extracts a page's article text and signals.
pub(super) fn page(name: &str, html: &str) -> Document {
    let dom = Html::parse_document(html);
    let root = dom.tree.root();
    let sizes = text_sizes(root);
    let size = |n: NodeRef<'_, Node>| sizes.get(&n.id()).copied().unwrap_or(0);
    let body = find(root, |e| e.name() == "body").unwrap_or(root);
    let content = ["article", "main"]
        .iter()
        .find_map(|tag| {
            elements(root)
                .filter(|n| element(*n).is_some_and(|e| e.name() == *tag))
                .max_by_key(|n| size(*n))
                .filter(|n| size(*n) * 5 >= size(body) * 2)
        })
        .unwrap_or(body);
    let mut lines = Lines::default();
    // A page header's h1 is often the site's name, not the title; the
    // article's own header holds its headline.
    let headline = |n: &NodeRef<'_, Node>| {
        if element(*n).is_none_or(|e| e.name() != "h1") {
            return false;
        }
        let mut in_header = false;
        for e in n.ancestors().filter_map(element) {
            match e.name() {
                "article" | "main" => return true,
                "nav" | "footer" | "aside" => return false,
                "header" => in_header = true,
                _ => {}
            }
        }
        !in_header
    };
    if !elements(content).any(|n| headline(&n)) {
        let title = elements(body)
            .find(headline)
            .or_else(|| find(root, |e| e.name() == "title"));
        if let Some(title) = title {
            walk(title, &sizes, &mut lines);
        }
    }
    walk(content, &sizes, &mut lines);
    let text = lines.join();
    let title = 0..lines.lines.first().map_or(0, String::len);
    let signals = signals(root, &text, title);
    Document {
        id: name.to_string(),
        text,
        signals,
    }
}

/// The text lines of an HTML fragment, such as a feed item's description.
pub(super) fn fragment_lines(html: &str) -> Vec<String> {
    let dom = Html::parse_fragment(html);
    let root = dom.tree.root();
    let sizes = text_sizes(root);
    let mut lines = Lines::default();
    walk(root, &sizes, &mut lines);
    lines.flush();
    lines.lines
}

fn element<'a>(n: NodeRef<'a, Node>) -> Option<&'a scraper::node::Element> {
    n.value().as_element()
}

fn elements<'a>(root: NodeRef<'a, Node>) -> impl Iterator<Item = NodeRef<'a, Node>> {
    root.descendants().filter(|n| n.value().is_element())
}

fn find<'a>(
    root: NodeRef<'a, Node>,
    pred: impl Fn(&scraper::node::Element) -> bool,
) -> Option<NodeRef<'a, Node>> {
    elements(root).find(|n| element(*n).is_some_and(&pred))
}

/// Bytes of text under every element, in one pass (no recursion: pages
/// may nest deeper than the stack allows).
fn text_sizes(root: NodeRef<'_, Node>) -> HashMap<NodeId, usize> {
    let mut sizes = HashMap::new();
    let mut stack: Vec<usize> = Vec::new();
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => {
                if let Node::Text(t) = n.value() {
                    if let Some(top) = stack.last_mut() {
                        *top += t.trim().len();
                    }
                }
                stack.push(0);
            }
            Edge::Close(n) => {
                let own = stack.pop().unwrap_or(0);
                if let Some(top) = stack.last_mut() {
                    *top += own;
                }
                if n.value().is_element() {
                    sizes.insert(n.id(), own);
                }
            }
        }
    }
    sizes
}

/// Never text, whatever they hold.
const SKIP: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "button", "select", "textarea", "input", "option", "audio", "video", "picture",
];

/// Page chrome, unless it holds most of the article's text.
const CHROME_TAGS: &[&str] = &["nav", "aside", "footer", "form", "dialog", "menu"];

const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
];

/// Words in a class or id (split at `-` and `_`) that name page chrome.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "cookie",
    "cookies",
    "consent",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "comments",
    "newsletter",
    "subscribe",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "sponsored",
    "gtranslate",
    "popup",
    "modal",
    "skip",
    "toolbar",
    "masthead",
    "widget",
];

/// Ends a line before and after.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Whether an element is chrome to drop: by tag, role, class or id, or
/// hidden.
fn is_chrome(e: &scraper::node::Element, in_article: bool) -> bool {
    let name = e.name();
    if CHROME_TAGS.contains(&name) || (name == "header" && !in_article) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
        return true;
    }
    if e.attr("role").is_some_and(|r| {
        r.split_ascii_whitespace()
            .any(|r| CHROME_ROLES.contains(&r.to_ascii_lowercase().as_str()))
    }) {
        return true;
    }
    let names = e.attr("class").into_iter().chain(e.attr("id"));
    names
        .flat_map(|v| v.split(|c: char| c.is_ascii_whitespace() || c == '-' || c == '_'))
        .any(|w| CHROME_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Appends the text under `root` to `lines`, one line per block, without
/// recursion.
fn walk(root: NodeRef<'_, Node>, sizes: &HashMap<NodeId, usize>, lines: &mut Lines) {
    let total = sizes.get(&root.id()).copied().unwrap_or(0);
    // The element being skipped, and how many article/main elements are open.
    let mut skipping: Option<NodeId> = None;
    let mut articles: Vec<NodeId> = Vec::new();
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => lines.text(t),
                    // An inline suppression marker (see `policy`) written as
                    // a comment stays in the text, on a line of its own.
                    Node::Comment(c) if c.contains("mtaudit: ignore") => {
                        lines.flush();
                        lines.text(&format!("[{}]", c.trim()));
                        lines.flush();
                    }
                    Node::Element(e) => {
                        let name = e.name();
                        let drop = SKIP.contains(&name)
                            || (n.id() != root.id()
                                && is_chrome(e, !articles.is_empty())
                                && sizes.get(&n.id()).copied().unwrap_or(0) * 2 <= total);
                        if drop {
                            skipping = Some(n.id());
                            continue;
                        }
                        if name == "article" || name == "main" {
                            articles.push(n.id());
                        }
                        if BLOCKS.contains(&name) {
                            lines.flush();
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if articles.last() == Some(&n.id()) {
                    articles.pop();
                }
                if element(n).is_some_and(|e| BLOCKS.contains(&e.name())) {
                    lines.flush();
                }
            }
        }
    }
}

/// Text lines being built: markup whitespace collapsed to one space.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    current: String,
}

impl Lines {
    fn text(&mut self, t: &str) {
        for c in t.chars() {
            // Only markup whitespace collapses: no-break and thin spaces
            // are part of the text (French typography shows in them).
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                if !self.current.is_empty() && !self.current.ends_with(' ') {
                    self.current.push(' ');
                }
            } else if !c.is_control() {
                self.current.push(c);
            }
        }
    }

    fn flush(&mut self) {
        let line = self.current.trim();
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
        self.current.clear();
    }

    fn join(&mut self) -> String {
        self.flush();
        self.lines.join("\n\n")
    }
}

/// The most of a tag kept as evidence.
const EVIDENCE_CHARS: usize = 200;

/// An element's opening tag, shortened, as evidence.
fn open_tag(e: &scraper::node::Element) -> String {
    let mut s = format!("<{}", e.name());
    for (k, v) in e.attrs() {
        s.push_str(&format!(" {k}=\"{v}\""));
    }
    s.push('>');
    shorten(&s)
}

pub(super) fn shorten(s: &str) -> String {
    match s.char_indices().nth(EVIDENCE_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Translation widgets: a marker in an id, class or script address, and
/// the widget's name.
const WIDGETS: &[(&str, &str)] = &[
    ("gtranslate", "GTranslate"),
    ("gt_float_wrapper", "GTranslate"),
    ("google_translate_element", "Google Translate"),
    ("translate_a/element.js", "Google Translate"),
    ("weglot", "Weglot"),
    ("conveythis", "ConveyThis"),
    ("transposh", "Transposh"),
];

/// The page's signals, placed on the title line `title`.
fn signals(root: NodeRef<'_, Node>, text: &str, title: std::ops::Range<usize>) -> Vec<PageSignal> {
    let mut out: Vec<PageSignal> = Vec::new();
    let mut push = |kind, evidence: String, language| {
        if !out
            .iter()
            .any(|s: &PageSignal| s.kind == kind && s.evidence == evidence)
        {
            out.push(PageSignal {
                kind,
                span: title.clone(),
                evidence,
                language,
            });
        }
    };
    let mut widgets: Vec<&str> = Vec::new();
    let mut font_wrappers = 0usize;
    let mut declared: Option<(String, String)> = None;
    for n in elements(root) {
        let Some(e) = element(n) else { continue };
        let name = e.name();
        if name == "html" && declared.is_none() {
            if let Some(lang) = e.attr("lang").or_else(|| e.attr("xml:lang")) {
                declared = Some((lang.to_string(), open_tag(e)));
            }
            let translated = e.attr("class").is_some_and(|c| {
                c.split_ascii_whitespace()
                    .any(|c| c == "translated-ltr" || c == "translated-rtl")
            });
            if translated {
                push(SignalKind::BrowserTranslated, open_tag(e), None);
            }
        }
        if name == "link"
            && e.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("machine-translated-from"))
            })
        {
            let language = e.attr("hreflang").and_then(primary_language);
            push(SignalKind::MachineTranslatedFrom, open_tag(e), language);
        }
        if name == "meta"
            && e.attr("name")
                .is_some_and(|m| m.eq_ignore_ascii_case("translation-stats"))
        {
            push(SignalKind::TranslationStats, open_tag(e), None);
        }
        if name == "font"
            && e.attr("style")
                .is_some_and(|s| s.replace(' ', "").contains("vertical-align:inherit"))
        {
            font_wrappers += 1;
            if font_wrappers == 2 {
                push(SignalKind::BrowserTranslated, open_tag(e), None);
            }
        }
        let marked = [e.attr("id"), e.attr("class"), e.attr("src")]
            .into_iter()
            .flatten()
            .map(str::to_ascii_lowercase)
            .find_map(|v| WIDGETS.iter().find(|(m, _)| v.contains(m)));
        if let Some((_, widget)) = marked {
            if !widgets.contains(widget) {
                widgets.push(widget);
                push(SignalKind::TranslationWidget, open_tag(e), None);
            }
        }
    }
    if let Some((lang, tag)) = declared {
        if let Some(language) = primary_language(&lang) {
            if language.as_str() != "en" && looks_english(text) {
                push(SignalKind::LangMismatch, tag, Some(language));
            }
        }
    }
    out
}

/// The primary subtag of a language tag (`fr-CA` → `fr`), if it is a
/// two-letter code.
pub(super) fn primary_language(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    Lang::parse(&primary)
}

/// Common English function words that are rare as words of other
/// European languages.
const ENGLISH_WORDS: &[&str] = &[
    "the", "of", "and", "to", "that", "for", "with", "by", "at", "from", "it", "she", "said", "be",
    "are", "has", "have", "had", "which", "this", "were", "but", "his", "they", "their", "its",
    "not", "been", "would", "who", "after", "than", "about", "into", "when", "there", "we", "you",
    "will", "our", "what", "could", "should",
];

/// The fewest words a text needs before its language is judged.
const MIN_WORDS: usize = 30;
/// The least share of English function words in English text. Native news
/// prose holds about a quarter; French, German or Spanish text almost none.
const MIN_ENGLISH_SHARE: f64 = 0.12;

/// Whether `text` reads as English: enough words, and enough of them
/// English function words.
pub(super) fn looks_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut english = 0usize;
    for w in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 6 && ENGLISH_WORDS.contains(&w.to_lowercase().as_str()) {
            english += 1;
        }
    }
    words >= MIN_WORDS && english as f64 >= MIN_ENGLISH_SHARE * words as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "The council said on Monday that it would reopen the library after \
        a two-year closure. The building, which had been damaged by a flood, was repaired \
        with money from the state. Its director told reporters that the new reading room \
        would be open to the public from March.";

    fn page_of(html: &str) -> Document {
        page("p.html", html)
    }

    #[test]
    fn article_text_keeps_blocks_and_drops_chrome() {
        let html = format!(
            "<!DOCTYPE html><html lang=en><head><title>Library reopens | Gazette</title>\
             <style>p {{ color: red }}</style><script>var x = 'Menu';</script></head>\
             <body><header><a href=/>Gazette</a><nav><ul><li>Home</li><li>World</li></ul></nav></header>\
             <div class=\"share-bar\">Share on Facebook</div>\
             <article><h1>Library  reopens</h1><p class=byline>By Ann Lee</p>\
             <p>{PROSE}</p><figure><img src=a.jpg><figcaption>The new reading room.</figcaption></figure>\
             <p>It cost <b>£2m</b> in all.<br>Work began in 2023.</p>\
             <aside>Read more: Other news</aside></article>\
             <footer>© Gazette 2026</footer></body></html>"
        );
        let doc = page_of(&html);
        let lines: Vec<&str> = doc.text.split("\n\n").collect();
        assert_eq!(lines[0], "Library reopens");
        assert_eq!(lines[1], "By Ann Lee");
        assert!(lines[2].starts_with("The council said"));
        assert_eq!(lines[3], "The new reading room.");
        assert_eq!(lines[4], "It cost £2m in all.");
        assert_eq!(lines[5], "Work began in 2023.");
        assert_eq!(lines.len(), 6);
        for chrome in ["Menu", "Home", "Share", "Read more", "©", "color"] {
            assert!(!doc.text.contains(chrome), "{chrome} in {:?}", doc.text);
        }
        assert!(doc.signals.is_empty(), "{:?}", doc.signals);
    }

    #[test]
    fn without_an_h1_the_title_comes_first() {
        let doc = page_of(&format!(
            "<html><head><title>Storm hits coast</title></head><body><p>{PROSE}</p></body></html>"
        ));
        assert!(
            doc.text.starts_with("Storm hits coast\n\nThe council"),
            "{}",
            doc.text
        );
    }

    #[test]
    fn a_site_name_in_the_page_header_is_not_the_title() {
        let doc = page_of(&format!(
            "<html><head><title>Storm hits coast</title></head><body>\
             <header><h1 class=logo>Gazette</h1></header><div><p>{PROSE}</p></div></body></html>"
        ));
        assert!(
            doc.text.starts_with("Storm hits coast\n\nThe council"),
            "{}",
            doc.text
        );
        let doc = page_of(&format!(
            "<body><header><h1>Gazette</h1></header><div><h1>Storm hits coast</h1><p>{PROSE}</p></div></body>"
        ));
        assert!(
            doc.text.starts_with("Storm hits coast\n\nThe council"),
            "{}",
            doc.text
        );
    }

    #[test]
    fn the_headline_in_an_article_header_is_kept_once() {
        let doc = page_of(&format!(
            "<html><head><title>Storm | Gazette</title></head><body><header><h1>Gazette</h1></header>\
             <article><header><h1>Storm hits coast</h1></header><p>{PROSE}</p></article></body></html>"
        ));
        assert!(
            doc.text.starts_with("Storm hits coast\n\nThe council"),
            "{}",
            doc.text
        );
        assert!(!doc.text.contains("Gazette"));
    }

    #[test]
    fn a_chrome_class_on_the_page_wrapper_does_not_drop_the_article() {
        let doc = page_of(&format!(
            "<body class=has-sidebar><div id=page class=\"site has-sidebar\"><p>{PROSE}</p>\
             <div class=sidebar>Popular: x</div></div></body>"
        ));
        assert!(doc.text.starts_with("The council"), "{}", doc.text);
        assert!(!doc.text.contains("Popular"));
    }

    #[test]
    fn machine_translation_signals_are_recorded() {
        let html = format!(
            "<html lang=\"fr-FR\" class=\"translated-ltr\"><head>\
             <link rel=\"alternate machine-translated-from\" hreflang=\"de\" href=\"https://x.de/a\">\
             <meta name=\"translation-stats\" content='{{\"total_phrases\":10}}'>\
             <script src=\"https://cdn.gtranslate.net/widgets/latest/float.js\"></script></head>\
             <body><div class=\"gtranslate_wrapper\"></div><h1>Title here</h1><p>{PROSE}</p></body></html>"
        );
        let doc = page_of(&html);
        let kinds: Vec<SignalKind> = doc.signals.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SignalKind::BrowserTranslated,
                SignalKind::MachineTranslatedFrom,
                SignalKind::TranslationStats,
                SignalKind::TranslationWidget,
                SignalKind::LangMismatch,
            ]
        );
        let link = &doc.signals[1];
        assert_eq!(link.language, Lang::parse("de"));
        assert!(link.evidence.contains("machine-translated-from"));
        assert_eq!(link.span, 0.."Title here".len());
        assert_eq!(doc.signals[4].language, Lang::parse("fr"));
        assert!(!doc.text.contains("gtranslate"));
    }

    #[test]
    fn a_foreign_lang_attribute_on_foreign_text_is_no_signal() {
        let french = "Le conseil municipal a annoncé lundi la réouverture de la bibliothèque \
            après deux ans de fermeture. Le bâtiment, endommagé par une inondation, a été \
            réparé grâce à des fonds de l'État. Sa directrice a déclaré que la nouvelle salle \
            de lecture serait ouverte au public dès le mois de mars prochain.";
        let doc = page_of(&format!(
            "<html lang=fr><body><p>{french}</p></body></html>"
        ));
        assert!(doc.signals.is_empty(), "{:?}", doc.signals);
        let doc = page_of(&format!(
            "<html lang=en-GB><body><p>{PROSE}</p></body></html>"
        ));
        assert!(doc.signals.is_empty());
        // Too little text to judge.
        let doc = page_of("<html lang=fr><body><p>The end of the line.</p></body></html>");
        assert!(doc.signals.is_empty());
    }

    #[test]
    fn english_is_recognised_by_its_function_words() {
        assert!(looks_english(PROSE));
        let german = "Der Stadtrat hat am Montag mitgeteilt, dass die Bibliothek nach zwei \
            Jahren wieder öffnet. Das Gebäude war durch ein Hochwasser beschädigt worden und \
            wurde mit Geld des Landes repariert. Die Leiterin sagte, der neue Lesesaal werde \
            ab März für alle geöffnet sein.";
        assert!(!looks_english(german));
    }

    #[test]
    fn legacy_encodings_are_decoded_and_bad_bytes_are_located() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 reopens.</p></body></html>";
        let html = decode_page("p.html", latin1.to_vec(), false).unwrap();
        assert!(html.contains("Café"));
        let bad = b"<html>\n<body>\n<p>ab\xff</p>".to_vec();
        let e = decode_page("p.html", bad, false).unwrap_err().to_string();
        assert!(e.starts_with("p.html:3:6: invalid UTF-8"), "{e}");
        let nul = decode_page("p.html", b"<html>\0".to_vec(), false).unwrap_err();
        assert_eq!(nul.location, "p.html:1:7");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(3_000) + "Deep text." + &"</div>".repeat(3_000);
        let doc = page_of(&html);
        assert_eq!(doc.text, "Deep text.");
    }

    #[test]
    fn fragments_become_lines() {
        let lines = fragment_lines("<p>One &amp; two.</p><p>Three <a href=x>four</a>.</p>");
        assert_eq!(lines, ["One & two.", "Three four."]);
    }
}
