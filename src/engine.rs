//! The engine: one object that holds the compiled lexicons and brand profiles and turns a page
//! snapshot into a report. Build it once (compiling the lexicons takes milliseconds) and reuse it.

use crate::ads;
use crate::directory::Directory;
use crate::judge::{self, BlockCache, TopicFinding};
use crate::lexicon::{Lexicon, Matcher};
use crate::mentions;
use crate::profile::{compile_terms, Profiles};
use crate::report::{Report, Stats};
use crate::risk;
use crate::signatures::Signatures;
use crate::snapshot::{Snapshot, SnapshotChanges};

/// Holds everything that is compiled once: lexicons, signatures, profiles.
pub struct Engine {
    lexicon: Lexicon,
    signatures: &'static Signatures,
    profiles: Profiles,
    /// Per brand (same order as `profiles.brands`), its own block/allow terms compiled per language.
    brand_terms: Vec<Option<Vec<Matcher>>>,
    /// Per brand, its names, products, campaigns and accounts compiled per language.
    brand_names: mentions::Names,
    /// The built-in brand directory: bundled in native builds, handed over by the extension.
    directory: Directory,
}

/// A page judged with [`Engine::scan_kept`], kept with its block analyses so that a change to it is
/// judged from the change alone ([`Engine::scan_changes`]): the extension's worker keeps one, so an
/// update does not send the whole page into the engine again.
#[derive(Default)]
pub struct KeptPage {
    snapshot: Snapshot,
    blocks: BlockCache,
}

impl KeptPage {
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    pub fn new() -> Engine {
        #[cfg(not(target_arch = "wasm32"))]
        let directory = Directory::bundled().clone();
        #[cfg(target_arch = "wasm32")]
        let directory = Directory::default();
        Engine {
            lexicon: Lexicon::builtin(),
            signatures: Signatures::get(),
            profiles: Profiles::default(),
            brand_terms: Vec::new(),
            brand_names: mentions::Names::compile(&[]),
            directory,
        }
    }

    /// Replaces the brand directory (see [`crate::directory`]).
    pub fn set_directory(&mut self, directory: Directory) {
        self.directory = directory;
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
        self.scan_with(snapshot, &mut BlockCache::default())
    }

    /// Judges a page and keeps it in `page`, in place of the page kept there before (whose block
    /// analyses serve for blocks of the same text).
    pub fn scan_kept(&self, page: &mut KeptPage, snapshot: Snapshot) -> Report {
        let judged = std::mem::replace(&mut page.snapshot, snapshot);
        page.blocks.find_by_text(judged.blocks);
        self.scan_with(&page.snapshot, &mut page.blocks)
    }

    /// Judges the page kept in `page` after `changes`, which it keeps: the report of
    /// [`Engine::scan`] of the changed page, analysing only the blocks that are new. Slots are
    /// judged afresh every time, so slots removed or moved cost nothing kept. Changes that
    /// [`Snapshot::apply`] refuses leave the page kept as it was.
    pub fn scan_changes(&self, page: &mut KeptPage, changes: SnapshotChanges) -> Result<Report, String> {
        let unchanged = page.snapshot.blocks.len();
        page.snapshot.apply(changes)?;
        page.blocks.unchanged_up_to(unchanged);
        Ok(self.scan_with(&page.snapshot, &mut page.blocks))
    }

    /// [`Engine::scan`] for a page judged again after it changed: the blocks that `cache` holds
    /// from the last judgement are not analysed again, and this judgement's blocks replace them
    /// there. The report is the same as [`Engine::scan`]'s.
    pub fn scan_with(&self, snapshot: &Snapshot, cache: &mut BlockCache) -> Report {
        let analysis = judge::analyse_with(&self.lexicon, &snapshot.blocks, snapshot.lang.as_deref(), cache);
        let topics = judge::judge(&analysis, &analysis.hits);
        let brands = &self.profiles.brands;
        let ads = snapshot
            .slots
            .iter()
            .map(|slot| {
                let advertiser = ads::identify(&slot.creative, brands, &self.directory, self.signatures);
                let index = advertiser.brand.as_ref().and_then(|b| brands.iter().position(|p| &p.name == b));
                let own_hits = index.and_then(|i| self.brand_terms[i].as_ref()).map(|matchers| analysis.hits_with_terms(matchers));
                let hits = own_hits.as_ref().unwrap_or(&analysis.hits);
                let page_topics = match &own_hits {
                    Some(h) => judge::judge(&analysis, h),
                    None => topics.clone(),
                };
                let adjacency = risk::Adjacency::of(slot, &snapshot.blocks);
                // What stands right beside the ad is judged on its own as well: a crime teaser next
                // to a slot on a sports page still stands beside that ad.
                let near = adjacency.all();
                let near_hits: Vec<_> = analysis
                    .blocks
                    .iter()
                    .zip(hits)
                    .map(|(b, h)| if near.contains(&b.block.id) { h.clone() } else { Vec::new() })
                    .collect();
                let near_topics = judge::judge(&analysis, &near_hits);
                risk::assess(slot, advertiser, index.map(|i| &brands[i]), &page_topics, &near_topics, adjacency)
            })
            .collect();
        let report = Report {
            url: snapshot.url.clone(),
            title: snapshot.title.clone(),
            language: analysis.language.map(|l| l.code().to_string()),
            mentions: mentions::find(&self.brand_names, brands, snapshot, &analysis),
            stats: Stats {
                blocks: snapshot.blocks.len(),
                words: analysis.blocks.iter().map(|b| b.words.len()).sum(),
                slots: snapshot.slots.len(),
            },
            topics,
            ads,
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            skipped: snapshot.skipped.clone(),
        };
        cache.keep(analysis);
        report
    }
}
