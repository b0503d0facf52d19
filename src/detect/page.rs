//! Page signals: what an HTML page's markup or a feed's metadata says about
//! translation, turned into findings.
//!
//! The inputs record the facts ([`PageSignal`]s on the document); this
//! detector weighs them. They are document-level evidence, so each finding
//! sits on the sentence the signal names (the title line), and its message
//! quotes the markup.
//!
//! | rule | weight | why |
//! | --- | --- | --- |
//! | `page/machine-translated-from` | 0.9 | the page says so itself |
//! | `page/browser-translated` | 0.8 | saved after Google Translate ran in the browser |
//! | `page/lang-mismatch` | 0.3 | declared non-English, reads as English: often a translated copy |
//! | `page/translation-stats` | 0.3 | a translation plugin served the page |
//! | `page/translation-widget` | 0.2 | native sites embed widgets too |

use super::{Category, Detector, Finding};
use crate::document::{PageSignal, Segmented, SignalKind};
use std::sync::Arc;

/// Turns page signals into findings.
pub struct Page;

impl Page {
    fn weight(kind: SignalKind) -> f32 {
        match kind {
            SignalKind::MachineTranslatedFrom => 0.9,
            SignalKind::BrowserTranslated => 0.8,
            SignalKind::LangMismatch => 0.3,
            SignalKind::TranslationStats => 0.3,
            SignalKind::TranslationWidget => 0.2,
        }
    }

    fn message(signal: &PageSignal) -> String {
        let from = signal
            .language
            .map(|l| format!(" from {}", l.name()))
            .unwrap_or_default();
        let evidence = &signal.evidence;
        match signal.kind {
            SignalKind::MachineTranslatedFrom => {
                format!("The page declares that it was machine-translated{from}: {evidence}")
            }
            SignalKind::BrowserTranslated => format!(
                "The page was saved after a browser translated it (Google Translate markup): {evidence}"
            ),
            SignalKind::LangMismatch => {
                let name = signal.language.map_or("another language", |l| l.name());
                format!(
                    "The page declares its language as {name}, but the text reads as English: \
                     often a translated copy. {evidence}"
                )
            }
            SignalKind::TranslationStats => format!(
                "A translation plugin's statistics tag: the page was served through automatic \
                 translation. {evidence}"
            ),
            SignalKind::TranslationWidget => format!(
                "The page embeds a translation widget (weak evidence: native sites embed them \
                 too): {evidence}"
            ),
        }
    }
}

impl Detector for Page {
    fn id(&self) -> &'static str {
        "page"
    }

    fn category(&self) -> Category {
        Category::Page
    }

    fn description(&self) -> &'static str {
        "signs the page itself gives: machine-translated-from links, browser-translated \
         markup, translation plugins and widgets, a non-English lang on English text"
    }

    fn detect(&self, doc: &Segmented<'_>, out: &mut Vec<Finding>) {
        if doc.sentences.is_empty() {
            return;
        }
        for signal in doc.signals {
            let index = doc.sentence_at(signal.span.start).unwrap_or(0);
            let sentence = doc.sentences[index];
            let start = signal.span.start.max(sentence.start);
            let end = signal.span.end.min(sentence.end);
            let inside =
                start < end && doc.text.is_char_boundary(start) && doc.text.is_char_boundary(end);
            let span = if inside { start..end } else { sentence.range() };
            out.push(Finding {
                detector: self.id(),
                category: Category::Page,
                rule: Arc::from(format!("page/{}", signal.kind.as_str())),
                span,
                sentence: index,
                message: Arc::from(Self::message(signal)),
                suggestion: None,
                weight: Self::weight(signal.kind),
                languages: signal.language.into_iter().collect::<Vec<_>>().into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::lang::Lang;

    fn signal(kind: SignalKind, span: std::ops::Range<usize>, lang: Option<&str>) -> PageSignal {
        PageSignal {
            kind,
            span,
            evidence: "<link rel=\"alternate machine-translated-from\" hreflang=\"fr\">".into(),
            language: lang.and_then(Lang::parse),
        }
    }

    fn findings(doc: &Document) -> Vec<Finding> {
        let mut out = Vec::new();
        Page.detect(&Segmented::of(doc), &mut out);
        out
    }

    #[test]
    fn signals_become_findings_on_their_sentence() {
        let mut doc = Document::new("d", "Library reopens\n\nThe library opened on Monday.");
        doc.signals = vec![
            signal(SignalKind::MachineTranslatedFrom, 0..15, Some("fr")),
            signal(SignalKind::TranslationWidget, 0..0, None),
        ];
        let f = findings(&doc);
        assert_eq!(f.len(), 2);
        assert_eq!(&*f[0].rule, "page/machine-translated-from");
        assert_eq!((f[0].span.clone(), f[0].sentence), (0..15, 0));
        assert_eq!(f[0].weight, 0.9);
        assert_eq!(f[0].languages.len(), 1);
        assert!(f[0].message.contains("from French"), "{}", f[0].message);
        assert!(f[0].message.contains("machine-translated-from"));
        // An empty span takes its whole sentence.
        assert_eq!((f[1].span.clone(), f[1].sentence), (0..15, 0));
        assert!(f[1].weight < 0.5);
    }

    #[test]
    fn spans_outside_the_text_fall_back_to_the_first_sentence() {
        let mut doc = Document::new("d", "Héllo there.");
        doc.signals = vec![
            signal(SignalKind::LangMismatch, 40..50, Some("de")),
            signal(SignalKind::BrowserTranslated, 1..2, None),
        ];
        let f = findings(&doc);
        assert_eq!(f[0].span, 0..doc.text.len());
        // 1..2 splits "é": the whole sentence instead.
        assert_eq!(f[1].span, 0..doc.text.len());
    }

    #[test]
    fn plain_documents_and_empty_texts_give_nothing() {
        let doc = Document::new("d", "The library opened on Monday.");
        assert!(findings(&doc).is_empty());
        let mut empty = Document::new("d", "");
        empty.signals = vec![signal(SignalKind::MachineTranslatedFrom, 0..0, None)];
        assert!(findings(&empty).is_empty());
    }
}
