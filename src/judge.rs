//! Judging text for sensitive topics: which topics, at which tier, and the evidence for each.
//!
//! Judging runs in two steps so that brand profiles can re-use the expensive part:
//! 1. [`analyse`] tokenises, detects the language of, stems and matches every block, then drops the
//!    hits that a careful reader would not count: a term inside a word-sense trap (`[not]`), a term
//!    right after a negation. Terms in quoted or reported speech count half.
//! 2. [`aggregate`] adds the surviving hits up per topic, weighting each block by its role, and
//!    decides the tier from how the topic is treated (promotion, graphic detail, educational framing).
//!
//! A page that changes (live posts, late ad slots) is judged again as a whole, but its unchanged
//! blocks need not be analysed again: [`analyse_with`] takes each block's analysis (its words,
//! hits and the hits that count) from a [`BlockCache`] of the previous judgement when the block's
//! text is the same, and [`BlockCache::keep`] keeps this judgement's analyses for the next one.
//! Only adding the hits up per topic ([`aggregate`]) runs over the whole page again.
//!
//! Every number that decides a judgement is a constant in this file.

use crate::language::{self, Language};
use crate::lexicon::{Hit, Lexicon, Matcher, Rule};
use crate::lexicon_syntax::Section;
use crate::normalize::{fold, sentence_spans};
use crate::sentiment::BlockTone;
use crate::vocabulary::{self, Words};
use crate::snapshot::{Block, Role};
use crate::taxonomy::{topics, Tier, TopicIndex};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::collections::HashMap;

/// How much a block's terms count, by the block's role. Page furniture counts a fifth of body text.
pub fn role_weight(role: Role) -> f64 {
    match role {
        Role::Title => 2.0,
        Role::Heading => 1.5,
        Role::Body | Role::Comment => 1.0,
        Role::Caption => 0.8,
        Role::Navigation | Role::Related | Role::Footer | Role::Banner => 0.2,
    }
}

/// Score at which a topic is reported in a page-length text (see [`SHORT_TEXT_THRESHOLD`]).
pub const TOPIC_THRESHOLD: f64 = 5.0;
/// Score at which a topic is reported in a short text (a paragraph, a comment): there one strong term
/// is the subject, while in a long page it may be an aside. The threshold grows linearly from this
/// value to [`TOPIC_THRESHOLD`] as the scope's content grows to [`LONG_TEXT_WORDS`].
pub const SHORT_TEXT_THRESHOLD: f64 = 2.5;
/// Content words (boilerplate excluded) from which a text counts as page-length.
pub const LONG_TEXT_WORDS: usize = 250;
/// A topic is reported only when at least one hit comes from a lexicon entry this strong (or from a
/// graphic or promotion entry) in the page's own content: supporting words alone ("arrested",
/// "court") never make a topic, nor do headlines of other articles in "most read" lists and menus.
pub const MIN_ANCHOR_WEIGHT: u8 = 3;
/// Each further occurrence of the same rule counts this fraction of the previous one.
pub const REPEAT_DECAY: f64 = 0.6;
/// A term within this many words after a negation does not count.
pub const NEGATION_WINDOW: usize = 3;
/// Factor for terms in a sentence with quotation or hearsay framing.
pub const REPORTED_FACTOR: f64 = 0.5;
/// Promotion score that makes a topic floor.
pub const FLOOR_PROMOTION: f64 = 4.0;
/// Graphic score that makes a topic high.
pub const HIGH_GRAPHIC: f64 = 4.0;
/// Graphic score that, with hard-news framing, makes a topic high.
pub const HIGH_GRAPHIC_WITH_NEWS: f64 = 2.5;
/// News cues that confirm graphic reporting.
pub const NEWS_CUES_FOR_HIGH: f64 = 2.0;
/// What one language-wide graphic or promotion cue (`_cues.txt`) adds to the graphic or promotion
/// score of every topic found in its block. Two cues, or one cue beside a topic's own graphic or
/// promotion entry, are needed to move a tier: one word of colour is not a treatment.
pub const CUE_WEIGHT: f64 = 2.0;
/// Educational score that makes a topic low.
pub const LOW_EDUCATIONAL: f64 = 3.0;
/// Evidence items kept per topic.
pub const MAX_EVIDENCE: usize = 5;
/// Longest evidence snippet, in characters.
pub const MAX_SNIPPET_CHARS: usize = 280;

