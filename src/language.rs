//! The languages BrandLens judges, their stemmers, and per-block language detection.

use crate::lexicon_syntax::{self, Section};
use crate::fasthash::FastMap;
use crate::vocabulary::{self, Vocabulary, Words};
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A language with a lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Nl,
    En,
    De,
    Fr,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::Nl, Language::En, Language::De, Language::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
        }
    }

    /// Parses a code such as `nl`, `NL`, `nl-BE` or `de_AT`.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The Snowball stemmer of this language.
    pub fn stemmer(self) -> Stemmer {
        Stemmer::create(match self {
            Language::Nl => Algorithm::Dutch,
            Language::En => Algorithm::English,
            Language::De => Algorithm::German,
            Language::Fr => Algorithm::French,
        })
    }
}

/// Each stop word with the languages it is a stop word of (bit `Language::index()`): one look-up a word.
fn stopwords() -> &'static FastMap<String, u8> {
    static STOPWORDS: OnceLock<FastMap<String, u8>> = OnceLock::new();
    STOPWORDS.get_or_init(|| {
        let mut languages_of = FastMap::default();
        for lang in Language::ALL {
            let name = format!("{}/_stopwords.txt", lang.code());
            let words = crate::lexicon::LEXICON_FILES
                .iter()
                .filter(|(file, _)| *file == name)
                .flat_map(|(_, text)| lexicon_syntax::parse("_stopwords.txt", text).unwrap_or_default())
                .filter(|e| e.section == Section::Stopword)
                .map(|e| crate::normalize::fold(e.phrase));
            for word in words {
                *languages_of.entry(word).or_insert(0) |= 1 << lang.index();
            }
        }
        languages_of
    })
}

/// The languages a folded word is a stop word of, as bits `Language::index()` (the vocabulary keeps
/// them for the words it has seen).
pub(crate) fn stopword_languages(word: &str) -> u8 {
    stopwords().get(word).copied().unwrap_or(0)
}

/// Detects the language of a run of words from its stop words. Returns `None` when fewer than three
/// stop words are seen or when no language leads clearly.
pub fn detect(text: &str) -> Option<Language> {
    vocabulary::with(|vocabulary| {
        vocabulary.make_room();
        let words = vocabulary.words(text);
        detect_words(vocabulary, &words)
    })
}

/// [`detect`] for words looked up in the vocabulary (and current: [`Vocabulary::current`]).
pub fn detect_words(vocabulary: &Vocabulary, words: &Words) -> Option<Language> {
    debug_assert!(vocabulary.is_current(words), "words of another epoch");
    let mut counts = [0usize; 4];
    for word in words.iter().take(400) {
        let languages = vocabulary.stopword_languages(word);
        for lang in Language::ALL {
            counts[lang.index()] += usize::from(languages >> lang.index() & 1);
        }
    }
    let mut ranked: Vec<_> = Language::ALL.into_iter().map(|l| (counts[l.index()], l)).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (best, lang) = ranked[0];
    let second = ranked[1].0;
    (best >= 3 && best * 4 >= second * 5).then_some(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_codes() {
        assert_eq!(Language::from_code("nl-BE"), Some(Language::Nl));
        assert_eq!(Language::from_code("DE_at"), Some(Language::De));
        assert_eq!(Language::from_code("es"), None);
    }

    #[test]
    fn detects_the_four_languages() {
        let cases = [
            ("De politie heeft een man aangehouden die verdacht wordt van het misdrijf in de stad.", Language::Nl),
            ("The police have arrested a man who is suspected of the crime in the city.", Language::En),
            ("Die Polizei hat einen Mann festgenommen, der verdächtigt wird, die Tat in der Stadt begangen zu haben.", Language::De),
            ("La police a arrêté un homme qui est soupçonné du crime dans la ville et il est en garde à vue.", Language::Fr),
        ];
        for (text, lang) in cases {
            assert_eq!(detect(text), Some(lang), "{text}");
        }
    }

    #[test]
    fn too_little_text_is_undecided() {
        assert_eq!(detect("Nikon Z 50"), None);
    }
}
