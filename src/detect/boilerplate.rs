//! `boilerplate`: page chrome and injected links that scraping and
//! republishing leave in article text ("Read also:", "Leave a Reply",
//! "[ad_1]", share prompts, chatbot refusals). Chrome that native sites print
//! too has weight 0: it is reported so a reviewer can strip it, but it is not
//! evidence of translation. Machine-translated chrome ("Read also", "Article
//! reserved for subscribers") carries weight and points to its language.
//! The rules live in `lexicons/boilerplate.toml`.

use super::lexical::LexicalDetector;
use super::Category;
use crate::lexicon::LexiconSet;

pub const ID: &str = "boilerplate";

pub fn detector(lexicons: &LexiconSet) -> LexicalDetector {
    LexicalDetector::new(
        ID,
        Category::Boilerplate,
        "scraped page chrome (share prompts, comment forms, \"Read also:\"); reported, scored only when machine-translated",
        lexicons,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Auditor;
    use crate::detect::Category;
    use crate::document::Document;

    #[test]
    fn native_comment_box_is_reported_but_not_scored() {
        let auditor = Auditor::builder()
            .only(["boilerplate".into()])
            .build(&LexiconSet::embedded().unwrap())
            .unwrap();
        let text = "Council approves new bus lanes\n\nThe council voted on Tuesday to add two bus lanes.\n\nLeave a Reply\nYour email address will not be published. Required fields are marked *";
        let scored = auditor.audit(Document::new("d", text));
        assert!(scored.categories().contains(&Category::Boilerplate));
        assert_eq!(scored.score, 0.0);
    }
}
