//! The HTML report: one self-contained page for a reviewer.
//!
//! At the top, a summary: documents by score, the categories found and the
//! likely source languages. Then every document, highest score first, with
//! its sentences; flagged spans are highlighted in a colour per category and
//! carry the message and suggestion as a tooltip and as a note under the
//! sentence. A search box and category filters narrow the list. The page
//! has no external assets and loads nothing from the network; every piece of
//! document text is escaped, so an article containing `<script>` shows it as
//! text.
//!
//! Documents are sorted by score, so the report keeps each document's
//! rendered fragment until the end: it is meant for a review batch, not for
//! a crawl (use CSV or JSONL for those).

use super::{round3, OutputOptions, Sink};
use crate::detect::{Category, Finding};
use crate::score::{ScoredDocument, ScoredSentence};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// A colour per category (background of highlights and swatches).
fn colour(c: Category) -> &'static str {
    match c {
        Category::Idiom => "#ffd166",
        Category::Transliteration => "#a0c4ff",
        Category::Role => "#caffbf",
        Category::Repetition => "#d0d0d0",
        Category::Coreference => "#ffadad",
        Category::Residue => "#bdb2ff",
        Category::Typography => "#9bf6ff",
        Category::Boilerplate => "#eeeeee",
        Category::Fragment => "#ffc6ff",
        Category::Page => "#ffb703",
    }
}

pub struct HtmlReport<W: Write> {
    out: W,
    options: OutputOptions,
    /// (score, input order, rendered section) per document.
    documents: Vec<(f64, usize, String)>,
    /// Documents per score bin of width 0.2.
    bins: [usize; 5],
    categories: BTreeMap<Category, usize>,
    languages: BTreeMap<String, usize>,
    flagged_documents: usize,
}

impl<W: Write> HtmlReport<W> {
    pub fn new(out: W, options: OutputOptions) -> Self {
        HtmlReport {
            out,
            options,
            documents: Vec::new(),
            bins: [0; 5],
            categories: BTreeMap::new(),
            languages: BTreeMap::new(),
            flagged_documents: 0,
        }
    }
}

impl<W: Write> Sink for HtmlReport<W> {
    fn write(&mut self, doc: &ScoredDocument) -> io::Result<()> {
        let bin = ((doc.score * 5.0) as usize).min(4);
        self.bins[bin] += 1;
        let categories = doc.categories();
        for c in &categories {
            *self.categories.entry(*c).or_default() += 1;
        }
        let language = doc.source_language.best.map(|l| l.to_string());
        if let Some(l) = &language {
            *self.languages.entry(l.clone()).or_default() += 1;
        }
        let flagged = doc.flagged(self.options.review_at);
        if flagged > 0 {
            self.flagged_documents += 1;
        }
        let order = self.documents.len();
        let section = render_document(
            doc,
            &categories,
            language.as_deref(),
            flagged,
            &self.options,
        );
        self.documents.push((doc.score, order, section));
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.documents
            .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut page = String::with_capacity(64 * 1024);
        page.push_str(HEAD);
        for c in Category::ALL {
            let _ = writeln!(page, "mark.c-{c}{{background:{}}}", colour(c));
        }
        page.push_str("</style></head><body>\n");
        let _ = write!(
            page,
            "<header><h1>mtaudit report</h1><p class=\"lead\">{} documents, {} with a sentence at or above {:.2}.</p>",
            self.documents.len(),
            self.flagged_documents,
            self.options.review_at
        );
        page.push_str(
            "<div class=\"summary\"><div><h2>Documents by score</h2><table class=\"bins\">",
        );
        let most = self.bins.iter().copied().max().unwrap_or(0).max(1);
        for (i, n) in self.bins.iter().enumerate().rev() {
            let _ = write!(
                page,
                "<tr><td>{:.1}–{:.1}</td><td><span class=\"bar\" style=\"width:{}px\"></span> {n}</td></tr>",
                i as f64 / 5.0,
                (i + 1) as f64 / 5.0,
                n * 160 / most
            );
        }
        page.push_str("</table></div><div><h2>Categories</h2><div id=\"filters\">");
        for (c, n) in &self.categories {
            let _ = write!(
                page,
                "<label class=\"chip\" style=\"background:{}\"><input type=\"checkbox\" value=\"{c}\" checked> {c} <small>{n}</small></label>",
                colour(*c)
            );
        }
        if self.categories.is_empty() {
            page.push_str("<p>No findings.</p>");
        }
        page.push_str("</div></div><div><h2>Likely source languages</h2><ul class=\"langs\">");
        for (l, n) in &self.languages {
            let name = crate::lang::Lang::parse(l).map_or("", |x| x.name());
            let _ = write!(page, "<li><b>{l}</b> {name}: {n}</li>");
        }
        if self.languages.is_empty() {
            page.push_str("<li>none with enough evidence</li>");
        }
        page.push_str("</ul></div></div>");
        page.push_str("<div class=\"controls\"><input id=\"search\" type=\"search\" placeholder=\"Search documents and text…\" aria-label=\"search\"> <label><input id=\"flagged-only\" type=\"checkbox\"> only documents with findings</label> <span id=\"shown\"></span></div></header><main>");
        self.out.write_all(page.as_bytes())?;
        for (_, _, section) in &self.documents {
            self.out.write_all(section.as_bytes())?;
        }
        self.out.write_all(TAIL.as_bytes())?;
        self.out.flush()
    }
}

