//! EasyList-style cosmetic (element-hiding) rules, through the adblock-rust crate: which CSS
//! selectors mark ad containers on a given page.
//!
//! Only cosmetic rules are kept (BrandLens blocks nothing; it finds placements). The engine is
//! compiled once from the list texts ([`Filters::from_lists`]) and can be serialized to bytes and
//! loaded back without parsing ([`Filters::from_bytes`]). The extension ships the lists
//! (`data/filters/`, EasyList and EasyList Dutch, see `NOTICE.md`); its service worker compiles
//! them on its first start and caches the bytes, so later cold starts only deserialize. The bytes
//! are platform-specific (adblock-rust's hashed indexes differ between 64-bit native code and
//! wasm32), so they are never made at build time.
//!
//! adblock-rust is used without its embedded public-suffix list (that would add hundreds of
//! kilobytes to the wasm); its domain resolver is ours ([`Signatures::registrable_domain`]).
//!
//! ```
//! let filters = brandlens::filters::Filters::from_lists(&["##.ad-banner\nnu.nl###nujij-ad\n@@||x.example^$generichide"]);
//! let page = filters.page_rules("https://www.nu.nl/artikel");
//! assert!(page.selectors.contains(&"#nujij-ad".to_string()));
//! let generic = filters.class_id_selectors(&["ad-banner", "story"], &[] as &[&str], &page.exceptions);
//! assert_eq!(generic, [".ad-banner"]);
//! ```

use crate::signatures::Signatures;
use adblock::lists::{FilterSet, ParseOptions, RuleTypes};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Once;

/// The bundled lists, in the order they are compiled: `(file name, text)`.
#[cfg(not(target_arch = "wasm32"))]
pub const BUNDLED_LISTS: &[(&str, &str)] = &[
    ("easylist.txt", include_str!("../data/filters/easylist.txt")),
    ("easylistdutch.txt", include_str!("../data/filters/easylistdutch.txt")),
];

struct RegistrableDomain;

impl adblock::url_parser::ResolvesDomain for RegistrableDomain {
    fn get_host_domain(&self, host: &str) -> (usize, usize) {
        if host.is_empty() {
            return (0, 0);
        }
        let domain = Signatures::get().registrable_domain(host);
        // Hosts arrive lower-case from adblock's own URL parser, so the domain is a suffix of it.
        match host.len().checked_sub(domain.len()).filter(|&start| host[start..].eq_ignore_ascii_case(&domain)) {
            Some(start) => (start, host.len()),
            None => (0, host.len()),
        }
    }
}

fn install_domain_resolver() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = adblock::url_parser::set_domain_resolver(Box::new(RegistrableDomain));
    });
}

/// The cosmetic rules that apply to one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageRules {
    /// Selectors for this host plus the generic rules too complex to index by class or id.
    pub selectors: Vec<String>,
    /// Class and id selectors this host exempts from generic rules; pass them to
    /// [`Filters::class_id_selectors`].
    pub exceptions: Vec<String>,
    /// Whether generic rules apply at all (`$generichide` turns them off).
    pub generic: bool,
}

/// A compiled set of cosmetic filter rules.
pub struct Filters {
    engine: adblock::Engine,
}

impl Filters {
    /// Compiles list texts in Adblock Plus syntax; lines that are not cosmetic rules are ignored.
    pub fn from_lists(lists: &[&str]) -> Filters {
        install_domain_resolver();
        let mut set = FilterSet::new(false);
        for list in lists {
            set.add_filter_list(list.to_string(), ParseOptions { rule_types: RuleTypes::CosmeticOnly, ..ParseOptions::default() });
        }
        Filters { engine: adblock::Engine::new_with_filter_set(set) }
    }

