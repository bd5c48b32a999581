//! The engine: one object that holds the compiled lexicons and brand profiles and turns a page
//! snapshot into a report. Build it once (compiling the lexicons takes milliseconds) and reuse it.

use crate::ads;
use crate::judge::{self, TopicFinding};
use crate::lexicon::{Lexicon, Matcher};
use crate::mentions;
use crate::profile::{compile_terms, Profiles};
use crate::report::{Report, Stats};
use crate::risk;
use crate::signatures::Signatures;
use crate::snapshot::Snapshot;

/// Holds everything that is compiled once: lexicons, signatures, profiles.
pub struct Engine {
    lexicon: Lexicon,
    signatures: &'static Signatures,
    profiles: Profiles,
    /// Per brand (same order as `profiles.brands`), its own block/allow terms compiled per language.
    brand_terms: Vec<Option<Vec<Matcher>>>,
    /// Per brand, its names, products, campaigns and accounts compiled per language.
    brand_names: mentions::Names,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    pub fn new() -> Engine {
        Engine { lexicon: Lexicon::builtin(), signatures: Signatures::get(), profiles: Profiles::default(), brand_terms: Vec::new(), brand_names: mentions::Names::compile(&[]) }
    }

    /// Replaces the brand profiles. They must be valid ([`Profiles::from_json`] validates).
    pub fn set_profiles(&mut self, profiles: Profiles) {
        self.brand_terms = profiles.brands.iter().map(compile_terms).collect();
        self.brand_names = mentions::Names::compile(&profiles.brands);
        self.profiles = profiles;
    }

    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Judges a single text; the language is detected unless given.
    pub fn judge_text(&self, text: &str, lang: Option<&str>) -> Vec<TopicFinding> {
        judge::judge_text(&self.lexicon, text, lang).1
    }

    /// Judges a page: its topics, every ad placement with its advertiser and risk, brand mentions.
    pub fn scan(&self, snapshot: &Snapshot) -> Report {
        let analysis = judge::analyse(&self.lexicon, &snapshot.blocks, snapshot.lang.as_deref());
        let topics = judge::judge(&analysis, &analysis.hits);
        let brands = &self.profiles.brands;
        let ads = snapshot
            .slots
            .iter()
            .map(|slot| {
                let advertiser = ads::identify(&slot.creative, brands, self.signatures);
                let index = advertiser.brand.as_ref().and_then(|b| brands.iter().position(|p| &p.name == b));
                let own_topics = index.and_then(|i| self.brand_terms[i].as_ref()).map(|matchers| {
                    let hits = analysis.hits_with_terms(matchers);
                    judge::judge(&analysis, &hits)
                });
                let beside = risk::beside(slot, &snapshot.blocks);
                risk::assess(slot, advertiser, index.map(|i| &brands[i]), own_topics.as_deref().unwrap_or(&topics), beside)
            })
            .collect();
        Report {
            url: snapshot.url.clone(),
            title: snapshot.title.clone(),
            language: analysis.language.map(|l| l.code().to_string()),
            mentions: mentions::find(&self.brand_names, brands, snapshot, &analysis),
            stats: Stats {
                blocks: snapshot.blocks.len(),
                words: analysis.blocks.iter().map(|b| b.stemmed.tokens.len()).sum(),
                slots: snapshot.slots.len(),
            },
            topics,
            ads,
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            skipped: snapshot.skipped.clone(),
        }
    }
}