fn render_document(
    doc: &ScoredDocument,
    categories: &[Category],
    language: Option<&str>,
    flagged: usize,
    options: &OutputOptions,
) -> String {
    let text = doc.doc.text.as_str();
    let mut html = String::with_capacity(text.len() * 2 + 512);
    let cats: Vec<&str> = categories.iter().map(|c| c.as_str()).collect();
    let _ = write!(
        html,
        "<section class=\"doc\" data-score=\"{:.3}\" data-cats=\"{}\"><h3><span class=\"score {}\">{:.3}</span> {}",
        round3(doc.score),
        cats.join(" "),
        level(doc.score, options.review_at),
        round3(doc.score),
        escape(&doc.doc.id)
    );
    if let Some(l) = language {
        let _ = write!(html, " <span class=\"lang\">from {}?</span>", escape(l));
    }
    let _ = write!(
        html,
        "</h3><p class=\"meta\">{} sentences, {flagged} at or above {:.2}</p>",
        doc.sentences.len(),
        options.review_at
    );
    for (i, s) in doc.sentences.iter().enumerate() {
        if s.score < options.min_score {
            continue;
        }
        render_sentence(&mut html, text, i, s, options);
    }
    html.push_str("</section>\n");
    html
}

fn level(score: f64, review_at: f64) -> &'static str {
    if score >= review_at {
        "high"
    } else if score > 0.0 {
        "some"
    } else {
        "none"
    }
}