/// Why a topic was reported: one term, where it stands, and the rule responsible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The words as they appear on the page.
    pub term: String,
    /// The sentence they stand in.
    pub snippet: String,
    /// The block's id in the snapshot.
    pub block: u32,
    pub role: Role,
    /// Lexicon file and line, e.g. `nl/crime.txt:12`.
    pub rule: String,
    /// Lexicon section: `terms`, `graphic`, `promotion`.
    pub kind: String,
    /// What it added to the score.
    pub weight: f64,
}

/// Where a finding comes from: the page's content, or its comment section judged on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Page,
    Comments,
}

/// A sensitive topic found in a page or text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicFinding {
    /// IAB Content Taxonomy 3.1 ID.
    pub id: String,
    pub name: String,
    pub tier: Tier,
    pub score: f64,
    pub scope: Scope,
    pub evidence: Vec<Evidence>,
}

/// A rule hit that survived traps and negation, with what it is worth.
#[derive(Debug, Clone)]
pub struct ScoredHit<'a> {
    pub rule: &'a Rule,
    pub first: usize,
    pub last: usize,
    /// Weight after the quotation factor, before role weighting.
    pub weight: f64,
}

/// One block after matching.
pub struct BlockAnalysis<'a> {
    pub block: &'a Block,
    /// The language its own words show, if they show one.
    pub detected: Option<Language>,
    /// The language it was judged in: `detected`, else the block's or the page's.
    pub language: Language,
    /// Its words: where each stands in the text, and its folded form.
    pub words: Words,
    /// The block's sentences ([`BlockAnalysis::sentences`]), split when first asked for: most blocks
    /// of a page have no hit and never need them.
    sentences: OnceCell<Vec<(usize, usize)>>,
    /// Its sentiment cues and tone for brand mentions ([`crate::mentions`]), read when first asked for: only
    /// pages judged with brand profiles need them.
    pub tone: OnceCell<BlockTone>,
    /// Every rule found, before traps and negation are applied.
    pub raw: Vec<(&'a Rule, Hit)>,
    /// Its text's hash and length, when known from the cache (see [`BlockMemo::text`]).
    text_key: Option<(u64, usize)>,
    /// Counts of language-wide cues: educational and hard-news framing.
    pub educational_cues: f64,
    pub news_cues: f64,
    /// Counts of language-wide graphic-detail and selling cues.
    pub graphic_cues: f64,
    pub promotion_cues: f64,
}

/// All blocks of a page after matching.
pub struct Analysis<'a> {
    pub language: Option<Language>,
    pub blocks: Vec<BlockAnalysis<'a>>,
    /// The hits that count, per block (same order as `blocks`).
    pub hits: Vec<Vec<ScoredHit<'a>>>,
}

/// Detects languages, matches and filters every block. `page_lang` is the document's `lang` attribute.
pub fn analyse<'a>(lexicon: &'a Lexicon, blocks: &'a [Block], page_lang: Option<&str>) -> Analysis<'a> {
    analyse_with(lexicon, blocks, page_lang, &mut BlockCache::default())
}

/// A block's analysis kept from one judgement for the next: everything but the block itself.
struct BlockMemo {
    /// Its block's text's hash and length: a memo is taken for the block at its place only if
    /// they agree (see [`BlockCache::take`]).
    text: (u64, usize),
    detected: Option<Language>,
    language: Language,
    words: Words,
    sentences: OnceCell<Vec<(usize, usize)>>,
    tone: OnceCell<BlockTone>,
    raw: Vec<Hit>,
    /// Which raw hits count: they depend on the block alone, so a kept block is not filtered again.
    scored: Vec<(u32, f64)>,
}

fn text_key(text: &str) -> (u64, usize) {
    use std::hash::Hasher;
    let mut hasher = crate::fasthash::FastHasher::default();
    hasher.write(text.as_bytes());
    (hasher.finish(), text.len())
}

