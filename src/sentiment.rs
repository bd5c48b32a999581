//! The tone of a text about a brand, and the cues that tell who is speaking and how loudly.
//!
//! Everything a reviewer may want to change is in `data/sentiment/<lang>.txt` (syntax in
//! `docs/mentions.md`): polar terms with weights, negations, intensifiers, contrast words, and the
//! cues [`crate::mentions`] reads (first person, bylines, sponsorship, company context, calls to
//! share, comment and share counts, recency, phrases in which a brand-like word is a common word).
//! The files are matched like the topic lexicons: folded, stemmed, one [`Matcher`] per language.

use crate::language::Language;
use crate::lexicon::{Matcher, Rule};
use crate::vocabulary::{self, Words};
use crate::lexicon_syntax::Section;
use crate::normalize::tokenize;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The cue files, embedded: (`<lang>.txt`, contents).
pub const CUE_FILES: [(Language, &str, &str); 4] = [
    (Language::Nl, "nl.txt", include_str!("../data/sentiment/nl.txt")),
    (Language::En, "en.txt", include_str!("../data/sentiment/en.txt")),
    (Language::De, "de.txt", include_str!("../data/sentiment/de.txt")),
    (Language::Fr, "fr.txt", include_str!("../data/sentiment/fr.txt")),
];

/// A term within this many words after a negation has its polarity turned.
pub const NEGATION_WINDOW: usize = 3;
/// What a negated term is worth, in the opposite polarity ("not bad" is weaker praise than "good").
pub const NEGATED_FACTOR: f64 = 0.8;
/// Factor for a term right after an intensifier ("very disappointed").
pub const INTENSIFIED_FACTOR: f64 = 1.5;
/// Factor for a term after a contrast word in its sentence ("nice shop, but the service is awful").
pub const AFTER_CONTRAST_FACTOR: f64 = 1.5;
/// Score a side needs to colour a text.
pub const POLAR_THRESHOLD: f64 = 1.5;
/// A text is mixed when both sides pass the threshold and the weaker is at least this share of the stronger.
pub const MIXED_SHARE: f64 = 0.5;

/// The tone of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Positive,
    Negative,
    Neutral,
    Mixed,
}

/// What a line of a cue file signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Positive,
    Negative,
    Negation,
    Intensifier,
    Contrast,
    FirstPerson,
    Byline,
    News,
    Sponsored,
    Review,
    Company,
    ShareCall,
    Comments,
    Shares,
    Recent,
    Old,
    NotBrand,
    Article,
}

impl Cue {
    const SECTIONS: [(&'static str, Cue); 18] = [
        ("positive", Cue::Positive),
        ("negative", Cue::Negative),
        ("negation", Cue::Negation),
        ("intensifier", Cue::Intensifier),
        ("contrast", Cue::Contrast),
        ("first-person", Cue::FirstPerson),
        ("byline", Cue::Byline),
        ("news", Cue::News),
        ("sponsored", Cue::Sponsored),
        ("review", Cue::Review),
        ("company", Cue::Company),
        ("share-call", Cue::ShareCall),
        ("comments", Cue::Comments),
        ("shares", Cue::Shares),
        ("recent", Cue::Recent),
        ("old", Cue::Old),
        ("not-brand", Cue::NotBrand),
        ("article", Cue::Article),
    ];

    fn weighted(self) -> bool {
        matches!(self, Cue::Positive | Cue::Negative)
    }
}

/// One line of a cue file.
#[derive(Debug, Clone, PartialEq)]
pub struct CueEntry {
    pub cue: Cue,
    pub weight: u8,
    pub phrase: String,
    pub compound_head: bool,
    pub line: usize,
}

/// Parses a cue file; errors name the file, the line and what is wrong.
pub fn parse(file: &str, text: &str) -> Result<Vec<CueEntry>, String> {
    let mut cue = None;
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = if raw.trim_start().starts_with('#') { "" } else { raw.split(" #").next().unwrap_or("") }.trim();
        if content.is_empty() {
            continue;
        }
        if let Some(name) = content.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
            let found = Cue::SECTIONS.iter().find(|(n, _)| *n == name.trim()).map(|&(_, c)| c);
            cue = Some(found.ok_or_else(|| format!("{file}:{line}: unknown section [{name}]"))?);
            continue;
        }
        let cue = cue.ok_or_else(|| format!("{file}:{line}: entry before any [section]"))?;
        let (weight, rest) = if cue.weighted() {
            let (w, rest) = content.split_once(' ').ok_or_else(|| format!("{file}:{line}: expected `<weight 1-3> <phrase>`"))?;
            let weight = w
                .parse::<u8>()
                .ok()
                .filter(|w| (1..=3).contains(w))
                .ok_or_else(|| format!("{file}:{line}: weight `{w}` is not 1, 2 or 3"))?;
            (weight, rest.trim())
        } else {
            (1, content)
        };
        let (phrase, compound_head) = match rest.strip_prefix('*') {
            Some(p) => (p.trim(), true),
            None => (rest, false),
        };
        if tokenize(phrase).is_empty() {
            return Err(format!("{file}:{line}: `{phrase}` has no words"));
        }
        if compound_head && phrase.contains(char::is_whitespace) {
            return Err(format!("{file}:{line}: `*` marks a compound head and needs a single word"));
        }
        entries.push(CueEntry { cue, weight, phrase: phrase.to_string(), compound_head, line });
    }
    Ok(entries)
}

