//! Brand mentions: where a configured brand is named in the page, in what light, who is speaking,
//! what situation that makes for the brand, how urgent it is and how to answer.
//!
//! The rules are documented in `docs/mentions.md`; every cue is a line of `data/sentiment/<lang>.txt`.
//! In short:
//! 1. **Finding.** A brand's names, aliases, products, campaigns and account handles are matched
//!    like lexicon phrases (folded and stemmed, so `Nikons` and `Nikon's` count), in the page's
//!    text blocks (titles, body, captions and alt texts, comments; not menus, footers, banners, nor
//!    ad creatives, which are slots and never blocks). An inflected form may add at most
//!    [`MAX_INFLECTION`] letters (`Shell` does not match `shelling`).
//! 2. **Disambiguation.** Inside a URL or e-mail address a name is no mention. With `caseSensitive`
//!    the case must be as written. Inside a `[not-brand]` phrase (`the gap between`, `apple pie`) it
//!    is a common word. Written like a name (capitalised mid-sentence, distinctive capitals as in
//!    `GAP`/`iPhone`, or an `@handle`) it counts; otherwise (lower case, or capitalised only because
//!    it starts a sentence or a title-case headline) it counts when the page names the brand clearly
//!    elsewhere, when a company cue stands near it, or when it is possessive, and never right after
//!    an article (`an apple`).
//! 3. **Context.** Sentiment from the mention's block, plus the paragraphs that follow it up to the
//!    next mention (a blogger names the brand once and complains for three paragraphs); a title
//!    takes the tone of the whole content. Speaker from
//!    the page's structure, situation from speaker and sentiment, urgency from what the page shows.

use crate::judge::{Analysis, BlockAnalysis, ScoredHit};
use crate::lexicon::{Matcher, Rule};
use crate::lexicon_syntax::Section;
use crate::normalize::{fold, tokenize};
use crate::profile::{BrandProfile, Competence, Relationship};
pub use crate::sentiment::Sentiment;
use crate::sentiment::{self, tone, Cue, CueHit, Cues, Tone};
use crate::snapshot::{Role, Snapshot};
use crate::taxonomy::topics;
use serde::{Deserialize, Serialize};

/// Letters an inflected form may add to a name (`Nikons`, `Nikonen`).
pub const MAX_INFLECTION: usize = 2;
/// A company cue within this many words makes an ambiguous form a mention.
pub const COMPANY_CUE_WINDOW: usize = 6;
/// Paragraphs after a mention that count towards its sentiment, until the next mention.
pub const CONTINUATION_BLOCKS: usize = 3;
/// A comment block of at most this many words, followed by a comment, is its author line.
pub const AUTHOR_LINE_WORDS: usize = 4;
/// First-person words in the page's content that make it a customer's own post.
pub const FIRST_PERSON_POST: usize = 3;
/// News cues that make a page journalism when it has no byline.
pub const NEWS_CUES_FOR_JOURNALISM: usize = 2;
/// Review cues that make a page a review.
pub const REVIEW_CUES_FOR_REVIEW: usize = 2;
/// Urgency score from which a mention is high, and medium.
pub const URGENCY_HIGH: u32 = 5;
pub const URGENCY_MEDIUM: u32 = 3;

/// Who started the story (company or customer) and its tone give four situations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Situation {
    /// Company-initiated, positive.
    Triumph,
    /// Company-initiated, negative.
    HomemadeIssue,
    /// Customer-initiated, positive.
    StrokeOfLuck,
    /// Customer-initiated, negative.
    Nightmare,
}

/// Which of a brand's names was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    Name,
    Alias,
    Product,
    Campaign,
    Account,
}

const NAME_KINDS: [NameKind; 5] = [NameKind::Name, NameKind::Alias, NameKind::Product, NameKind::Campaign, NameKind::Account];

/// Who is speaking where the brand is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// The brand itself: its own site or newsroom, its account, a post it sponsors.
    Brand,
    Customer,
    Reviewer,
    Journalist,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub kind: SpeakerKind,
    /// What showed it: `own-site`, `sponsored`, `account`, `comment`, `review`, `byline`, `news`,
    /// `first-person`, `third-party`.
    pub source: String,
    /// The same, in words, for the marketer.
    pub because: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UrgencyLevel {
    Low,
    Medium,
    High,
}

