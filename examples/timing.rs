use std::time::Instant;
fn main() {
    let t = Instant::now();
    let set = mtaudit::lexicon::LexiconSet::embedded().unwrap();
    eprintln!("load {:?}", t.elapsed());
    let t = Instant::now();
    let det = mtaudit::detect::registry(&set).unwrap();
    eprintln!("compile {:?}", t.elapsed());
    let text = std::fs::read_to_string("fixtures/example-article.txt").unwrap();
    let doc = mtaudit::document::Segmented::new(&text);
    for d in &det {
        let t = Instant::now();
        let mut out = Vec::new();
        d.detect(&doc, &mut out);
        eprintln!("{} first {:?}", d.id(), t.elapsed());
        let t = Instant::now();
        d.detect(&doc, &mut out);
        eprintln!("{} second {:?}", d.id(), t.elapsed());
        if std::env::var("LOOP").is_ok() {
            for _ in 0..200 {
                d.detect(&doc, &mut out);
            }
        }
    }
}
