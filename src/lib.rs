//! mtaudit finds the marks that machine translation leaves in English text.
//!
//! The work is one pipeline, and each arrow is a plain data type:
//!
//! ```text
//! input  →  segment  →  detect  →  score  →  output
//! Document   Sentence    Finding    ScoredDocument   CSV / JSONL
//! ```
//!
//! [`input`] turns files, folders, stdin, JSONL, CSV, RSS/Atom feeds and
//! HTML pages into [`Document`]s;
//! [`segment`] splits a document into [`Sentence`] spans with exact byte
//! offsets; every [`detect::Detector`] reads a segmented document and pushes
//! [`detect::Finding`]s; [`score`] turns findings into sentence and document
//! scores in `[0, 1]`; [`output`] writes the scored documents. [`Auditor`]
//! ties the middle three together for one document at a time, so callers can
//! stream documents through it in any order or on any thread. Repetition
//! across documents is the one step that needs the whole feed: [`corpus`]
//! makes that pass over the scored documents, in input order.
//!
//! Lexicon-driven detectors read their rules from TOML files in
//! `lexicons/`, embedded in the binary and overridable by the user
//! (see [`lexicon`]).

pub mod audit;
pub mod calibration;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod detect;
pub mod document;
pub mod error;
mod fasthash;
pub mod input;
pub mod lang;
pub mod lexicon;
mod lowercase;
mod memory;
pub mod output;
pub(crate) mod parallel;
pub mod policy;
pub mod progress;
pub mod run;
pub mod score;
pub mod segment;
pub(crate) mod words;

pub use audit::{Auditor, AuditorBuilder, SelectError};
pub use document::{Document, Sentence};
pub use score::{ScoredDocument, ScoredSentence};
