//! The words a thread has judged, each folded word once under a number (its [`WordId`]): the
//! languages it is a stop word of, its stem in each language, and what that stem is to the matcher
//! that last looked it up.
//!
//! Judging reads every word of a page, and words repeat: a page has a few thousand different words
//! in tens of thousands, and pages share most of them. A block's words are looked up here once, and
//! from then on language detection and matching work on the ids, so a word is stemmed and looked up
//! in a lexicon once, not at every occurrence. The words are kept back to back in one buffer, with a
//! small open-addressing table of ids to find them.
//!
//! A text's [`Words`] are their spans in the text and their ids. Ids are valid until the vocabulary
//! is emptied, which happens only in [`Vocabulary::make_room`], at the start of a judgement; words
//! kept from before (a block judged again) are looked up again when it was ([`Vocabulary::refresh`]).

use crate::fasthash::FastHasher;
use crate::language::{self, Language};
use crate::lexicon::{Matcher, Term};
use crate::normalize::{fold_into, for_each_word, Folded};
use rust_stemmers::Stemmer;
use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::Hasher;
use std::sync::atomic::{AtomicU32, Ordering};

/// A word's number in the vocabulary.
pub type WordId = u32;

const NONE: u32 = u32::MAX;
/// The 0x20 bit of every byte: or-ed in, ASCII letters and digits are their lower case.
const LOWER_CASE: u64 = 0x2020_2020_2020_2020;

/// Words held before the vocabulary is emptied at the start of a judgement (2-5 MB with the stems
/// and terms of one or two languages). 8,192 words a language was too few for the English of the
/// benchmark's 40 real pages: emptied over and over, and judging spent half its time stemming the
/// same words again.
const VOCABULARY_WORDS: usize = 65_536;

/// A place in the table: a word's id and the high half of its hash (most misses end there, without
/// reading the word).
#[derive(Clone, Copy)]
struct Slot {
    tag: u32,
    id: WordId,
}

const EMPTY: Slot = Slot { tag: 0, id: NONE };

/// The next epoch of any thread's vocabulary. Epochs are unique across threads, so words looked up
/// in one thread (a kept page moved to another) are never taken for current in another. It starts
/// at 1: [`Words::default`] (epoch 0) is current nowhere.
static NEXT_EPOCH: AtomicU32 = AtomicU32::new(1);

fn next_epoch() -> u32 {
    NEXT_EPOCH.fetch_add(1, Ordering::Relaxed)
}

/// A word of a text: where it starts, and its folded form's id in the vocabulary of the time.
/// The offset is 32-bit (a text block is under 4 GB): 8 bytes a word, kept for every word of a
/// page (2 MB of text is some 350,000 words). Where it ends is read again from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    start: u32,
    id: WordId,
}

impl Word {
    /// Byte offset of the first character.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset just past the last character, in `text`, the text it was read from.
    pub fn end(&self, text: &str) -> usize {
        crate::normalize::word_end(text, self.start()).0
    }

    /// The word as written in `text`, the text it was read from.
    pub fn in_text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start()..self.end(text)]
    }
}

/// The words of a text (as [`crate::normalize::tokenize`] splits them), with ids valid in one
/// epoch of the vocabulary ([`Vocabulary::words`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    words: Vec<Word>,
    /// The vocabulary's epoch when the ids were looked up.
    epoch: u32,
}

impl Words {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Word> {
        self.words.iter()
    }

    pub fn get(&self, i: usize) -> Option<&Word> {
        self.words.get(i)
    }
}

impl std::ops::Index<usize> for Words {
    type Output = Word;

    fn index(&self, i: usize) -> &Word {
        &self.words[i]
    }
}

/// What the words are in one language.
#[derive(Default)]
struct InLanguage {
    /// Per word, the id of its stem (itself a word of the vocabulary); `NONE` until stemmed.
    stems: Vec<WordId>,
    /// Per stem, the matcher that last asked ([`Matcher::serial`], 0 for none) and what it is to it.
    terms: Vec<(u32, Term)>,
}