/// Analyses of the blocks of the last page judged (see the module's doc), in the order of its
/// blocks, which they do not copy: a page of 2 MB of text would be held twice, and the engine's
/// memory is the most it ever held (a WebAssembly memory never shrinks).
///
/// A block judged again at the same place (a kept page after its changes: they only add blocks) is
/// found by its place, checked by its text's hash and length. For another snapshot of the page, the
/// blocks judged last are handed over ([`BlockCache::find_by_text`]) and their texts become the keys.
#[derive(Default)]
pub struct BlockCache {
    memos: Vec<Option<BlockMemo>>,
    /// Whether analyses are found by text (for another snapshot), not by place.
    by_text: bool,
    /// When by text: the place of each text of the blocks judged last.
    places: crate::fasthash::FastMap<String, u32>,
    /// When by place: the blocks below this place are known to be those judged last (a kept page
    /// that changes only gains blocks), so their texts are not hashed to check.
    unchanged: usize,
}

impl BlockCache {
    /// Keeps an analysis's blocks for the next judgement, in place of what was kept before.
    pub fn keep(&mut self, analysis: Analysis) {
        let Analysis { blocks, hits, .. } = analysis;
        // In place of what was kept before, and in the analyses' own vector: collected from it,
        // the memos take its memory rather than as much again beside it.
        let memos = blocks
            .into_iter()
            .zip(hits)
            .map(|(b, hits)| {
                // A block whose hits are not all among its raw hits (an analysis put together by
                // hand) is not kept: it is analysed afresh next time.
                let scored = b.places_of(&hits)?;
                let raw = b.raw.iter().map(|&(_, hit)| hit).collect();
                let text = b.text_key.unwrap_or_else(|| text_key(&b.block.text));
                let (detected, language, words, sentences, tone) = (b.detected, b.language, b.words, b.sentences, b.tone);
                Some(BlockMemo { text, detected, language, words, sentences, tone, raw, scored })
            })
            .collect();
        *self = BlockCache { memos, by_text: false, places: Default::default(), unchanged: 0 };
    }

    /// For the next judgement only: the blocks at the first `places` places are those judged last,
    /// unchanged (the kept page gained blocks after them, [`crate::snapshot::Snapshot::apply`]).
    pub fn unchanged_up_to(&mut self, places: usize) {
        if !self.by_text {
            self.unchanged = places.min(self.memos.len());
        }
    }

    /// For a judgement of another snapshot: `judged` are the blocks judged last, whose analyses
    /// are kept; from now on an analysis is found by its block's text, wherever it stands. A text
    /// that stood twice is found once, as its last block's.
    pub fn find_by_text(&mut self, judged: Vec<Block>) {
        if self.memos.is_empty() {
            return;
        }
        self.by_text = true;
        self.places = crate::fasthash::FastMap::with_capacity_and_hasher(self.memos.len(), Default::default());
        for (place, block) in judged.into_iter().enumerate().take(self.memos.len()) {
            self.places.insert(block.text, place as u32);
        }
    }

    /// The analysis kept for the block at `place` with this text, given up.
    fn take(&mut self, place: usize, text: &str) -> Option<BlockMemo> {
        // By text once asked to, even when every text was taken: a block at a taken text's place is
        // another block.
        if !self.by_text {
            let memo = self.memos.get_mut(place)?;
            let same = place < self.unchanged || memo.as_ref()?.text == text_key(text);
            return if same { memo.take() } else { None };
        }
        let place = self.places.remove(text)?;
        self.memos[place as usize].take()
    }