    /// The bundled lists (`data/filters/`), compiled. Native only: the extension loads them
    /// pre-compiled with [`Filters::from_bytes`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> &'static Filters {
        static BUNDLED: std::sync::OnceLock<Filters> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| Filters::from_lists(&BUNDLED_LISTS.iter().map(|(_, text)| *text).collect::<Vec<_>>()))
    }

    /// The compiled form, for [`Filters::from_bytes`]. Valid for this version of BrandLens only.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.engine.serialize()
    }

    /// Loads a compiled form; a truncated or foreign file is refused with a readable reason.
    pub fn from_bytes(bytes: &[u8]) -> Result<Filters, String> {
        install_domain_resolver();
        let mut engine = adblock::Engine::default();
        engine.deserialize(bytes).map_err(|e| format!("compiled filter rules are unreadable: {e:?}"))?;
        Ok(Filters { engine })
    }

    /// The rules for the page at `url`.
    pub fn page_rules(&self, url: &str) -> PageRules {
        let resources = self.engine.url_cosmetic_resources(url);
        let mut selectors: Vec<String> = resources.hide_selectors.into_iter().collect();
        selectors.sort();
        let mut exceptions: Vec<String> = resources.exceptions.into_iter().collect();
        exceptions.sort();
        PageRules { selectors, exceptions, generic: !resources.generichide }
    }

    /// The generic rules that the page's classes and ids call for.
    pub fn class_id_selectors(&self, classes: &[impl AsRef<str>], ids: &[impl AsRef<str>], exceptions: &[String]) -> Vec<String> {
        let exceptions: HashSet<String> = exceptions.iter().cloned().collect();
        let mut out = self.engine.hidden_class_id_selectors(
            classes.iter().map(|c| c.as_ref()),
            ids.iter().map(|i| i.as_ref()),
            &exceptions,
        );
        out.sort();
        out.dedup();
        out
    }

    /// All selectors for a page whose class names and ids are known: what a reader of saved HTML
    /// or a content script tests elements against.
    pub fn selectors_for(&self, url: &str, classes: &[impl AsRef<str>], ids: &[impl AsRef<str>]) -> Vec<String> {
        let page = self.page_rules(url);
        let mut all = page.selectors;
        if page.generic {
            all.extend(self.class_id_selectors(classes, ids, &page.exceptions));
        }
        all.sort();
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "! comment\n##.ad-banner\n###top-ad\n##div[id^=\"adfox_\"]\nnu.nl##.nu-ad\nexample.org#@#.ad-banner\n||ads.example^\n";

    #[test]
    fn host_rules_apply_only_to_their_host_and_exceptions_lift_generic_rules() {
        let f = Filters::from_lists(&[LIST]);
        let nu = f.selectors_for("https://www.nu.nl/a", &["ad-banner"], &["top-ad"]);
        assert_eq!(nu, ["#top-ad", ".ad-banner", ".nu-ad", "div[id^=\"adfox_\"]"]);
        let other = f.selectors_for("https://example.org/a", &["ad-banner"], &["top-ad"]);
        assert_eq!(other, ["#top-ad", "div[id^=\"adfox_\"]"]);
    }

    #[test]
    fn compiled_rules_round_trip_and_garbage_is_refused() {
        let f = Filters::from_lists(&[LIST]);
        let again = Filters::from_bytes(&f.to_bytes()).unwrap();
        assert_eq!(again.page_rules("https://www.nu.nl/"), f.page_rules("https://www.nu.nl/"));
        assert!(Filters::from_bytes(b"not a filter engine").err().unwrap().contains("unreadable"));
    }

    #[test]
    fn bundled_lists_know_common_ad_containers() {
        let f = Filters::bundled();
        let found = f.selectors_for("https://www.nu.nl/", &["adsbygoogle", "article-body"], &["taboola-below-article"]);
        assert!(found.iter().any(|s| s.contains("adsbygoogle")), "{found:?}");
    }
}

#[cfg(test)]
mod round_trip_tests {
    use super::*;

    #[test]
    fn bundled_rules_survive_compilation_to_bytes() {
        let again = Filters::from_bytes(&Filters::bundled().to_bytes()).unwrap();
        let found = again.selectors_for("http://127.0.0.1/slots.html", &["banner-ad", "card"], &[] as &[&str]);
        assert!(found.iter().any(|s| s == ".banner-ad"), "{}", found.len());
    }
}