/// One sentence: its text with nested-free highlights, then its notes.
fn render_sentence(
    html: &mut String,
    text: &str,
    index: usize,
    s: &ScoredSentence,
    options: &OutputOptions,
) {
    let _ = write!(
        html,
        "<div class=\"s {}\"><span class=\"n\">{}</span><span class=\"sc\">{:.3}</span><p>",
        level(s.score, options.review_at),
        index + 1,
        round3(s.score)
    );
    // Cut the sentence at every finding boundary; each piece is highlighted
    // by the findings covering it, so overlapping spans never nest.
    let mut cuts: Vec<usize> = vec![s.span.start, s.span.end];
    for f in &s.findings {
        cuts.push(f.span.start.clamp(s.span.start, s.span.end));
        cuts.push(f.span.end.clamp(s.span.start, s.span.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let piece = escape(&text[a..b]);
        let covering: Vec<&Finding> = s
            .findings
            .iter()
            .filter(|f| f.span.start <= a && b <= f.span.end && f.span.start < f.span.end)
            .collect();
        match covering.iter().max_by(|x, y| x.weight.total_cmp(&y.weight)) {
            None => html.push_str(&piece),
            Some(top) => {
                let notes: Vec<String> = covering.iter().map(|f| note(f)).collect();
                let _ = write!(
                    html,
                    "<mark class=\"c-{}\" data-cat=\"{}\" title=\"{}\">{piece}</mark>",
                    top.category,
                    top.category,
                    escape(&notes.join("\n"))
                );
            }
        }
    }
    html.push_str("</p>");
    if !s.findings.is_empty() {
        html.push_str("<ul class=\"notes\">");
        for f in &s.findings {
            let _ = write!(
                html,
                "<li data-cat=\"{}\"><span class=\"chip\" style=\"background:{}\">{}</span> <code>{}</code> “{}”: {}",
                f.category,
                colour(f.category),
                f.category,
                escape(&f.rule),
                escape(&text[f.span.clone()]),
                escape(&f.message)
            );
            if let Some(sug) = &f.suggestion {
                let _ = write!(html, " <span class=\"sug\">→ {}</span>", escape(sug));
            }
            let _ = write!(html, " <small>weight {:.2}</small></li>", f.weight);
        }
        html.push_str("</ul>");
    }
    html.push_str("</div>");
}

fn note(f: &Finding) -> String {
    match &f.suggestion {
        Some(s) => format!("{}: {} → {}", f.rule, f.message, s),
        None => format!("{}: {}", f.rule, f.message),
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>mtaudit report</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#fff;border-bottom:1px solid #ddd;padding:12px 24px;position:sticky;top:0;z-index:1}
h1{font-size:20px;margin:0}h2{font-size:14px;margin:8px 0 4px;color:#555}
.summary{display:flex;gap:32px;flex-wrap:wrap}.bins td{padding:0 6px;font-size:13px}
.bar{display:inline-block;height:10px;background:#e76f51;vertical-align:middle}
.chip{display:inline-block;border-radius:10px;padding:0 8px;margin:2px;font-size:13px}
.langs{margin:0;padding-left:18px;font-size:13px}.controls{margin-top:8px}
#search{width:320px;padding:4px 8px}main{padding:12px 24px}
.doc{background:#fff;border:1px solid #ddd;border-radius:6px;margin:12px 0;padding:8px 16px}
.doc h3{font-size:15px;margin:4px 0;word-break:break-all}.meta{color:#777;font-size:12px;margin:0 0 6px}
.score{border-radius:4px;padding:0 6px;font-variant-numeric:tabular-nums}
.score.high{background:#e76f51;color:#fff}.score.some{background:#f4a261}.score.none{background:#e9ecef}
.lang{color:#555;font-weight:normal}
.s{display:grid;grid-template-columns:32px 48px 1fr;column-gap:6px;border-top:1px solid #f0f0f0;padding:2px 0}
.s p{margin:0;white-space:pre-wrap}.s .n{color:#aaa;font-size:12px}.s .sc{color:#888;font-size:12px;font-variant-numeric:tabular-nums}
.s.high{background:#fff4f0}.notes{grid-column:3;margin:2px 0 4px;padding-left:18px;font-size:13px;color:#444}
.sug{color:#2a9d8f}mark{border-radius:3px;padding:0 1px;cursor:help}
.hidden{display:none}.cat-off{background:none!important}
"#;

const TAIL: &str = r#"</main>
<script>
(function(){
  var docs=[].slice.call(document.querySelectorAll('section.doc'));
  var search=document.getElementById('search');
  var flaggedOnly=document.getElementById('flagged-only');
  var boxes=[].slice.call(document.querySelectorAll('#filters input'));
  function update(){
    var q=search.value.trim().toLowerCase();
    var on={};boxes.forEach(function(b){on[b.value]=b.checked;});
    var shown=0;
    docs.forEach(function(d){
      var cats=d.dataset.cats?d.dataset.cats.split(' '):[];
      var catOk=cats.length===0?!flaggedOnly.checked:cats.some(function(c){return on[c]!==false;});
      var textOk=!q||d.textContent.toLowerCase().indexOf(q)>=0;
      var vis=catOk&&textOk;d.classList.toggle('hidden',!vis);if(vis)shown++;
    });
    document.querySelectorAll('mark[data-cat], .notes li').forEach(function(m){
      m.classList.toggle('cat-off',on[m.dataset.cat]===false);
      if(m.tagName==='LI')m.classList.toggle('hidden',on[m.dataset.cat]===false);
    });
    document.getElementById('shown').textContent=shown+' of '+docs.length+' documents shown';
  }
  search.addEventListener('input',update);flaggedOnly.addEventListener('change',update);
  boxes.forEach(function(b){b.addEventListener('change',update);});
  update();document.body.dataset.ready='1';
})();
</script>
</body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Auditor, Document};

    fn report(docs: &[(&str, &str)]) -> String {
        let auditor = Auditor::builder()
            .build(&crate::lexicon::LexiconSet::embedded().unwrap())
            .unwrap();
        let mut out = Vec::new();
        let mut sink = HtmlReport::new(&mut out, OutputOptions::default());
        for (id, text) in docs {
            sink.write(&auditor.audit(Document::new(*id, *text)))
                .unwrap();
        }
        sink.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn document_text_is_escaped_and_highlights_carry_the_message() {
        let html = report(&[(
            "<b>id</b>",
            "He said « no » at 14h30. <script>alert('x')</script> & more.",
        )]);
        assert!(!html.contains("<script>alert"), "raw script in the report");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more."));
        assert!(html.contains("&lt;b&gt;id&lt;/b&gt;"));
        assert!(html.contains("<mark class=\"c-typography\""));
        assert!(html.contains("mark.c-typography{background:#9bf6ff}"));
        assert!(html.contains("title=\"typography/"));
        assert!(html.contains("</style></head><body>") && html.ends_with("</body></html>\n"));
        // One script only: the report's own.
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn documents_are_sorted_by_score_and_summarised() {
        let html = report(&[
            ("clean", "The council met on Monday."),
            (
                "foreign",
                "Prices rose by 5,2 % this year. He said « no » to the plan at 14h30.",
            ),
        ]);
        let first = html.find("foreign").unwrap();
        let second = html.find("clean</h3>").unwrap();
        assert!(first < second, "highest score first");
        assert!(html.contains("2 documents"));
        assert!(html.contains("value=\"typography\""));
    }

    #[test]
    fn overlapping_spans_never_nest_marks() {
        let html = report(&[(
            "d",
            "The minister assisted at the manifestation on Tuesday.",
        )]);
        let body = &html[html.find("<main>").unwrap()..];
        let mut depth = 0i32;
        for (i, _) in body.match_indices("mark") {
            match &body[i - 1..i] {
                "<" => depth += 1,
                "/" => depth -= 1,
                _ => {}
            }
            assert!((0..=1).contains(&depth), "nested mark");
        }
        assert_eq!(depth, 0);
    }
}