pub struct Vocabulary {
    /// Copied for each word hashed (its key is read once).
    hasher: FastHasher,
    /// Changed each time it is emptied, unique across threads ([`NEXT_EPOCH`]): ids of another
    /// epoch are void.
    epoch: u32,
    stemmers: [Stemmer; 4],
    /// Where folded words are made.
    folded: String,
    /// Twice as many as words, at least: a power of two.
    slots: Vec<Slot>,
    /// The words back to back; word `i` ends at `ends[i]`.
    text: String,
    ends: Vec<u32>,
    /// Per word, bit `Language::index()` set for each language it is a stop word of.
    stopword_languages: Vec<u8>,
    languages: [InLanguage; 4],
}

thread_local! {
    static VOCABULARY: RefCell<Vocabulary> = RefCell::new(Vocabulary::new());
}

/// Runs `work` with this thread's vocabulary.
pub fn with<R>(work: impl FnOnce(&mut Vocabulary) -> R) -> R {
    VOCABULARY.with_borrow_mut(work)
}

/// The words of `text`, looked up in this thread's vocabulary.
pub fn words(text: &str) -> Words {
    with(|vocabulary| vocabulary.words(text))
}


/// Whether `held` (a folded word) is `word` with `mask` or-ed into each of its bytes: compared 8
/// bytes at a time, as words are short and a library call per comparison weighed.
fn same_word(held: &[u8], word: &[u8], mask: u64) -> bool {
    if held.len() != word.len() {
        return false;
    }
    let (mut held_chunks, mut word_chunks) = (held.chunks_exact(8), word.chunks_exact(8));
    for (h, w) in (&mut held_chunks).zip(&mut word_chunks) {
        if u64::from_le_bytes(h.try_into().expect("8 bytes")) != u64::from_le_bytes(w.try_into().expect("8 bytes")) | mask {
            return false;
        }
    }
    held_chunks.remainder().iter().zip(word_chunks.remainder()).all(|(&h, &w)| h == w | mask as u8)
}

impl Vocabulary {
    fn new() -> Vocabulary {
        Vocabulary {
            epoch: next_epoch(),
            hasher: FastHasher::default(),
            folded: String::new(),
            stemmers: Language::ALL.map(Language::stemmer),
            slots: vec![EMPTY; 1024],
            text: String::new(),
            ends: Vec::new(),
            stopword_languages: Vec::new(),
            languages: Default::default(),
        }
    }

    /// `mask`: see [`FastHasher::write_masked`].
    fn hash(&self, word: &[u8], mask: u64) -> u64 {
        let mut hasher = self.hasher;
        hasher.write_masked(word, mask);
        hasher.finish()
    }

    /// Empties the vocabulary if it is full. Ids looked up before are no longer valid.
    pub fn make_room(&mut self) {
        if self.ends.len() >= VOCABULARY_WORDS {
            self.epoch = next_epoch();
            self.slots.clear();
            self.slots.resize(1024, EMPTY);
            self.text.clear();
            self.ends.clear();
            self.stopword_languages.clear();
            self.languages = Default::default();
        }
    }