/// How soon to answer, from what the page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Urgency {
    pub level: UrgencyLevel,
    pub score: u32,
    /// What raised or lowered it, in words.
    pub signals: Vec<String>,
}

/// The recommended posture for a negative situation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Posture {
    OpenVulnerable,
    Defensive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Answer a negative situation, in the posture given.
    Respond,
    /// Thank the fan or ambassador.
    Thank,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    pub action: Action,
    pub posture: Option<Posture>,
    pub reason: String,
}

/// A configured brand named in the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mention {
    pub brand: String,
    /// The sentence the brand is named in.
    pub snippet: String,
    /// The words as they stand on the page.
    pub term: String,
    pub matched: NameKind,
    pub block: u32,
    pub role: Role,
    pub sentiment: Sentiment,
    /// The words that decided the sentiment.
    pub sentiment_terms: Vec<String>,
    pub situation: Option<Situation>,
    pub speaker: Speaker,
    pub urgency: Urgency,
    pub advice: Option<Advice>,
    /// IAB ids of sensitive topics whose terms stand in the same block.
    pub topics: Vec<String>,
}

/// Every brand's names compiled into one matcher per language (same order as the profiles).
pub struct Names {
    brands: Vec<Vec<Matcher>>,
}

impl Names {
    pub fn compile(brands: &[BrandProfile]) -> Names {
        let brands = brands
            .iter()
            .map(|brand| {
                let lists: [Vec<&str>; 5] = [
                    vec![brand.name.as_str()],
                    brand.aliases.iter().map(String::as_str).collect(),
                    brand.products.iter().map(String::as_str).collect(),
                    brand.campaigns.iter().map(String::as_str).collect(),
                    brand.handles().collect(),
                ];
                let rules: Vec<(Rule, bool)> = lists
                    .iter()
                    .enumerate()
                    .flat_map(|(kind, names)| {
                        names.iter().filter(|n| !n.trim().is_empty()).map(move |n| {
                            // The weight carries the kind of name (an index into NAME_KINDS).
                            let rule = Rule {
                                topic: None,
                                section: Section::Terms,
                                weight: kind as u8,
                                phrase: n.trim().to_string(),
                                source: format!("profile {}: {:?}", brand.name, NAME_KINDS[kind]).to_lowercase(),
                            };
                            (rule, false)
                        })
                    })
                    .collect();
                crate::language::Language::ALL.iter().map(|&l| Matcher::build(l, rules.clone())).collect()
            })
            .collect();
        Names { brands }
    }
}

/// How clearly an occurrence names the brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Written like a name: counts.
    Clear,
    /// Lower case, or capitalised only by position: counts with support from the page.
    Ambiguous,
    /// Lower case right after an article: counts only with a company cue right after it.
    Generic,
}

struct Occurrence<'a> {
    brand: usize,
    block: usize,
    rule: &'a Rule,
    first: usize,
    last: usize,
    form: Form,
}

/// What the page shows about one block, computed once.
struct BlockCues {
    hits: Vec<CueHit>,
    tone: Tone,
    author_line: bool,
}

fn count(hits: &[CueHit], cue: Cue) -> usize {
    hits.iter().filter(|h| h.cue == cue).count()
}

/// The whitespace-separated chunk of `text` around a byte range.
fn chunk_around(text: &str, start: usize, end: usize) -> &str {
    let from = text[..start].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let to = text[end..].find(char::is_whitespace).map_or(text.len(), |i| end + i);
    &text[from..to]
}