    /// How many blocks are kept.
    pub fn len(&self) -> usize {
        self.memos.iter().flatten().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A block before matching: its words (with their ids in the vocabulary) and detected language,
/// fresh or from the cache.
enum Prepared {
    Fresh(Words, Option<Language>),
    /// Boxed: most blocks are fresh, and a vector of a page's blocks is held beside their analyses.
    Kept(Box<BlockMemo>),
}

impl Prepared {
    fn detected(&self) -> Option<Language> {
        match self {
            Prepared::Fresh(_, detected) => *detected,
            Prepared::Kept(memo) => memo.detected,
        }
    }

    fn word_count(&self) -> usize {
        match self {
            Prepared::Fresh(words, _) => words.len(),
            Prepared::Kept(memo) => memo.words.len(),
        }
    }
}

/// [`analyse`], taking the analysis of each block whose text `cache` holds from there (the cache
/// gives them up; [`BlockCache::keep`] them again after judging).
pub fn analyse_with<'a>(lexicon: &'a Lexicon, blocks: &'a [Block], page_lang: Option<&str>, cache: &mut BlockCache) -> Analysis<'a> {
    vocabulary::with(|vocabulary| {
        vocabulary.make_room();
        let prepared: Vec<Prepared> = blocks
            .iter()
            .enumerate()
            .map(|(place, b)| {
                // A first judgement's empty cache is not asked: asking hashes the block's text.
                let kept = if cache.memos.is_empty() { None } else { cache.take(place, &b.text) };
                match kept {
                    Some(memo) => Prepared::Kept(Box::new(memo)),
                    None => {
                        let words = vocabulary.words(&b.text);
                        let detected = language::detect_words(vocabulary, &words);
                        Prepared::Fresh(words, detected)
                    }
                }
            })
            .collect();
        let mut words_per_language = [0usize; 4];
        for p in &prepared {
            if let Some(l) = p.detected() {
                words_per_language[l.index()] += p.word_count();
            }
        }
        let page_attr = page_lang.and_then(Language::from_code);
        let page_language = Language::ALL
            .into_iter()
            .filter(|l| words_per_language[l.index()] > 0)
            .max_by_key(|l| (words_per_language[l.index()], Some(*l) == page_attr))
            .or(page_attr);
        let mut hits = Vec::with_capacity(blocks.len());
        let analysed = blocks
            .iter()
            .zip(prepared)
            .map(|(block, prepared)| {
                let detected = prepared.detected();
                let language = detected
                    .or_else(|| block.lang.as_deref().and_then(Language::from_code))
                    .or(page_language)
                    .unwrap_or(Language::En);
                let matcher = lexicon.matcher(language);
                let (words, text_key) = match prepared {
                    Prepared::Kept(memo) if memo.language == language => {
                        // Its hits stand (they are word positions), but its ids are looked up
                        // again if the vocabulary was emptied since: later matchers (a brand's
                        // terms, mentions) read them, and the cache keeps them for next time.
                        let BlockMemo { text, words, sentences, tone, raw, scored, .. } = *memo;
                        let mut words = words;
                        vocabulary.refresh(&block.text, &mut words);
                        let raw: Vec<_> = raw.iter().map(|&h| (&matcher.rules[h.rule], h)).collect();
                        hits.push(scored.iter().map(|&(place, weight)| scored_hit(&raw, place, weight)).collect());
                        let mut analysis = block_analysis(block, detected, language, words, sentences, raw);
                        analysis.tone = tone;
                        analysis.text_key = Some(text);
                        return analysis;
                    }
                    // Judged in another language before (the page's language changed): match again.
                    Prepared::Kept(memo) => (memo.words, Some(memo.text)),
                    Prepared::Fresh(words, _) => (words, None),
                };
                let mut words = words;
                vocabulary.refresh(&block.text, &mut words);
                let raw = matcher.find_words(vocabulary, &words).into_iter().map(|h| (&matcher.rules[h.rule], h)).collect();
                let mut analysis = block_analysis(block, detected, language, words, OnceCell::new(), raw);
                analysis.text_key = text_key;
                hits.push(filter_hits(&analysis, &analysis.raw));
                analysis
            })
            .collect::<Vec<_>>();
        Analysis { language: page_language, blocks: analysed, hits }
    })
}

impl<'a> Analysis<'a> {
    /// The hits that count once a brand's own terms are added: its block terms as extra rules, its
    /// allow terms as extra word-sense traps. `matchers` holds one matcher per language.
    pub fn hits_with_terms(&self, matchers: &'a [Matcher]) -> Vec<Vec<ScoredHit<'a>>> {
        self.blocks
            .iter()
            .map(|block| {
                let matcher = &matchers[block.language.index()];
                let mut raw = block.raw.clone();
                raw.extend(matcher.find(&block.block.text, &block.words).into_iter().map(|h| (&matcher.rules[h.rule], h)));
                filter_hits(block, &raw)
            })
            .collect()
    }
}

fn block_analysis<'a>(
    block: &'a Block,
    detected: Option<Language>,
    language: Language,
    words: Words,
    sentences: OnceCell<Vec<(usize, usize)>>,
    raw: Vec<(&'a Rule, Hit)>,
) -> BlockAnalysis<'a> {
    let cues = |section| raw.iter().filter(|(r, _)| r.topic.is_none() && r.section == section).count() as f64;
    let (educational_cues, news_cues) = (cues(Section::Educational), cues(Section::News));
    let (graphic_cues, promotion_cues) = (cues(Section::Graphic), cues(Section::Promotion));
    let (text_key, tone) = (None, OnceCell::new());
    BlockAnalysis { block, detected, language, words, sentences, tone, raw, text_key, educational_cues, news_cues, graphic_cues, promotion_cues }
}

impl<'a> BlockAnalysis<'a> {
    /// `hits` (of [`Analysis::hits`]) as places in `raw`, with what each is worth, to keep; `None`
    /// if one of them is not a raw hit.
    fn places_of(&self, hits: &[ScoredHit]) -> Option<Vec<(u32, f64)>> {
        let place = |hit: &ScoredHit| {
            self.raw.iter().position(|(rule, h)| std::ptr::eq(*rule, hit.rule) && h.first == hit.first && h.last == hit.last)
        };
        hits.iter().map(|hit| Some((place(hit)? as u32, hit.weight))).collect()
    }

    /// Byte ranges of the block's sentences ([`sentence_spans`]).
    pub fn sentences(&self) -> &[(usize, usize)] {
        self.sentences.get_or_init(|| sentence_spans(&self.block.text))
    }

    /// The sentence a word stands in (0 if none: a word never starts in white space between them).
    pub fn sentence_of(&self, word: usize) -> usize {
        sentence_at(self.sentences(), self.words[word].start())
    }

    /// The page's own words for a hit.
    pub fn term(&self, first: usize, last: usize) -> &str {
        &self.block.text[self.words[first].start()..self.words[last].end(&self.block.text)]
    }

    /// The sentence a hit stands in, shortened around the hit when long.
    pub fn snippet(&self, hit: &ScoredHit) -> String {
        let (s, e) = self.sentences().get(self.sentence_of(hit.first)).copied().unwrap_or((0, self.block.text.len()));
        let sentence = &self.block.text[s..e];
        if sentence.chars().count() <= MAX_SNIPPET_CHARS {
            return sentence.to_string();
        }
        let term_start = self.words[hit.first].start().saturating_sub(s);
        let chars: Vec<(usize, char)> = sentence.char_indices().collect();
        let centre = chars.iter().position(|&(i, _)| i >= term_start).unwrap_or(0);
        let from = centre.saturating_sub(MAX_SNIPPET_CHARS / 3);
        let to = (from + MAX_SNIPPET_CHARS).min(chars.len());
        let mut out = String::new();
        if from > 0 {
            out.push('…');
        }
        out.extend(chars[from..to].iter().map(|&(_, c)| c));
        if to < chars.len() {
            out.push('…');
        }
        out
    }
}

/// The index of the sentence (of `sentences`, in order and disjoint) that holds byte `offset`; 0 if none.
pub fn sentence_at(sentences: &[(usize, usize)], offset: usize) -> usize {
    let after = sentences.partition_point(|&(start, _)| start <= offset);
    match after.checked_sub(1) {
        Some(i) if offset < sentences[i].1 => i,
        _ => 0,
    }
}

fn scored_hit<'a>(raw: &[(&'a Rule, Hit)], place: u32, weight: f64) -> ScoredHit<'a> {
    let (rule, hit) = raw[place as usize];
    ScoredHit { rule, first: hit.first, last: hit.last, weight }
}

