//! Compiles the lexicon files (`data/lexicons/`, embedded by `build.rs`) into one matcher per
//! language.
//!
//! Matching works on words, not bytes: every word is folded ([`crate::normalize`]) and stemmed with
//! the language's Snowball stemmer, and a phrase matches a run of words whose stems are the phrase's
//! stems in order. A compound head (`*misbruik`) also matches as the end of a word's stem, so it
//! finds `kindermisbruik`. A matcher holds its phrases as a trie over stem ids; each word of a text
//! is looked up once in the thread's [`vocabulary`], which keeps the word's stem
//! and what it is to the matcher ([`Term`]), so the text is never copied into a stemmed form.

use crate::language::Language;
use crate::lexicon_syntax::{self, FileKind, Section};
use crate::fasthash::FastMap;
use crate::normalize::tokenize;
use crate::taxonomy::{topic_index, TopicIndex};
use crate::vocabulary::{self, Vocabulary, Words};
use std::sync::atomic::{AtomicU32, Ordering};
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

/// No stem, node or compound head.
const NONE: u32 = u32::MAX;
/// The trie's root: phrases that start with a whole word start here.
const ROOT: u32 = 0;

/// What a word's stem is to one matcher: the id of the same stem in its phrases, the trie node of
/// phrases that start with it, and the longest compound head it ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    stem: u32,
    start: u32,
    head: u32,
}

impl Term {
    pub const NONE: Term = Term { stem: NONE, start: NONE, head: NONE };
}

/// A compound head: the stem a word's stem may end with, and the trie node after it.
struct Head {
    stem: Box<str>,
    node: u32,
    /// The other heads that end this one (`bruik` ends `misbruik`): a stem that ends with this
    /// head ends with them too.
    shorter: Vec<u32>,
}

/// A node of the phrase trie.
#[derive(Default)]
struct Node {
    /// The rules whose phrase ends here.
    rules: Vec<usize>,
    /// Length of the phrase's stems written out as ` stem1 stem2 ` (no leading space after a
    /// compound head): where phrases end at the same word, longer ones come first, as they did when
    /// stems were matched as text.
    length: u32,
}

/// The rules of one language, compiled into a trie of stem ids.
pub struct Matcher {
    language: Language,
    /// This matcher's own number, for the vocabulary to remember terms by.
    serial: u32,
    /// Every stem of a phrase, with its id.
    stems: FastMap<Box<str>, u32>,
    /// Longest first.
    heads: Vec<Head>,
    nodes: Vec<Node>,
    /// The trie's edges: node and stem id to the next node.
    next: FastMap<(u32, u32), u32>,
    pub rules: Vec<Rule>,
}

/// The stems of a phrase's words; empty when it has none.
fn phrase_stems(phrase: &str, language: Language) -> Vec<String> {
    let stemmer = language.stemmer();
    tokenize(phrase).iter().map(|t| stemmer.stem(&t.folded).into_owned()).collect()
}

impl Matcher {
    /// Compiles rules given with their compound flags.
    pub fn build(language: Language, entries: Vec<(Rule, bool)>) -> Matcher {
        static SERIALS: AtomicU32 = AtomicU32::new(1);
        let mut m = Matcher {
            language,
            serial: SERIALS.fetch_add(1, Ordering::Relaxed),
            stems: FastMap::default(),
            heads: Vec::new(),
            nodes: vec![Node::default()],
            next: FastMap::default(),
            rules: Vec::with_capacity(entries.len()),
        };
        for (rule, compound_head) in entries {
            let stems = phrase_stems(&rule.phrase, language);
            let Some((first, rest)) = stems.split_first() else { continue };
            let mut length = stems.iter().map(|s| s.len() as u32 + 1).sum::<u32>() + 1;
            let mut node = if compound_head {
                length -= 1;
                m.head_node(first)
            } else {
                let id = m.stem_id(first);
                m.child(ROOT, id)
            };
            for stem in rest {
                let id = m.stem_id(stem);
                node = m.child(node, id);
            }
            m.nodes[node as usize].length = length;
            m.nodes[node as usize].rules.push(m.rules.len());
            m.rules.push(rule);
        }
        m.heads.sort_by(|a, b| b.stem.len().cmp(&a.stem.len()));
        for h in 0..m.heads.len() {
            m.heads[h].shorter = (h + 1..m.heads.len()).filter(|&o| m.heads[h].stem.ends_with(&*m.heads[o].stem)).map(|o| o as u32).collect();
        }
        m
    }