/// A URL, domain or e-mail address: a name inside it is no mention.
fn is_address(chunk: &str) -> bool {
    let core = chunk.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '/');
    let core = core.strip_prefix('@').unwrap_or(core);
    core.contains("://")
        || core.starts_with("www.")
        || core.contains('@')
        || core.contains('/')
        || core.split('.').skip(1).any(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Headline case: most longer words capitalised.
fn title_case(ba: &BlockAnalysis) -> bool {
    let words: Vec<&str> = ba.words.iter().map(|t| t.in_text(&ba.block.text)).filter(|w| w.chars().count() >= 4).collect();
    words.len() >= 3 && words.iter().filter(|w| w.starts_with(char::is_uppercase)).count() * 10 >= words.len() * 6
}

/// A capitalised word inside a sentence is a name, except in German (whose nouns are capitalised)
/// and in title-case headlines.
fn is_proper_name(ba: &BlockAnalysis, word: usize) -> bool {
    let token = &ba.words[word];
    ba.language != crate::language::Language::De
        && token.in_text(&ba.block.text).starts_with(char::is_uppercase)
        && !starts_sentence(ba, word)
        && !(matches!(ba.block.role, Role::Title | Role::Heading) && title_case(ba))
}

/// Whether a word opens its sentence (or follows a colon or an opening quote).
fn starts_sentence(ba: &BlockAnalysis, word: usize) -> bool {
    let tokens = &ba.words;
    word == 0
        || tokens[word - 1].start() < ba.sentences().get(ba.sentence_of(word)).map_or(0, |s| s.0)
        || matches!(ba.block.text[tokens[word - 1].end(&ba.block.text)..tokens[word].start()].trim(), ":" | "\"" | "“" | "„" | "«" | "'" | "‘")
}

fn has_upper_after_first(word: &str) -> bool {
    word.chars().skip(1).any(char::is_uppercase)
}

/// Checks one name hit: inflection, address, case rules, traps; then how clearly it names the brand.
fn classify(ba: &BlockAnalysis, cues: &[CueHit], brand: &BrandProfile, rule: &Rule, first: usize, last: usize) -> Option<Form> {
    let text = ba.block.text.as_str();
    let tokens = &ba.words;
    let name_tokens = tokenize(&rule.phrase);
    if name_tokens.len() != last - first + 1 {
        return None;
    }
    for (word, name) in (first..=last).zip(&name_tokens) {
        let written = tokens[word].in_text(text);
        let folded = fold(written);
        if !folded.starts_with(&name.folded) || folded.chars().count() > name.folded.chars().count() + MAX_INFLECTION {
            return None;
        }
        if brand.case_sensitive && !written.starts_with(&rule.phrase[name.start..name.end]) {
            return None;
        }
    }
    let (start, end) = (tokens[first].start(), tokens[last].end(text));
    let chunk = chunk_around(text, start, end);
    let handle = text[..start].ends_with('@');
    if is_address(chunk) && !(handle && !chunk.trim_start_matches('@').contains(['.', '/'])) {
        return None;
    }
    if cues.iter().any(|c| c.cue == Cue::NotBrand && c.first <= last && first <= c.last) {
        return None;
    }
    let written = tokens[first].in_text(text);
    let name_word = &rule.phrase[name_tokens[0].start..name_tokens[0].end];
    let name_has_upper = rule.phrase.chars().any(char::is_uppercase);
    let distinctive = name_word.chars().count() >= 2
        && (has_upper_after_first(name_word) || rule.phrase.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()))
        && written.starts_with(name_word);
    if handle || NAME_KINDS[rule.weight as usize] == NameKind::Account || distinctive {
        return Some(Form::Clear);
    }
    let capitalised = written.starts_with(char::is_uppercase);
    let sentence_start = starts_sentence(ba, first) || (matches!(ba.block.role, Role::Title | Role::Heading) && title_case(ba));
    if !name_has_upper || (capitalised && !sentence_start) {
        return Some(Form::Clear);
    }
    let after_article = !capitalised
        && first > 0
        && cues.iter().any(|c| c.cue == Cue::Article && c.last + 1 == first && ba.sentence_of(c.last) == ba.sentence_of(first));
    Some(if after_article { Form::Generic } else { Form::Ambiguous })
}

/// Whether an ambiguous form has support near it: a company cue, or a possessive (`Apple's`).
fn supported_nearby(ba: &BlockAnalysis, cues: &[CueHit], first: usize, last: usize, window: usize) -> bool {
    let near = cues.iter().any(|c| {
        c.cue == Cue::Company && c.first <= last + window && first <= c.last + window && ba.sentence_of(c.first) == ba.sentence_of(first)
    });
    let tokens = &ba.words;
    let possessive = tokens.get(last + 1).is_some_and(|t| {
        fold(t.in_text(&ba.block.text)) == "s" && matches!(ba.block.text[tokens[last].end(&ba.block.text)..t.start()].trim(), "'" | "’")
    });
    near || possessive
}