/// Drops hits inside word-sense traps and after negations; halves hits in reported speech.
fn filter_hits<'a>(block: &BlockAnalysis, raw: &[(&'a Rule, Hit)]) -> Vec<ScoredHit<'a>> {
    if raw.is_empty() {
        return Vec::new();
    }
    let traps: Vec<_> = raw.iter().filter(|(r, _)| r.section == Section::Not).map(|(_, h)| (h.first, h.last)).collect();
    let negations: Vec<_> = raw.iter().filter(|(r, _)| r.section == Section::Negation).map(|(_, h)| h.last).collect();
    let reporting: Vec<_> =
        raw.iter().filter(|(r, _)| r.section == Section::Reporting).map(|(_, h)| block.sentence_of(h.first)).collect();
    let mut kept = Vec::new();
    for &(rule, hit) in raw {
        if rule.topic.is_none() || rule.section == Section::Not {
            continue;
        }
        if traps.iter().any(|&(f, l)| hit.first <= l && f <= hit.last) {
            continue;
        }
        // Only the longest phrase counts where phrases of one topic nest ("misbruik van
        // minderjarigen" inside "seksueel misbruik van minderjarigen").
        let nested = raw.iter().any(|&(other, o)| {
            other.topic == rule.topic
                && matches!(other.section, Section::Terms | Section::Graphic | Section::Promotion)
                && o.first <= hit.first
                && hit.last <= o.last
                && (o.last - o.first) > (hit.last - hit.first)
        });
        if nested && rule.section != Section::Educational {
            continue;
        }
        // Sentences are asked for only where a negation or reporting cue is near: most blocks need
        // them for evidence alone, and most blocks give none.
        let negated = negations
            .iter()
            .any(|&n| n < hit.first && hit.first - n <= NEGATION_WINDOW && block.sentence_of(n) == block.sentence_of(hit.first));
        if negated {
            continue;
        }
        let reported = !reporting.is_empty() && reporting.contains(&block.sentence_of(hit.first));
        let factor = if reported { REPORTED_FACTOR } else { 1.0 };
        kept.push(ScoredHit { rule, first: hit.first, last: hit.last, weight: rule.weight as f64 * factor });
    }
    kept
}