/// A cue found in a text, as a range of word indices (inclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CueHit {
    pub cue: Cue,
    pub weight: u8,
    pub first: usize,
    pub last: usize,
}

/// The compiled cue files: one matcher per language.
pub struct Cues {
    matchers: Vec<Matcher>,
    /// Per language, the entry behind each rule of its matcher (same order).
    entries: Vec<Vec<CueEntry>>,
}

impl Cues {
    /// The embedded cue files, compiled once.
    pub fn builtin() -> &'static Cues {
        static CUES: OnceLock<Cues> = OnceLock::new();
        CUES.get_or_init(|| {
            let mut matchers = Vec::new();
            let mut all = Vec::new();
            for (language, file, text) in CUE_FILES {
                let entries = parse(file, text).expect("cue files are checked by sentiment::tests");
                let rules = entries
                    .iter()
                    .map(|e| {
                        let rule = Rule {
                            topic: None,
                            section: Section::Terms,
                            weight: e.weight,
                            phrase: e.phrase.clone(),
                            source: format!("sentiment/{file}:{}", e.line),
                        };
                        (rule, e.compound_head)
                    })
                    .collect();
                matchers.push(Matcher::build(language, rules));
                all.push(entries);
            }
            Cues { matchers, entries: all }
        })
    }

    /// Every cue in a text, nested ones included. Entries that stem alike (`disappointed`,
    /// `disappointing`) give one hit, with the highest weight.
    pub fn find(&self, language: Language, text: &str, words: &Words) -> Vec<CueHit> {
        let entries = &self.entries[language.index()];
        let mut hits: Vec<CueHit> = Vec::new();
        for h in self.matchers[language.index()].find(text, words) {
            let e = &entries[h.rule];
            match hits.iter_mut().find(|o| o.cue == e.cue && o.first == h.first && o.last == h.last) {
                Some(o) => o.weight = o.weight.max(e.weight),
                None => hits.push(CueHit { cue: e.cue, weight: e.weight, first: h.first, last: h.last }),
            }
        }
        hits
    }

    /// The folded words of a single-word cue section, e.g. the articles of a language.
    pub fn words(&self, language: Language, cue: Cue) -> impl Iterator<Item = &str> {
        self.entries[language.index()].iter().filter(move |e| e.cue == cue).map(|e| e.phrase.as_str())
    }
}

/// A block's cues and the tone they give it, for reading brand mentions: worked out when first
/// asked for and kept with the block's analysis (`crate::judge::BlockAnalysis::tone`), so a page
/// that changes has them worked out only for its new blocks.
#[derive(Debug, Clone)]
pub struct BlockTone {
    pub hits: Vec<CueHit>,
    pub tone: Tone,
    /// The role they were read for: a title's or a heading's capitals are read differently.
    pub role: crate::snapshot::Role,
}

/// How positive and how negative a stretch of text is, and the words that say so.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tone {
    pub positive: f64,
    pub negative: f64,
    /// The polar words as they stand in the text, negated ones prefixed with the negation.
    pub terms: Vec<String>,
}

impl Tone {
    pub fn add(&mut self, other: &Tone) {
        self.positive += other.positive;
        self.negative += other.negative;
        for t in &other.terms {
            if !self.terms.contains(t) {
                self.terms.push(t.clone());
            }
        }
    }

    pub fn sentiment(&self) -> Sentiment {
        let (p, n) = (self.positive, self.negative);
        if p >= POLAR_THRESHOLD && n >= POLAR_THRESHOLD && p.min(n) >= MIXED_SHARE * p.max(n) {
            Sentiment::Mixed
        } else if p >= POLAR_THRESHOLD && p > n {
            Sentiment::Positive
        } else if n >= POLAR_THRESHOLD && n >= p {
            Sentiment::Negative
        } else {
            Sentiment::Neutral
        }
    }

    /// Whether the negative side is at least as strong as the positive one.
    pub fn leans_negative(&self) -> bool {
        self.negative >= self.positive
    }
}