/// A block's cues and the tone they give it.
fn read_cues(cues: &Cues, ba: &BlockAnalysis) -> sentiment::BlockTone {
    let hits = cues.find(ba.language, &ba.block.text, &ba.words);
    let tone = tone(&hits, |w| ba.sentence_of(w), |f, l| ba.term(f, l).to_string(), |w| is_proper_name(ba, w));
    sentiment::BlockTone { hits, tone, role: ba.block.role }
}

/// Finds every configured brand in the page and reads what each mention means for it.
pub fn find(names: &Names, brands: &[BrandProfile], snapshot: &Snapshot, analysis: &Analysis) -> Vec<Mention> {
    if brands.is_empty() {
        return Vec::new();
    }
    let cues = Cues::builtin();
    let blocks = &analysis.blocks;
    let read = |b: &BlockAnalysis| !b.block.role.is_boilerplate();
    let mut block_cues: Vec<BlockCues> = blocks
        .iter()
        .map(|ba| {
            if !read(ba) {
                return BlockCues { hits: Vec::new(), tone: Tone::default(), author_line: false };
            }
            // Kept with the block's analysis: a changed page reads only its new blocks' cues.
            let kept = ba.tone.get_or_init(|| read_cues(cues, ba));
            let fresh;
            let found = if kept.role == ba.block.role {
                kept
            } else {
                fresh = read_cues(cues, ba);
                &fresh
            };
            BlockCues { hits: found.hits.clone(), tone: found.tone.clone(), author_line: false }
        })
        .collect();
    for i in 0..blocks.len() {
        block_cues[i].author_line = blocks[i].block.role == Role::Comment
            && blocks[i].words.len() <= AUTHOR_LINE_WORDS
            && blocks.get(i + 1).is_some_and(|n| n.block.role == Role::Comment);
    }

    // Every occurrence that passes the checks, with how clearly it names its brand.
    let mut occurrences: Vec<Occurrence> = Vec::new();
    for (b, brand) in brands.iter().enumerate() {
        for (i, ba) in blocks.iter().enumerate().filter(|(_, ba)| read(ba)) {
            let matcher = &names.brands[b][ba.language.index()];
            for hit in matcher.find(&ba.block.text, &ba.words) {
                let rule = &matcher.rules[hit.rule];
                if let Some(form) = classify(ba, &block_cues[i].hits, brand, rule, hit.first, hit.last) {
                    if !occurrences.iter().any(|o| o.brand == b && o.block == i && o.first <= hit.last && hit.first <= o.last) {
                        occurrences.push(Occurrence { brand: b, block: i, rule, first: hit.first, last: hit.last, form });
                    }
                }
            }
        }
    }
    let host = url::Url::parse(&snapshot.url).ok().and_then(|u| u.host_str().map(String::from)).unwrap_or_default();
    let anchored: Vec<bool> = (0..brands.len())
        .map(|b| brands[b].owns_domain(&host) || occurrences.iter().any(|o| o.brand == b && o.form == Form::Clear))
        .collect();
    occurrences.retain(|o| {
        let (ba, hits) = (&blocks[o.block], &block_cues[o.block].hits);
        match o.form {
            Form::Clear => true,
            Form::Ambiguous => anchored[o.brand] || supported_nearby(ba, hits, o.first, o.last, COMPANY_CUE_WINDOW),
            Form::Generic => supported_nearby(ba, hits, o.first, o.last, 1),
        }
    });
    occurrences.sort_by_key(|o| (o.block, o.first));

    let page = PageSignals::read(blocks, &block_cues);
    let mut mentions: Vec<Mention> = Vec::new();
    for o in &occurrences {
        let brand = &brands[o.brand];
        if block_cues[o.block].author_line || mentions.iter().any(|m| m.brand == brand.name && m.block == blocks[o.block].block.id) {
            continue;
        }
        let ba = &blocks[o.block];
        let mut context = block_cues[o.block].tone.clone();
        if ba.block.role == Role::Title {
            // A headline sums up its article: it takes the tone of the whole content.
            for j in (0..blocks.len()).filter(|&j| j != o.block && read(&blocks[j]) && blocks[j].block.role != Role::Comment) {
                context.add(&block_cues[j].tone);
            }
        } else if ba.block.role != Role::Comment {
            let next = (o.block + 1..blocks.len())
                .take_while(|&j| matches!(blocks[j].block.role, Role::Body | Role::Heading | Role::Caption))
                .take_while(|&j| !occurrences.iter().any(|p| p.block == j))
                .take(CONTINUATION_BLOCKS);
            for j in next {
                context.add(&block_cues[j].tone);
            }
        }
        let sentiment = context.sentiment();
        let speaker = speaker(brand, &host, o, blocks, &block_cues, &page, &occurrences);
        let negative_side = match sentiment {
            Sentiment::Neutral => None,
            Sentiment::Negative => Some(true),
            Sentiment::Positive => Some(false),
            Sentiment::Mixed => Some(context.leans_negative()),
        };
        let by_company = speaker.kind == SpeakerKind::Brand;
        let situation = negative_side.map(|negative| match (by_company, negative) {
            (true, false) => Situation::Triumph,
            (true, true) => Situation::HomemadeIssue,
            (false, false) => Situation::StrokeOfLuck,
            (false, true) => Situation::Nightmare,
        });
        let urgency = page.urgency(negative_side, by_company);
        let advice = situation.and_then(|s| advice(brand, s, &speaker));
        let mut topic_ids: Vec<String> = Vec::new();
        for hit in &analysis.hits[o.block] {
            let id = topics()[hit.rule.topic.expect("topic hits only")].id.to_string();
            if !topic_ids.contains(&id) {
                topic_ids.push(id);
            }
        }
        let scored = ScoredHit { rule: o.rule, first: o.first, last: o.last, weight: 0.0 };
        mentions.push(Mention {
            brand: brand.name.clone(),
            snippet: ba.snippet(&scored),
            term: ba.term(o.first, o.last).to_string(),
            matched: NAME_KINDS[o.rule.weight as usize],
            block: ba.block.id,
            role: ba.block.role,
            sentiment,
            sentiment_terms: context.terms.clone(),
            situation,
            speaker,
            urgency,
            advice,
            topics: topic_ids,
        });
    }
    mentions
}

