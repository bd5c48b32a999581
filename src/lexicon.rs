//! Compiles the lexicon files (`data/lexicons/`, embedded by `build.rs`) into one multi-pattern
//! matcher per language.
//!
//! Matching runs over *stemmed text*: every word is folded ([`crate::normalize`]) and stemmed with
//! the language's Snowball stemmer, and the stems are joined with single spaces and framed by spaces
//! (` stem1 stem2 `). A phrase becomes the pattern ` s1 s2 `, so it matches whole words in order; a
//! compound head (`*misbruik`) becomes `misbruik `, which also matches the end of `kindermisbruik`.
//! One Aho-Corasick automaton per language finds every rule in a single pass.

use crate::language::Language;
use crate::lexicon_syntax::{self, FileKind, Section};
use crate::fasthash::FastMap;
use crate::normalize::{words, Words};
use crate::taxonomy::{topic_index, TopicIndex};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rust_stemmers::Stemmer;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/lexicon_files.rs"));

/// One compiled lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The topic it signals; `None` for language-wide cues.
    pub topic: Option<TopicIndex>,
    pub section: Section,
    pub weight: u8,
    /// The phrase as written in the file.
    pub phrase: String,
    /// Where it comes from: `nl/crime.txt:12`, or `profile Nikon: block` for a user's term.
    pub source: String,
}

/// A rule found in a text, as a range of word indices (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    pub first: usize,
    pub last: usize,
}

/// Stems of words already seen, per language. Stemming is most of the cost of judging, and words
/// repeat: a page has a few thousand different words in tens of thousands. Bounded: emptied when full.
struct StemCache {
    stemmer: Stemmer,
    stems: FastMap<Box<str>, Box<str>>,
}

/// Words a stem cache holds before it is emptied (about 2 MB a language). 8,192 was too few for
/// the English of the benchmark's 40 real pages: emptied over and over, and judging spent half its
/// time stemming the same words again.
const STEM_CACHE_WORDS: usize = 16_384;

impl StemCache {
    /// Appends the stem of `word` to `out`: one look-up for a word seen before.
    fn push_stem(&mut self, word: &str, out: &mut String) {
        if let Some(stem) = self.stems.get(word) {
            out.push_str(stem);
            return;
        }
        if self.stems.len() >= STEM_CACHE_WORDS {
            self.stems.clear();
        }
        let stem = self.stemmer.stem(word);
        out.push_str(&stem);
        self.stems.insert(word.into(), stem.into());
    }
}

thread_local! {
    static STEMS: RefCell<[StemCache; 4]> =
        RefCell::new(Language::ALL.map(|language| StemCache { stemmer: language.stemmer(), stems: FastMap::default() }));
}

/// Words of a text with their stems, ready to match.
pub struct StemmedText {
    /// The words, with their spans in the text and their folded forms.
    pub tokens: Words,
    /// ` stem1 stem2 … `
    joined: String,
    /// Byte offset in `joined` where each word's stem starts.
    starts: Vec<usize>,
}

impl StemmedText {
    pub fn new(text: &str, language: Language) -> StemmedText {
        Self::from_words(words(text), language)
    }

    pub fn from_words(words: Words, language: Language) -> StemmedText {
        let mut joined = String::with_capacity(words.folded_len() + words.len() + 1);
        let mut starts = Vec::with_capacity(words.len());
        joined.push(' ');
        STEMS.with_borrow_mut(|stems| {
            let stems = &mut stems[language.index()];
            for word in words.iter_folded() {
                starts.push(joined.len());
                stems.push_stem(word, &mut joined);
                joined.push(' ');
            }
        });
        StemmedText { tokens: words, joined, starts }
    }