    fn stem_id(&mut self, stem: &str) -> u32 {
        let next = self.stems.len() as u32;
        *self.stems.entry(stem.into()).or_insert(next)
    }

    fn child(&mut self, node: u32, stem: u32) -> u32 {
        let fresh = self.nodes.len() as u32;
        let child = *self.next.entry((node, stem)).or_insert(fresh);
        if child == fresh {
            self.nodes.push(Node::default());
        }
        child
    }

    fn head_node(&mut self, stem: &str) -> u32 {
        if let Some(head) = self.heads.iter().find(|h| &*h.stem == stem) {
            return head.node;
        }
        let node = self.nodes.len() as u32;
        self.nodes.push(Node::default());
        self.heads.push(Head { stem: stem.into(), node, shorter: Vec::new() });
        node
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub(crate) fn serial(&self) -> u32 {
        self.serial
    }

    /// What a stem is to this matcher (the vocabulary remembers it).
    pub(crate) fn term_of(&self, stem: &str) -> Term {
        let id = self.stems.get(stem).copied().unwrap_or(NONE);
        let start = if id == NONE { NONE } else { self.next.get(&(ROOT, id)).copied().unwrap_or(NONE) };
        let head = self.heads.iter().position(|h| stem.ends_with(&*h.stem)).map_or(NONE, |h| h as u32);
        Term { stem: id, start, head }
    }

    /// Every rule found in the words, overlapping ones included; ordered by the word they end at,
    /// then longest first. `words` are the words of `text`.
    pub fn find(&self, text: &str, words: &Words) -> Vec<Hit> {
        vocabulary::with(|vocabulary| {
            let words = vocabulary.current(text, words);
            self.find_words(vocabulary, &words)
        })
    }

    /// [`Matcher::find`] for words current in the vocabulary ([`Vocabulary::current`]).
    pub(crate) fn find_words(&self, vocabulary: &mut Vocabulary, words: &Words) -> Vec<Hit> {
        debug_assert!(vocabulary.is_current(words), "words of another epoch");
        // (last word, phrase length, node, first word) of every phrase found.
        let mut found: Vec<(usize, u32, u32, usize)> = Vec::new();
        for (first, word) in words.iter().enumerate() {
            let term = vocabulary.term(word, self);
            if term.start != NONE {
                self.walk(term.start, first, words, vocabulary, &mut found);
            }
            if term.head != NONE {
                let head = &self.heads[term.head as usize];
                for h in std::iter::once(term.head).chain(head.shorter.iter().copied()) {
                    self.walk(self.heads[h as usize].node, first, words, vocabulary, &mut found);
                }
            }
        }
        found.sort_by_key(|&(last, length, _, _)| (last, std::cmp::Reverse(length)));
        found
            .into_iter()
            .flat_map(|(last, _, node, first)| self.nodes[node as usize].rules.iter().map(move |&rule| Hit { rule, first, last }))
            .collect()
    }

    /// Follows the trie from `node`, reached with word `first`, through the words after it.
    fn walk(&self, mut node: u32, first: usize, words: &Words, vocabulary: &mut Vocabulary, found: &mut Vec<(usize, u32, u32, usize)>) {
        let mut last = first;
        loop {
            let here = &self.nodes[node as usize];
            if !here.rules.is_empty() {
                found.push((last, here.length, node, first));
            }
            last += 1;
            let Some(word) = words.get(last) else { return };
            let stem = vocabulary.term(word, self).stem;
            if stem == NONE {
                return;
            }
            match self.next.get(&(node, stem)) {
                Some(&child) => node = child,
                None => return,
            }
        }
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
        let text = "Het seksueel misbruik, kindermisbruik, twee moorden en een moordenaar.";
        let words = vocabulary::words(text);
        let found: Vec<_> = m
            .find(text, &words)
            .iter()
            .map(|h| (m.rules[h.rule].phrase.as_str(), words[h.first].in_text(text), h.last - h.first))
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