/// What the page as a whole shows: its genre, and how loud any storm on it is.
struct PageSignals {
    sponsored: bool,
    byline: bool,
    news_cues: usize,
    review_cues: usize,
    first_person: usize,
    complainers: usize,
    share_call: Option<String>,
    reach: Option<(u64, String)>,
    recent: Option<String>,
    old: Option<String>,
}

/// A count as pages show it: `248`, `1.2k`, `3.400`, `12K`, `(48)`.
pub fn parse_count(chunk: &str) -> Option<u64> {
    let s: String = chunk.chars().filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'k' | 'K' | 'm' | 'M')).collect();
    let s = s.trim_matches(|c| c == '.' || c == ',');
    let (number, factor) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1_000.0),
        'm' | 'M' => (&s[..s.len() - 1], 1_000_000.0),
        _ => (s, 1.0),
    };
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A separator followed by exactly three digits groups thousands; otherwise it is a decimal point.
    let grouped = number.split(['.', ',']).skip(1).all(|g| g.len() == 3) && number.contains(['.', ',']) && factor == 1.0;
    let plain: String = if grouped { number.chars().filter(char::is_ascii_digit).collect() } else { number.replace(',', ".") };
    plain.parse::<f64>().ok().map(|n| (n * factor).round() as u64)
}