    /// Where word `id` stands in `text`.
    fn span(&self, id: WordId) -> std::ops::Range<usize> {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] as usize };
        start..self.ends[id] as usize
    }

    /// The folded word of an id (current: looked up in this epoch).
    pub fn word(&self, id: WordId) -> &str {
        &self.text[self.span(id)]
    }

    /// The id of a folded word, added if new.
    pub fn id(&mut self, word: &str) -> WordId {
        self.id_of(word, 0)
    }

    /// The id of a word of ASCII letters and digits as written (its folded form is its lower case).
    fn id_of_ascii(&mut self, word: &str) -> WordId {
        self.id_of(word, LOWER_CASE)
    }

    /// `mask` is 0 for a folded word, [`LOWER_CASE`] for an ASCII word as written.
    fn id_of(&mut self, word: &str, mask: u64) -> WordId {
        let hash = self.hash(word.as_bytes(), mask);
        let tag = (hash >> 32) as u32;
        let slots = self.slots.len() - 1;
        let mut i = hash as usize & slots;
        loop {
            let slot = self.slots[i];
            if slot.id == NONE {
                break;
            }
            if slot.tag == tag {
                if same_word(&self.text.as_bytes()[self.span(slot.id)], word.as_bytes(), mask) {
                    return slot.id;
                }
            }
            i = (i + 1) & slots;
        }
        let id = self.ends.len() as WordId;
        self.slots[i] = Slot { tag, id };
        let start = self.text.len();
        self.text.push_str(word);
        self.text[start..].make_ascii_lowercase();
        self.ends.push(u32::try_from(self.text.len()).expect("the vocabulary is bounded"));
        self.stopword_languages.push(language::stopword_languages(&self.text[start..]));
        if self.ends.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let mut slots = vec![EMPTY; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for id in 0..self.ends.len() as WordId {
            let hash = self.hash(self.word(id).as_bytes(), 0);
            let mut i = hash as usize & mask;
            while slots[i].id != NONE {
                i = (i + 1) & mask;
            }
            slots[i] = Slot { tag: (hash >> 32) as u32, id };
        }
        self.slots = slots;
    }

    /// Splits `text` into words and looks each up.
    pub fn words(&mut self, text: &str) -> Words {
        let mut folded = std::mem::take(&mut self.folded);
        let mut words = Words { words: Vec::with_capacity(text.len() / 6), epoch: self.epoch };
        let offset = |at: usize| u32::try_from(at).expect("a text block is under 4 GB");
        for_each_word(text, &mut folded, |start, _, word| {
            let id = match word {
                Folded::Ascii(word) => self.id_of_ascii(word),
                Folded::Other(folded) => self.id(folded),
            };
            words.words.push(Word { start: offset(start), id });
        });
        self.folded = folded;
        words.words.shrink_to_fit();
        words
    }

    /// `words` of `text` with ids valid now: as looked up, unless the vocabulary was emptied since.
    pub fn current<'w>(&mut self, text: &str, words: &'w Words) -> Cow<'w, Words> {
        if words.epoch == self.epoch {
            return Cow::Borrowed(words);
        }
        let mut again = words.clone();
        self.refresh(text, &mut again);
        Cow::Owned(again)
    }

    /// Whether the ids of `words` are valid now (looked up since the vocabulary was last emptied).
    pub fn is_current(&self, words: &Words) -> bool {
        words.epoch == self.epoch
    }

    /// Looks `words` of `text` up again if the vocabulary was emptied since they were.
    pub fn refresh(&mut self, text: &str, words: &mut Words) {
        if words.epoch == self.epoch {
            return;
        }
        let mut folded = std::mem::take(&mut self.folded);
        for word in &mut words.words {
            folded.clear();
            fold_into(word.in_text(text), &mut folded);
            word.id = self.id(&folded);
        }
        words.epoch = self.epoch;
        self.folded = folded;
    }

    /// The languages a word is a stop word of, as bits `Language::index()`.
    pub fn stopword_languages(&self, word: &Word) -> u8 {
        self.stopword_languages[word.id as usize]
    }

    /// What a word is to `matcher`: stemmed once a language, looked up in the matcher once until
    /// another matcher of the language asks.
    pub fn term(&mut self, word: &Word, matcher: &Matcher) -> Term {
        let (id, language) = (word.id, matcher.language().index());
        let stem = match self.languages[language].stems.get(id as usize) {
            Some(&stem) if stem != NONE => stem,
            _ => {
                let stem = self.stemmers[language].stem(self.word(id)).into_owned();
                let stem = self.id(&stem);
                let stems = &mut self.languages[language].stems;
                if stems.len() <= id as usize {
                    stems.resize(self.ends.len(), NONE);
                }
                stems[id as usize] = stem;
                stem
            }
        };
        let terms = &mut self.languages[language].terms;
        if terms.len() <= stem as usize {
            terms.resize(self.ends.len(), (0, Term::NONE));
        }
        let (serial, term) = terms[stem as usize];
        if serial == matcher.serial() {
            return term;
        }
        let term = matcher.term_of(self.word(stem));
        self.languages[language].terms[stem as usize] = (matcher.serial(), term);
        term
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_another_thread_are_not_current() {
        let text = "Words looked up in one thread, judged in another";
        let words = words(text);
        let moved = words.clone();
        let (current_there, ids_there) = std::thread::spawn(move || {
            with(|v| {
                // A fresh vocabulary of its own, of the same size: the ids alone would pass.
                v.words("others first: a few words");
                let current = v.is_current(&moved);
                let again = v.current(text, &moved).into_owned();
                (current, again.iter().map(|w| v.word(w.id).to_string()).collect::<Vec<_>>())
            })
        })
        .join()
        .unwrap();
        assert!(!current_there, "another thread's vocabulary starts at an epoch of its own");
        let ids_here: Vec<String> = with(|v| words.iter().map(|w| v.word(w.id).to_string()).collect());
        assert_eq!(ids_there, ids_here, "looked up again there, the same words");
        assert!(!with(|v| v.is_current(&Words::default())), "no vocabulary is at epoch 0");
    }

    fn ids(v: &mut Vocabulary, text: &str) -> Vec<WordId> {
        v.words(text).iter().map(|w| w.id).collect()
    }

    #[test]
    fn a_word_as_written_has_the_id_of_its_folded_form() {
        let mut v = Vocabulary::new();
        // ASCII as written (lower-cased in the table) and folded non-ASCII words meet.
        let cafe = v.id("cafe");
        assert_eq!(ids(&mut v, "CAFE cafe Cafe Café café CAFÉ"), vec![cafe; 6]);
        assert_eq!(v.id_of_ascii("CaFe"), cafe);
        assert_eq!(v.word(cafe), "cafe");
        let strasse = v.id("strasse");
        assert_eq!(ids(&mut v, "Straße STRASSE strasse"), vec![strasse; 3]);
        assert_ne!(v.id("caf"), cafe);
        assert_ne!(v.id("cafes"), cafe);
        // Words of 8 bytes and more are compared 8 at a time, the rest byte by byte.
        let long = v.id("investigation");
        assert_eq!(ids(&mut v, "INVESTIGATION Investigation investigation"), vec![long; 3]);
    }

    #[test]
    fn ids_stay_as_the_table_grows() {
        let mut v = Vocabulary::new();
        let word = |i: usize| if i % 2 == 0 { format!("Word{i}X") } else { format!("wörd{i}") };
        let text: String = (0..2_000).map(|i| word(i) + " ").collect();
        let first = ids(&mut v, &text);
        assert!(v.slots.len() > 1024, "the table grew");
        assert_eq!(first, (0..2_000).collect::<Vec<WordId>>(), "numbered in order of arrival");
        assert_eq!(ids(&mut v, &text.to_uppercase()), first);
        assert_eq!(ids(&mut v, &text), first);
        for (i, &id) in first.iter().enumerate() {
            assert_eq!(v.word(id), crate::normalize::fold(&word(i)));
        }
    }

    #[test]
    fn emptied_past_its_bound_words_are_looked_up_again() {
        let mut v = Vocabulary::new();
        let text = "The police arrested the SUSPECT in the café";
        let words = v.words(text);
        let spelled = |v: &Vocabulary, words: &Words| words.iter().map(|w| v.word(w.id).to_string()).collect::<Vec<_>>();
        let before = spelled(&v, &words);
        v.make_room();
        assert!(v.is_current(&words), "not emptied under its bound");
        for i in 0..VOCABULARY_WORDS {
            v.id(&format!("filler{i}"));
        }
        v.make_room();
        assert!(!v.is_current(&words), "emptied");
        assert_eq!(v.ends.len(), 0);
        let again = v.current(text, &words);
        assert!(matches!(again, Cow::Owned(_)));
        let again = again.into_owned();
        assert!(v.is_current(&again));
        assert_eq!(spelled(&v, &again), before);
        let mut refreshed = words.clone();
        v.refresh(text, &mut refreshed);
        assert_eq!(refreshed, again);
        assert!(matches!(v.current(text, &refreshed), Cow::Borrowed(_)));
        assert_eq!(refreshed, v.words(text), "as a fresh look-up");
    }
}
