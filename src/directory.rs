//! The built-in brand directory (`data/brands/directory.tsv`): brand names from the
//! name-suggestion-index and the S&P 500 (see `NOTICE.md`), for naming an advertiser when no brand
//! profile claims it. A landing domain names a brand when its first label is the brand's name
//! folded to letters and digits (`albertheijn.nl` is Albert Heijn); a creative's text names one
//! when a capitalised run of words spells it exactly.
//!
//! The directory is data, not code: the CLI reads the bundled file, the extension's service worker
//! hands the engine its indexed form ([`Directory::to_bytes`], written at build time by
//! `brandlens directory`: names keyed and sorted, searched in place, see [`crate::line_table`]), so
//! the wasm stays small and a cold start parses nothing.

use crate::line_table::{self, LineTable};
use crate::normalize::fold;

/// The bundled directory text (native builds; the extension loads its indexed form at run time).
#[cfg(not(target_arch = "wasm32"))]
pub const BUNDLED: &str = include_str!("../data/brands/directory.tsv");

/// The first line of the indexed form; a new format gets a new number.
const INDEX_HEADER: &str = "brandlens brand directory 1";

/// One brand of the directory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Brand<'d> {
    pub name: &'d str,
    /// Its Wikidata id, when the source list gives one.
    pub wikidata: Option<&'d str>,
    /// The list it comes from: `nsi` or `sp500`.
    pub source: &'d str,
}

/// Brands by folded name: the indexed form, one line `key<TAB>name<TAB>wikidata<TAB>source` a
/// brand, sorted by key.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    text: String,
    brands: LineTable,
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
    /// Reads the directory's lines: `name<TAB>wikidata<TAB>source`; `#` starts a comment. Where two
    /// names fold to the same key, the first one listed is kept.
    pub fn parse(text: &str) -> Result<Directory, String> {
        let mut keyed = Vec::new();
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(name), wikidata, Some(source)) = (fields.next(), fields.next(), fields.next()) else {
                return Err(format!("brand directory line {}: expected name, Wikidata id and source separated by tabs", number + 1));
            };
            let k = key(name);
            if k.chars().count() >= MIN_KEY {
                keyed.push((k, format!("{}\t{}\t{}", name.trim(), wikidata.unwrap_or(""), source.trim())));
            }
        }
        // A stable sort keeps the first of equal keys first.
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.dedup_by(|later, first| later.0 == first.0);
        let mut index = format!("{INDEX_HEADER}\n");
        line_table::write_table(&mut index, "brands", keyed.into_iter().map(|(k, brand)| format!("{k}\t{brand}")).collect());
        Directory::from_bytes(index.as_bytes())
    }

    /// Loads the indexed form; a truncated or foreign file is refused with a readable reason.
    pub fn from_bytes(bytes: &[u8]) -> Result<Directory, String> {
        let (text, brands) = line_table::read_tables(bytes, INDEX_HEADER, "brand directory index unreadable", |_, tables| tables.next("brands"))?;
        Ok(Directory { text, brands })
    }

    /// The indexed form, for [`Directory::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        self.text.clone().into_bytes()
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

    fn get(&self, key: &str) -> Option<Brand<'_>> {
        let line = self.brands.find(&self.text, key).next()?;
        let mut fields = line.split('\t').skip(1);
        let (name, wikidata, source) = (fields.next()?, fields.next()?, fields.next()?);
        Some(Brand { name, wikidata: Some(wikidata).filter(|w| !w.is_empty()), source })
    }

    /// The brand a registrable domain is named after (`albertheijn.nl`, `albert-heijn.com`).
    pub fn by_domain(&self, domain: &str) -> Option<Brand<'_>> {
        let label = domain.split('.').next()?;
        self.get(&key(label))
    }

    /// The longest brand name a text spells as a run of up to four capitalised words.
    pub fn in_text(&self, text: &str) -> Option<Brand<'_>> {
        let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '(' | ')' | '!' | '?')).filter(|w| !w.is_empty()).collect();
        let mut best: Option<(Brand<'_>, usize)> = None;
        for start in 0..words.len() {
            if !words[start].chars().next().is_some_and(|c| c.is_uppercase()) {
                continue;
            }
            for len in (1..=4.min(words.len() - start)).rev() {
                let k = key(&words[start..start + len].join(" "));
                if let Some(brand) = self.get(&k) {
                    if best.map_or(true, |(_, l)| k.len() > l) {
                        best = Some((brand, k.len()));
                    }
                    break;
                }
            }
        }
        best.map(|(brand, _)| brand)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_texts_name_brands() {
        let d = Directory::parse("# test\nAlbert Heijn\tQ1653985\tnsi\nApple\t\tsp500\nBP\tQ152057\tnsi\n").unwrap();
        assert_eq!(d.len(), 2, "BP is too short to match safely");
        assert_eq!(d.by_domain("albertheijn.nl").map(|b| b.name), Some("Albert Heijn"));
        assert_eq!(d.by_domain("albert-heijn.com").and_then(|b| b.wikidata), Some("Q1653985"));
        assert_eq!(d.in_text("Nu bij Albert Heijn: 2 halen, 1 betalen").map(|b| b.name), Some("Albert Heijn"));
        assert!(d.in_text("an apple a day").is_none(), "lower-case words are not names");
        assert!(Directory::parse("just a name\n").unwrap_err().contains("line 1"));
        let again = Directory::from_bytes(&d.to_bytes()).unwrap();
        assert_eq!(again.by_domain("albertheijn.nl"), d.by_domain("albertheijn.nl"));
        assert!(Directory::from_bytes(b"Albert Heijn\tQ1653985\tnsi\n").unwrap_err().contains("unreadable"));
    }

    #[test]
    fn the_first_of_two_names_with_one_key_is_kept() {
        let d = Directory::parse("Albert-Heijn\t\tnsi\nAlbert Heijn\tQ1653985\tnsi\n").unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d.by_domain("albertheijn.nl").map(|b| b.name), Some("Albert-Heijn"));
    }

    #[test]
    fn the_bundled_directory_loads() {
        let d = Directory::bundled();
        assert!(d.len() > 10_000, "{}", d.len());
        assert_eq!(d.by_domain("albertheijn.nl").map(|b| b.source), Some("nsi"));
    }
}