impl PageSignals {
    fn read(blocks: &[BlockAnalysis], cues: &[BlockCues]) -> PageSignals {
        let mut s = PageSignals {
            sponsored: false,
            byline: false,
            news_cues: 0,
            review_cues: 0,
            first_person: 0,
            complainers: 0,
            share_call: None,
            reach: None,
            recent: None,
            old: None,
        };
        for (ba, c) in blocks.iter().zip(cues) {
            let words = ba.words.len();
            let quote = |h: &CueHit| ba.term(h.first, h.last).to_string();
            if ba.block.role == Role::Comment {
                if !c.author_line && c.tone.sentiment() != Sentiment::Neutral && c.tone.leans_negative() && c.tone.sentiment() != Sentiment::Positive {
                    s.complainers += 1;
                }
            } else {
                s.sponsored |= words <= 6 && count(&c.hits, Cue::Sponsored) > 0;
                s.byline |= words <= 8 && c.hits.iter().any(|h| h.cue == Cue::Byline && h.first == 0 && words > h.last + 1);
                s.news_cues += count(&c.hits, Cue::News);
                s.review_cues += count(&c.hits, Cue::Review);
                s.first_person += count(&c.hits, Cue::FirstPerson);
            }
            for h in &c.hits {
                match h.cue {
                    Cue::ShareCall if s.share_call.is_none() => s.share_call = Some(quote(h)),
                    Cue::Recent if s.recent.is_none() => s.recent = Some(quote(h)),
                    Cue::Old if s.old.is_none() => s.old = Some(quote(h)),
                    Cue::Comments | Cue::Shares => {
                        let text = ba.block.text.as_str();
                        let (start, end) = (ba.words[h.first].start(), ba.words[h.last].end(text));
                        let before = text[..start].split_whitespace().last().unwrap_or("");
                        let after = text[end..].split_whitespace().next().unwrap_or("");
                        let shown = if before.ends_with(|c: char| c.is_ascii_digit() || c == 'k' || c == 'K') { before } else { after };
                        if let Some(n) = parse_count(shown).filter(|&n| n > 0) {
                            if s.reach.as_ref().map_or(true, |r| n > r.0) {
                                let (from, to) = if shown == before { (start - before.len() - 1, end) } else { (start, end + 1 + after.len()) };
                                s.reach = Some((n, text[from.min(start)..to.min(text.len())].trim().to_string()));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        s
    }

    /// Urgency of a mention: negative ones rise with complainers, calls to share, reach and recency;
    /// positive ones with reach and recency, never above medium; neutral ones are low.
    fn urgency(&self, negative_side: Option<bool>, by_company: bool) -> Urgency {
        let Some(negative) = negative_side else {
            return Urgency { level: UrgencyLevel::Low, score: 0, signals: vec!["neutral: nothing to answer".into()] };
        };
        let mut score: i32 = 0;
        let mut signals = Vec::new();
        if negative {
            score += 1;
            if !by_company && self.complainers >= 2 {
                score += if self.complainers >= 4 { 2 } else { 1 };
                signals.push(format!("{} people complain in the comments", self.complainers));
            }
            if let Some(call) = &self.share_call {
                score += 2;
                signals.push(format!("a call to spread it: “{call}”"));
            }
        }
        match &self.reach {
            Some((n, shown)) => {
                let points = if *n >= 1000 { 3 } else if *n >= 100 { 2 } else if *n >= 20 { 1 } else { 0 };
                score += points;
                signals.push(format!("reach shown on the page: “{shown}”"));
            }
            None => signals.push("no comment or share counts shown".into()),
        }
        if let Some(recent) = &self.recent {
            score += 1;
            signals.push(format!("recent: “{recent}”"));
        } else if let Some(old) = &self.old {
            score -= 1;
            signals.push(format!("old: “{old}”"));
        }
        let score = score.max(0) as u32;
        let mut level = if score >= URGENCY_HIGH {
            UrgencyLevel::High
        } else if score >= URGENCY_MEDIUM {
            UrgencyLevel::Medium
        } else {
            UrgencyLevel::Low
        };
        if !negative {
            level = level.min(UrgencyLevel::Medium);
        }
        if negative && level == UrgencyLevel::Low {
            signals.push("few people are likely to see it: answer, but do not overreact".into());
        }
        Urgency { level, score, signals }
    }
}

/// Who speaks in the block of an occurrence.
fn speaker(
    brand: &BrandProfile,
    host: &str,
    o: &Occurrence,
    blocks: &[BlockAnalysis],
    cues: &[BlockCues],
    page: &PageSignals,
    occurrences: &[Occurrence],
) -> Speaker {
    let make = |kind, source: &str, because: String| Speaker { kind, source: source.into(), because };
    let ba = &blocks[o.block];
    if ba.block.role == Role::Comment {
        let author = (0..o.block).rev().take_while(|&j| blocks[j].block.role == Role::Comment).find(|&j| cues[j].author_line);
        if let Some(a) = author {
            let handle = brand.handles().chain(brand.names()).find(|h| crate::ads::names_in(&blocks[a].block.text, h));
            if let Some(h) = handle {
                return make(SpeakerKind::Brand, "account", format!("the comment is signed by the brand's account {h}"));
            }
        }
        return make(SpeakerKind::Customer, "comment", "a reader's comment".into());
    }
    if brand.owns_domain(host) {
        return make(SpeakerKind::Brand, "own-site", format!("the page is on {host}, one of {}'s domains", brand.name));
    }
    let sponsored_here = occurrences.iter().any(|p| {
        p.brand == o.brand && blocks[p.block].block.role != Role::Comment && count(&cues[p.block].hits, Cue::Sponsored) > 0
    });
    if page.sponsored || sponsored_here {
        return make(SpeakerKind::Brand, "sponsored", "the page is marked as sponsored content".into());
    }
    if page.byline {
        return make(SpeakerKind::Journalist, "byline", "an article with a byline".into());
    }
    if page.review_cues >= REVIEW_CUES_FOR_REVIEW {
        return make(SpeakerKind::Reviewer, "review", "a review, with ratings".into());
    }
    if page.first_person >= FIRST_PERSON_POST {
        return make(SpeakerKind::Customer, "first-person", "a personal post, written in the first person".into());
    }
    if page.news_cues >= NEWS_CUES_FOR_JOURNALISM {
        return make(SpeakerKind::Journalist, "news", "a news report (reporting verbs, sources)".into());
    }
    make(SpeakerKind::Customer, "third-party", "a page by someone other than the brand, without a byline".into())
}

/// What to do about a situation: answer negative ones in the posture the brand can afford, thank fans.
fn advice(brand: &BrandProfile, situation: Situation, speaker: &Speaker) -> Option<Advice> {
    match situation {
        Situation::Triumph => None,
        Situation::StrokeOfLuck => Some(Advice {
            action: Action::Thank,
            posture: None,
            reason: match speaker.kind {
                SpeakerKind::Journalist => "positive coverage the brand did not ask for: thank the journalist and share it".into(),
                _ => "a customer speaks well of the brand unasked: thank the fan, an ambassador worth keeping".into(),
            },
        }),
        Situation::HomemadeIssue | Situation::Nightmare => {
            let competent = brand.competence == Competence::High;
            let strong = brand.relationship == Relationship::Strong;
            let (posture, reason) = if competent && strong {
                (
                    Posture::Defensive,
                    format!("{} is seen as highly competent and its customers' relationship with it is strong: a defensive answer (stand by the facts) harms it less than it would most brands", brand.name),
                )
            } else {
                let missing = match (competent, strong) {
                    (false, false) => "neither seen as highly competent nor strongly bonded with its customers",
                    (false, true) => "strongly bonded with its customers but not seen as highly competent",
                    _ => "seen as highly competent but without a strong relationship with its customers",
                };
                (
                    Posture::OpenVulnerable,
                    format!("open and vulnerable (acknowledge, apologise, say what changes) is the default; a defensive answer would harm {}, which is {missing}", brand.name),
                )
            };
            Some(Advice { action: Action::Respond, posture: Some(posture), reason })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_pages_show_them() {
        let cases = [("248", Some(248)), ("1.2k", Some(1200)), ("3.400", Some(3400)), ("1,234", Some(1234)), ("(48)", Some(48)), ("12K", Some(12000)), ("many", None)];
        for (chunk, expected) in cases {
            assert_eq!(parse_count(chunk), expected, "{chunk}");
        }
    }

    #[test]
    fn addresses_are_not_mentions() {
        for chunk in ["https://www.gap.com/logo", "www.gap.nl", "gap.com,", "info@gap.com", "(apple.com/iphone)"] {
            assert!(is_address(chunk), "{chunk}");
        }
        for chunk in ["GAP's", "Gap,", "@GapNL", "Nikon."] {
            assert!(!is_address(chunk), "{chunk}");
        }
    }
}