    /// The word whose stem covers byte `offset` of the joined text.
    fn word_at(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// The rules of one language, compiled into one automaton.
pub struct Matcher {
    automaton: AhoCorasick,
    /// For each pattern of the automaton, the rules that share it.
    rules_of_pattern: Vec<Vec<usize>>,
    pub rules: Vec<Rule>,
}

/// Turns a phrase into its stemmed pattern; `None` when it has no words.
fn pattern(phrase: &str, compound_head: bool, language: Language) -> Option<String> {
    let stemmed = StemmedText::new(phrase, language);
    if stemmed.tokens.is_empty() {
        return None;
    }
    Some(if compound_head { stemmed.joined[1..].to_string() } else { stemmed.joined })
}

impl Matcher {
    /// Compiles rules given with their compound flags.
    pub fn build(language: Language, entries: Vec<(Rule, bool)>) -> Matcher {
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut rules_of_pattern: Vec<Vec<usize>> = Vec::new();
        let mut rules = Vec::with_capacity(entries.len());
        for (rule, compound_head) in entries {
            let Some(p) = pattern(&rule.phrase, compound_head, language) else { continue };
            let id = *by_pattern.entry(p.clone()).or_insert_with(|| {
                patterns.push(p);
                rules_of_pattern.push(Vec::new());
                patterns.len() - 1
            });
            rules_of_pattern[id].push(rules.len());
            rules.push(rule);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("lexicon patterns compile");
        Matcher { automaton, rules_of_pattern, rules }
    }

    /// Every rule found in the text, overlapping ones included.
    pub fn find(&self, text: &StemmedText) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.automaton.find_overlapping_iter(text.joined.as_str()) {
            // A pattern starts with the space before its first word, or (compound head) inside it.
            let first = text.word_at(m.start() + 1);
            let last = text.word_at(m.end() - 2);
            for &rule in &self.rules_of_pattern[m.pattern().as_usize()] {
                hits.push(Hit { rule, first, last });
            }
        }
        hits
    }
}

/// The built-in lexicons: one matcher per language, each compiled on its first use. A page needs
/// one or two of the four languages, and compiling all four was most of the engine's set-up on a
/// service worker's cold start.
pub struct Lexicon {
    matchers: [OnceLock<Matcher>; 4],
}

impl Lexicon {
    /// The embedded lexicon files, compiled as they are needed. Files were validated by `build.rs`.
    pub fn builtin() -> Lexicon {
        Lexicon { matchers: Default::default() }
    }

    fn compile(lang: Language) -> Matcher {
        let mut entries = Vec::new();
        for (name, text) in LEXICON_FILES {
            let Some(file) = name.strip_prefix(lang.code()).and_then(|n| n.strip_prefix('/')) else {
                continue;
            };
            let kind = FileKind::of(file);
            let topic = match kind {
                FileKind::Stopwords => continue,
                FileKind::Cues => None,
                FileKind::Topic => match topic_index(file.trim_end_matches(".txt")) {
                    Some(t) => Some(t),
                    None => continue,
                },
            };
            for e in lexicon_syntax::parse(file, text).expect("validated by build.rs") {
                let rule = Rule {
                    topic,
                    section: e.section,
                    weight: e.weight,
                    phrase: e.phrase.to_string(),
                    source: format!("{name}:{}", e.line),
                };
                entries.push((rule, e.compound_head));
            }
        }
        Matcher::build(lang, entries)
    }

    pub fn matcher(&self, language: Language) -> &Matcher {
        self.matchers[language.index()].get_or_init(|| Self::compile(language))
    }

    /// Number of rules per language, for diagnostics.
    pub fn rule_counts(&self) -> Vec<(Language, usize)> {
        Language::ALL.into_iter().map(|l| (l, self.matcher(l).rules.len())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(phrase: &str) -> Rule {
        Rule { topic: Some(0), section: Section::Terms, weight: 3, phrase: phrase.into(), source: "test".into() }
    }

    #[test]
    fn matches_whole_words_inflections_and_compound_heads() {
        let m = Matcher::build(
            Language::Nl,
            vec![(rule("seksueel misbruik"), false), (rule("misbruik"), true), (rule("moord"), false)],
        );
        let text = StemmedText::new("Het seksueel misbruik, kindermisbruik, twee moorden en een moordenaar.", Language::Nl);
        let found: Vec<_> = m
            .find(&text)
            .iter()
            .map(|h| (m.rules[h.rule].phrase.as_str(), text.tokens.folded(h.first), h.last - h.first))
            .collect();
        assert!(found.contains(&("seksueel misbruik", "seksueel", 1)), "{found:?}");
        assert!(found.contains(&("moord", "moorden", 0)), "inflection: {found:?}");
        assert!(found.contains(&("misbruik", "kindermisbruik", 0)), "{found:?}");
        assert!(!found.iter().any(|f| f.1 == "moordenaar"), "moordenaar is not moord: {found:?}");
    }

    #[test]
    fn builtin_lexicon_has_every_language() {
        let lexicon = Lexicon::builtin();
        for (lang, count) in lexicon.rule_counts() {
            assert!(count > 0, "{lang:?} has no rules");
        }
    }
}