/// The tone of a text. `hits` are its cues ([`Cues::find`]); `sentence_of` gives each word's sentence;
/// `quote` gives the page's words for a range of words (for [`Tone::terms`]); a one-word term for
/// which `is_name` holds is a proper name, not an opinion (`Bos` is a surname, not `boos`).
pub fn tone(
    hits: &[CueHit],
    sentence_of: impl Fn(usize) -> usize,
    quote: impl Fn(usize, usize) -> String,
    is_name: impl Fn(usize) -> bool,
) -> Tone {
    let of = |cue| hits.iter().filter(move |h| h.cue == cue);
    let mut tone = Tone::default();
    for hit in hits.iter().filter(|h| matches!(h.cue, Cue::Positive | Cue::Negative)) {
        // Only the longest polar phrase counts where they nest ("zwaar teleurgesteld" holds "teleurgesteld").
        let nested = hits.iter().any(|o| {
            matches!(o.cue, Cue::Positive | Cue::Negative) && o.first <= hit.first && hit.last <= o.last && o.last - o.first > hit.last - hit.first
        });
        if nested || (hit.first == hit.last && is_name(hit.first)) {
            continue;
        }
        let sentence = sentence_of(hit.first);
        let mut value = hit.weight as f64;
        let mut positive = hit.cue == Cue::Positive;
        // A phrase that holds its own negation ("never answered", "keine Antwort") is not turned again.
        let holds_negation = of(Cue::Negation).any(|n| hit.first <= n.first && n.last <= hit.last);
        let negation = of(Cue::Negation)
            .filter(|n| n.last < hit.first && hit.first - n.last <= NEGATION_WINDOW && sentence_of(n.last) == sentence)
            .filter(|_| !holds_negation)
            .last();
        if of(Cue::Intensifier).any(|i| i.last + 1 == hit.first) {
            value *= INTENSIFIED_FACTOR;
        }
        if of(Cue::Contrast).any(|c| c.last < hit.first && sentence_of(c.last) == sentence) {
            value *= AFTER_CONTRAST_FACTOR;
        }
        let mut term = quote(hit.first, hit.last);
        if let Some(n) = negation {
            positive = !positive;
            value *= NEGATED_FACTOR;
            term = quote(n.first, hit.last);
        }
        if positive {
            tone.positive += value;
        } else {
            tone.negative += value;
        }
        if !tone.terms.contains(&term) {
            tone.terms.push(term);
        }
    }
    tone
}

/// The tone of a single text in a language, for tests and the CLI.
pub fn tone_of_text(text: &str, language: Language) -> Tone {
    let words = vocabulary::words(text);
    let hits = Cues::builtin().find(language, text, &words);
    let sentences = crate::normalize::sentence_spans(text);
    let sentence_of = |w: usize| {
        let start = words[w].start();
        sentences.iter().position(|&(s, e)| start >= s && start < e).unwrap_or(0)
    };
    tone(&hits, sentence_of, |f, l| text[words[f].start()..words[l].end(text)].to_string(), |_| false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_files_parse() {
        for (_, file, text) in CUE_FILES {
            let entries = parse(file, text).unwrap_or_else(|e| panic!("data/sentiment/{e}"));
            for cue in [Cue::Positive, Cue::Negative, Cue::Negation, Cue::FirstPerson, Cue::Article] {
                assert!(entries.iter().any(|e| e.cue == cue), "{file} lacks {cue:?}");
            }
        }
    }

    #[test]
    fn malformed_lines_are_named() {
        let cases = [
            ("[positive]\ngreat\n", "x.txt:2: expected"),
            ("[positive]\n7 great\n", "not 1, 2 or 3"),
            ("great\n", "before any [section]"),
            ("[happy]\n", "unknown section [happy]"),
            ("[negative]\n2 *two words\n", "single word"),
        ];
        for (text, expected) in cases {
            let err = parse("x.txt", text).unwrap_err();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn sentiment_is_negation_aware_in_four_languages() {
        use Sentiment::*;
        let cases = [
            ("I love this camera, the pictures are amazing.", Language::En, Positive),
            ("The service was terrible and my order never arrived.", Language::En, Negative),
            ("The jacket is not bad at all.", Language::En, Positive),
            ("Not good: the zipper broke after a week.", Language::En, Negative),
            ("The store opens at nine on Monday.", Language::En, Neutral),
            ("Great jeans, but the fit is disappointing.", Language::En, Mixed),
            ("Ik ben echt heel blij met mijn nieuwe camera, een aanrader!", Language::Nl, Positive),
            ("De klantenservice is waardeloos, ik ben zwaar teleurgesteld.", Language::Nl, Negative),
            ("Het was niet goed, zelfs helemaal niet goed.", Language::Nl, Negative),
            ("Ich bin total begeistert, die Kamera ist großartig.", Language::De, Positive),
            ("Die Jacke war kaputt und der Kundenservice ist eine Frechheit.", Language::De, Negative),
            ("Je suis ravie, la livraison était parfaite.", Language::Fr, Positive),
            ("Service client nul, colis jamais reçu. Plus jamais!", Language::Fr, Negative),
            ("Ce n'est pas génial du tout.", Language::Fr, Negative),
            ("Le service client ne m'a jamais répondu.", Language::Fr, Negative),
        ];
        for (text, lang, expected) in cases {
            let tone = tone_of_text(text, lang);
            assert_eq!(tone.sentiment(), expected, "{text}: {tone:?}");
        }
    }
}
