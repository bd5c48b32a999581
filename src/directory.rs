//! The built-in brand directory (`data/brands/directory.tsv`): brand names from the
//! name-suggestion-index and the S&P 500 (see `NOTICE.md`), for naming an advertiser when no brand
//! profile claims it. A landing domain names a brand when its first label is the brand's name
//! folded to letters and digits (`albertheijn.nl` is Albert Heijn); a creative's text names one
//! when a capitalised run of words spells it exactly.
//!
//! The directory is data, not code: the CLI reads the bundled file, the extension's service worker
//! hands the same file to the engine ([`crate::Engine::set_directory`]), so the wasm stays small.

use crate::normalize::fold;
use crate::fasthash::FastMap;

/// The bundled directory text (native builds; the extension loads the same file at run time).
#[cfg(not(target_arch = "wasm32"))]
pub const BUNDLED: &str = include_str!("../data/brands/directory.tsv");

/// One brand of the directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Brand {
    pub name: String,
    /// Its Wikidata id, when the source list gives one.
    pub wikidata: Option<String>,
    /// The list it comes from: `nsi` or `sp500`.
    pub source: String,
}

/// Brands by folded name.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    brands: Vec<Brand>,
    by_key: FastMap<String, usize>,
}

/// A name folded to lower-case letters and digits: the form domains and names are compared in.
pub fn key(name: &str) -> String {
    if name.is_ascii() {
        // Most names; one pass, no folding needed beyond lower case.
        return name.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_lowercase() as char).collect();
    }
    fold(name).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Names shorter than this (folded) are too ambiguous to match.
const MIN_KEY: usize = 4;

impl Directory {
    /// Reads the directory's lines: `name<TAB>wikidata<TAB>source`; `#` starts a comment.
    pub fn parse(text: &str) -> Result<Directory, String> {
        let mut directory = Directory::default();
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(name), wikidata, Some(source)) = (fields.next(), fields.next(), fields.next()) else {
                return Err(format!("brand directory line {}: expected name, Wikidata id and source separated by tabs", number + 1));
            };
            let k = key(name);
            if k.chars().count() < MIN_KEY {
                continue;
            }
            let next = directory.brands.len();
            let std::collections::hash_map::Entry::Vacant(slot) = directory.by_key.entry(k) else { continue };
            slot.insert(next);
            directory.brands.push(Brand {
                name: name.trim().to_string(),
                wikidata: wikidata.filter(|w| !w.is_empty()).map(String::from),
                source: source.trim().to_string(),
            });
        }
        Ok(directory)
    }

    /// The bundled directory, parsed once.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> &'static Directory {
        static BUNDLED_DIRECTORY: std::sync::OnceLock<Directory> = std::sync::OnceLock::new();
        BUNDLED_DIRECTORY.get_or_init(|| Directory::parse(BUNDLED).expect("data/brands/directory.tsv is valid"))
    }

    pub fn len(&self) -> usize {
        self.brands.len()
    }

    pub fn is_empty(&self) -> bool {
        self.brands.is_empty()
    }

    /// The brand a registrable domain is named after (`albertheijn.nl`, `albert-heijn.com`).
    pub fn by_domain(&self, domain: &str) -> Option<&Brand> {
        let label = domain.split('.').next()?;
        self.by_key.get(&key(label)).map(|&i| &self.brands[i])
    }

    /// The longest brand name a text spells as a run of up to four capitalised words.
    pub fn in_text(&self, text: &str) -> Option<&Brand> {
        let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '(' | ')' | '!' | '?')).filter(|w| !w.is_empty()).collect();
        let mut best: Option<(usize, usize)> = None;
        for start in 0..words.len() {
            if !words[start].chars().next().is_some_and(|c| c.is_uppercase()) {
                continue;
            }
            for len in (1..=4.min(words.len() - start)).rev() {
                let k = key(&words[start..start + len].join(" "));
                if let Some(&i) = self.by_key.get(&k) {
                    if best.map_or(true, |(_, l)| k.len() > l) {
                        best = Some((i, k.len()));
                    }
                    break;
                }
            }
        }
        best.map(|(i, _)| &self.brands[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_texts_name_brands() {
        let d = Directory::parse("# test\nAlbert Heijn\tQ1653985\tnsi\nApple\t\tsp500\nBP\tQ152057\tnsi\n").unwrap();
        assert_eq!(d.len(), 2, "BP is too short to match safely");
        assert_eq!(d.by_domain("albertheijn.nl").map(|b| b.name.as_str()), Some("Albert Heijn"));
        assert_eq!(d.by_domain("albert-heijn.com").and_then(|b| b.wikidata.as_deref()), Some("Q1653985"));
        assert_eq!(d.in_text("Nu bij Albert Heijn: 2 halen, 1 betalen").map(|b| b.name.as_str()), Some("Albert Heijn"));
        assert!(d.in_text("an apple a day").is_none(), "lower-case words are not names");
        assert!(Directory::parse("just a name\n").unwrap_err().contains("line 1"));
    }

    #[test]
    fn the_bundled_directory_loads() {
        let d = Directory::bundled();
        assert!(d.len() > 10_000, "{}", d.len());
        assert_eq!(d.by_domain("albertheijn.nl").map(|b| b.source.as_str()), Some("nsi"));
    }
}