#[derive(Default)]
struct TopicTally<'h, 'a> {
    score: f64,
    graphic: f64,
    promotion: f64,
    educational: f64,
    news: f64,
    /// Whether a decisive entry (see [`MIN_ANCHOR_WEIGHT`]) fired.
    anchored: bool,
    contributions: Vec<(f64, usize, &'h ScoredHit<'a>)>,
}

/// Adds hits up per topic over the blocks of one scope. `hits` is [`Analysis::hits`] or
/// [`Analysis::hits_with_terms`].
pub fn aggregate(analysis: &Analysis, hits: &[Vec<ScoredHit>], scope: Scope) -> Vec<TopicFinding> {
    let mut tallies: HashMap<TopicIndex, TopicTally> = HashMap::new();
    let mut repeats: HashMap<*const Rule, i32> = HashMap::new();
    for (b, block) in analysis.blocks.iter().enumerate() {
        let in_scope = (block.block.role == Role::Comment) == (scope == Scope::Comments);
        if !in_scope {
            continue;
        }
        let role = role_weight(block.block.role);
        let mut topics_here = Vec::new();
        for hit in &hits[b] {
            let topic = hit.rule.topic.expect("topic hits only");
            let seen = repeats.entry(hit.rule as *const Rule).or_insert(0);
            let value = hit.weight * role * REPEAT_DECAY.powi(*seen);
            *seen += 1;
            let tally = tallies.entry(topic).or_default();
            match hit.rule.section {
                Section::Educational => tally.educational += value,
                section => {
                    tally.score += value;
                    tally.anchored |= !block.block.role.is_boilerplate()
                        && (hit.rule.weight >= MIN_ANCHOR_WEIGHT || section != Section::Terms);
                    if section == Section::Graphic {
                        tally.graphic += value;
                    } else if section == Section::Promotion {
                        tally.promotion += value;
                    }
                    tally.contributions.push((value, b, hit));
                }
            }
            if !topics_here.contains(&topic) {
                topics_here.push(topic);
            }
        }
        for topic in topics_here {
            let tally = tallies.get_mut(&topic).unwrap();
            tally.educational += block.educational_cues * role;
            tally.news += block.news_cues * role;
            tally.graphic += block.graphic_cues * CUE_WEIGHT * role;
            tally.promotion += block.promotion_cues * CUE_WEIGHT * role;
        }
    }
    let content_words: usize = analysis
        .blocks
        .iter()
        .filter(|b| !b.block.role.is_boilerplate() && (b.block.role == Role::Comment) == (scope == Scope::Comments))
        .map(|b| b.words.len())
        .sum();
    let threshold = topic_threshold(content_words);
    let mut findings: Vec<_> = tallies
        .into_iter()
        .filter(|(_, t)| t.anchored && t.score >= threshold)
        .map(|(topic, mut t)| {
            let tier = tier_of(&t);
            t.contributions.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut evidence: Vec<Evidence> = Vec::new();
            for &(value, b, hit) in &t.contributions {
                let block = &analysis.blocks[b];
                let term = block.term(hit.first, hit.last);
                if evidence.iter().any(|e| fold(&e.term) == fold(term)) {
                    continue;
                }
                evidence.push(Evidence {
                    term: term.to_string(),
                    snippet: block.snippet(hit),
                    block: block.block.id,
                    role: block.block.role,
                    rule: hit.rule.source.clone(),
                    kind: hit.rule.section.name().to_string(),
                    weight: round2(value),
                });
                if evidence.len() == MAX_EVIDENCE {
                    break;
                }
            }
            let info = &topics()[topic];
            TopicFinding { id: info.id.into(), name: info.name.into(), tier, score: round2(t.score), scope, evidence }
        })
        .collect();
    // Ties go by topic id, so a report is the same from run to run (tallies come in hash order).
    findings.sort_by(|a, b| b.tier.cmp(&a.tier).then(b.score.total_cmp(&a.score)).then_with(|| a.id.cmp(&b.id)));
    findings
}

