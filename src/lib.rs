//! # BrandLens
//!
//! BrandLens judges a web page the way a careful brand-safety reviewer would: it finds the page's
//! ad placements and who pays for them, judges the text beside them for the 11 IAB Content
//! Taxonomy 3.1 *Sensitive Topics* in four GARM risk tiers (floor, high, medium, low), in Dutch,
//! English, German and French, and shows its evidence: the words that fired, the sentence they stand
//! in, and the lexicon line responsible.
//!
//! The crate is platform-free. The browser extension reaches it through one bridge module
//! (`bridge`, wasm32 only); the `brandlens` command-line tool runs the same [`Engine`] over saved
//! HTML ([`html`], native only).
//!
//! ## The model
//!
//! A page arrives as a [`Snapshot`]: text blocks with their role (title, body, comment, navigation…)
//! and candidate ad slots with what their creatives show. [`Engine::scan`] turns it into a
//! [`Report`]:
//!
//! 1. every block is [normalised](normalize), its words looked up in the thread's [vocabulary],
//!    stemmed in its detected [language] and matched word by word against the
//!    [lexicons](lexicon) (`data/lexicons/`);
//! 2. [judge] drops word-sense traps and negated terms, weighs blocks by role and decides each
//!    topic's tier from how it is treated;
//! 3. [ads] identifies each slot's advertiser, [risk] weighs the topics against the advertiser's
//!    [profile];
//! 4. [mentions] finds the profiles' brands named in the page and reads each mention's
//!    [sentiment], speaker, situation, urgency and the advice that follows (`docs/mentions.md`).
//!
//! A page that changes while it is read is judged incrementally: [`Engine::scan_kept`] keeps it in
//! a [`KeptPage`](engine::KeptPage) with its block analyses, and [`Engine::scan_changes`] judges
//! it again from its changes alone, analysing only the new blocks, for the report
//! [`Engine::scan`] gives the changed page.
//!
//! ```
//! use brandlens::{Engine, Snapshot, snapshot::{Block, Role}};
//!
//! let engine = Engine::new();
//! let text = "De politie onderzoekt een reeks zedenmisdrijven. De verdachte wordt beschuldigd van \
//!             seksueel misbruik van minderjarigen in een sportvereniging.";
//! let page = Snapshot {
//!     url: "https://nieuws.example/zedenzaak".into(),
//!     blocks: vec![Block { id: 0, text: text.into(), role: Role::Body, ..Default::default() }],
//!     ..Default::default()
//! };
//! let report = engine.scan(&page);
//! assert_eq!(report.language.as_deref(), Some("nl"));
//! let crime = &report.topics[0];
//! assert_eq!((crime.id.as_str(), crime.tier.as_str()), ("XtODT3", "high"));
//! assert!(crime.evidence.iter().any(|e| e.term == "seksueel misbruik van minderjarigen"));
//! ```
//!
//! Word-sense traps do not fire:
//!
//! ```
//! let engine = brandlens::Engine::new();
//! assert!(engine.judge_text("Tips voor je eerste fotoshoot: schiet in de ochtend bij zacht licht.", None).is_empty());
//! assert!(engine.judge_text("This killer recipe for brownies is to die for.", None).is_empty());
//! ```

pub mod ads;
pub mod directory;
pub mod engine;
pub mod fasthash;
pub mod filters;
pub mod judge;
pub mod language;
pub mod line_table;
pub mod lexicon;
pub mod lexicon_syntax;
pub mod mentions;
pub mod normalize;
pub mod profile;
pub mod report;
pub mod sentiment;
pub mod risk;
pub mod signatures;
pub mod snapshot;
pub mod taxonomy;
pub mod vocabulary;

#[cfg(not(target_arch = "wasm32"))]
pub mod html;

#[cfg(target_arch = "wasm32")]
pub mod bridge;

pub use engine::Engine;
pub use profile::Profiles;
pub use report::Report;
pub use snapshot::Snapshot;
