//! Ad signatures (`data/ad_signatures.json`): how slots, ad labels and ad servers are recognised.
//! The same file feeds the content script (selectors, labels), so the browser and the CLI agree.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The raw JSON, for the bridge to hand to content scripts.
pub static SIGNATURES_JSON: &str = include_str!("../data/ad_signatures.json");

#[derive(Debug, Clone, Deserialize)]
pub struct SlotSelector {
    pub kind: String,
    pub selector: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Signatures {
    pub slot_selectors: Vec<SlotSelector>,
    /// Ad labels per language code, lower-case.
    pub labels: BTreeMap<String, Vec<String>>,
    /// Registrable domains of ad servers and redirectors: never an advertiser.
    pub ad_server_domains: Vec<String>,
    /// Query parameters that carry the landing URL in a click-through URL.
    pub landing_params: Vec<String>,
    /// Public suffixes of two labels, for finding the registrable domain.
    pub multi_part_suffixes: Vec<String>,
    /// IAB standard ad sizes, width × height in CSS pixels.
    pub iab_sizes: Vec<(u32, u32)>,
}

impl Signatures {
    pub fn get() -> &'static Signatures {
        static SIGNATURES: OnceLock<Signatures> = OnceLock::new();
        SIGNATURES.get_or_init(|| serde_json::from_str(SIGNATURES_JSON).expect("data/ad_signatures.json is valid"))
    }

    /// Whether a text is an ad label in any language ("Advertentie", "Anzeige", …).
    pub fn is_label(&self, text: &str) -> bool {
        let folded = crate::normalize::fold(text.trim());
        let folded = folded.trim_matches(|c: char| !c.is_alphanumeric());
        !folded.is_empty()
            && self.labels.values().flatten().any(|l| crate::normalize::fold(l) == folded)
    }

    /// The registrable domain of a host (`www.shop.nikon.co.uk` gives `nikon.co.uk`).
    pub fn registrable_domain(&self, host: &str) -> String {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() <= 2 || host.parse::<std::net::IpAddr>().is_ok() {
            return host;
        }
        let last_two = labels[labels.len() - 2..].join(".");
        let keep = if self.multi_part_suffixes.iter().any(|s| *s == last_two) { 3 } else { 2 };
        labels[labels.len().saturating_sub(keep)..].join(".")
    }

    pub fn is_ad_server(&self, domain: &str) -> bool {
        self.ad_server_domains.iter().any(|d| d == domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_labels_in_four_languages() {
        let s = Signatures::get();
        for label in ["Advertentie", "ANZEIGE", "Publicité", "Sponsored", " Gesponsord: "] {
            assert!(s.is_label(label), "{label}");
        }
        assert!(!s.is_label("Advertenties bekijken en meer lezen"));
    }

    #[test]
    fn finds_registrable_domains() {
        let s = Signatures::get();
        assert_eq!(s.registrable_domain("www.shop.nikon.co.uk"), "nikon.co.uk");
        assert_eq!(s.registrable_domain("ad.doubleclick.net"), "doubleclick.net");
        assert_eq!(s.registrable_domain("127.0.0.1"), "127.0.0.1");
    }
}