/// The score a topic needs in a scope of `content_words` words.
pub fn topic_threshold(content_words: usize) -> f64 {
    let length = (content_words as f64 / LONG_TEXT_WORDS as f64).min(1.0);
    SHORT_TEXT_THRESHOLD + (TOPIC_THRESHOLD - SHORT_TEXT_THRESHOLD) * length
}

/// The tier follows from how the topic is treated, not from how often it is named. Hard-news
/// framing outweighs educational framing: a crime report that mentions victim support is news.
fn tier_of(t: &TopicTally) -> Tier {
    let educational_framing = t.educational > t.news;
    if t.promotion >= FLOOR_PROMOTION && t.promotion >= t.educational {
        Tier::Floor
    } else if (t.graphic >= HIGH_GRAPHIC || (t.graphic >= HIGH_GRAPHIC_WITH_NEWS && t.news >= NEWS_CUES_FOR_HIGH))
        && (t.graphic > t.educational || !educational_framing)
    {
        Tier::High
    } else if t.educational >= LOW_EDUCATIONAL && educational_framing {
        Tier::Low
    } else {
        Tier::Medium
    }
}

/// Judges a page's blocks: content topics, plus comment-section topics that are high or floor on their own.
pub fn judge(analysis: &Analysis, hits: &[Vec<ScoredHit>]) -> Vec<TopicFinding> {
    let mut findings = aggregate(analysis, hits, Scope::Page);
    for comment in aggregate(analysis, hits, Scope::Comments) {
        if comment.tier >= Tier::High && !findings.iter().any(|f| f.id == comment.id) {
            findings.push(comment);
        }
    }
    findings
}

/// Judges a single text as one body block, e.g. a passage or a paragraph.
pub fn judge_text(lexicon: &Lexicon, text: &str, lang: Option<&str>) -> (Option<Language>, Vec<TopicFinding>) {
    let blocks = [Block { id: 0, text: text.to_string(), role: Role::Body, rect: None, lang: lang.map(String::from) }];
    let analysis = analyse(lexicon, &blocks, lang);
    let language = analysis.blocks[0].language;
    (Some(language), judge(&analysis, &analysis.hits))
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More different words than the vocabulary holds, so that the next judgement empties it.
    fn fill_the_vocabulary() {
        let text: String = (0..VOCABULARY_FILL).map(|i| format!("filler{i} ")).collect();
        vocabulary::words(&text);
    }

    const VOCABULARY_FILL: usize = 70_000;

    const MURDER: &str = "The police are investigating a murder.";
    const ARREST: &str = "The suspect was arrested.";

    fn block(id: u32, text: &str) -> Block {
        Block { id, text: text.into(), role: crate::snapshot::Role::Body, ..Default::default() }
    }

    #[test]
    fn kept_analyses_are_found_at_their_place_or_by_their_text() {
        let lexicon = Lexicon::builtin();
        let (murder, arrest) = (MURDER, ARREST);
        let blocks = vec![block(0, murder), block(1, arrest)];
        let mut cache = BlockCache::default();
        let analysis = analyse_with(&lexicon, &blocks, Some("en"), &mut cache);
        cache.keep(analysis);
        // At its place only with its own text.
        assert!(cache.take(0, arrest).is_none());
        assert!(cache.take(1, arrest).is_some());
        assert!(cache.take(1, arrest).is_none(), "given up once");
        // Another snapshot: by text, wherever the block stands now.
        let analysis = analyse_with(&lexicon, &blocks, Some("en"), &mut cache);
        cache.keep(analysis);
        cache.find_by_text(blocks);
        assert!(cache.take(0, arrest).is_some());
        assert!(cache.take(5, murder).is_some());
        assert!(cache.take(1, murder).is_none());
        // By text to the end: once every text is taken, a place is not asked (a text that stood
        // twice is found once; a block at its other place is another block).
        let twice = vec![block(0, murder), block(1, murder)];
        let analysis = analyse_with(&lexicon, &twice, Some("en"), &mut cache);
        cache.keep(analysis);
        cache.find_by_text(twice);
        assert!(cache.take(1, murder).is_some());
        assert_eq!(cache.len(), 1, "the first block's analysis is still kept");
        assert!(cache.take(0, murder).is_none());
    }

    #[test]
    fn a_kept_page_s_unchanged_places_are_not_checked_and_hits_kept_are_raw_hits() {
        let lexicon = Lexicon::builtin();
        let (murder, arrest) = (MURDER, ARREST);
        let blocks = vec![block(0, murder), block(1, arrest)];
        let mut cache = BlockCache::default();
        let analysis = analyse_with(&lexicon, &blocks, Some("en"), &mut cache);
        let counted = analysis.hits[0].len();
        assert!(counted > 0, "the murder counts");
        cache.keep(analysis);
        // Below the unchanged places the text is not asked (the kept page only gained blocks).
        cache.unchanged_up_to(1);
        assert!(cache.take(0, "another text").is_some());
        assert!(cache.take(1, "another text").is_none(), "above them, the text is checked");
        // The hits that count come back from the memo as they were.
        let mut cache = BlockCache::default();
        cache.keep(analyse_with(&lexicon, &blocks, Some("en"), &mut BlockCache::default()));
        let again = analyse_with(&lexicon, &blocks, Some("en"), &mut cache);
        assert_eq!(again.hits[0].len(), counted);
        // An analysis whose hits are not its raw hits keeps nothing for that block.
        let mut forged = analyse_with(&lexicon, &blocks, Some("en"), &mut BlockCache::default());
        forged.hits[0][0].first += 100;
        let mut cache = BlockCache::default();
        cache.keep(forged);
        assert!(cache.take(0, murder).is_none());
        assert!(cache.take(1, arrest).is_some());
    }

    #[test]
    fn kept_blocks_are_looked_up_again_once_the_vocabulary_was_emptied() {
        let lexicon = Lexicon::builtin();
        let blocks = vec![
            block(0, "The police are investigating a murder after a stabbing in the town centre."),
            block(1, "The suspect was arrested and charged with assault."),
        ];
        let mut cache = BlockCache::default();
        let first = analyse_with(&lexicon, &blocks, Some("en"), &mut cache);
        cache.keep(first);
        fill_the_vocabulary();
        let analysis = analyse_with(&lexicon, &blocks, Some("en"), &mut cache);
        vocabulary::with(|v| assert!(analysis.blocks.iter().all(|b| v.is_current(&b.words)), "the kept words are current"));
        cache.keep(analysis);
        vocabulary::with(|v| assert!(cache.memos.iter().flatten().all(|m| v.is_current(&m.words)), "and kept current"));
    }
}
