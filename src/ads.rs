//! Who pays for an ad: the advertiser behind a creative, from its click-through URLs, alt texts and
//! visible text. Every attribution says where it comes from and how sure it is.

use crate::directory::Directory;
use crate::normalize::fold;
use crate::profile::BrandProfile;
use crate::signatures::Signatures;
use crate::snapshot::Creative;
use serde::{Deserialize, Serialize};
use url::Url;

/// The advertiser of one ad, as far as it can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Advertiser {
    /// The brand's name, when known.
    pub brand: Option<String>,
    /// The registrable domain the ad leads to.
    pub domain: Option<String>,
    /// How it was found: `profile-domain`, `alt-text`, `creative-text` (a brand profile);
    /// `directory-domain`, `directory-text` (the built-in brand directory); `landing-domain` (the
    /// domain's own name).
    pub source: Option<String>,
    /// 0 to 1.
    pub confidence: f64,
    /// The brand's Wikidata id, when the directory knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

/// Follows ad-server redirectors to the landing page: the first URL, outermost first, whose host is
/// not an ad server. Redirectors carry the landing URL in a query parameter (`adurl=`, `url=`, …).
pub fn landing_url(click_url: &str, signatures: &Signatures) -> Option<Url> {
    let mut url = Url::parse(click_url.trim()).ok()?;
    for _ in 0..8 {
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let domain = signatures.registrable_domain(url.host_str()?);
        if !signatures.is_ad_server(&domain) {
            return Some(url);
        }
        let by_param = url
            .query_pairs()
            .find(|(k, v)| signatures.landing_params.iter().any(|p| p == k.as_ref()) && v.starts_with("http"))
            .and_then(|(_, v)| Url::parse(&v).ok());
        // Some redirectors (DoubleClick Campaign Manager) append the landing URL as the bare query.
        let bare = || url.query().filter(|q| q.starts_with("http")).and_then(|q| Url::parse(q).ok());
        let next = by_param.or_else(bare)?;
        url = next;
    }
    None
}

/// A brand name read from a domain: `nikon.nl` gives `Nikon`.
fn name_from_domain(domain: &str) -> String {
    let label = domain.split('.').next().unwrap_or(domain);
    let mut chars = label.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Whether `name` occurs in `text` as whole words, ignoring case and accents.
pub fn names_in(text: &str, name: &str) -> bool {
    let text = fold(text);
    let name = fold(name.trim());
    if name.is_empty() {
        return false;
    }
    text.match_indices(&name).any(|(i, _)| {
        let before = text[..i].chars().next_back().map_or(true, |c| !c.is_alphanumeric());
        let after = text[i + name.len()..].chars().next().map_or(true, |c| !c.is_alphanumeric());
        before && after
    })
}

/// Identifies the advertiser of a creative, surest first: the brand profiles (by landing domain,
/// then by name in alt texts or visible text), the brand directory (by landing domain, then by a
/// name in the creative), and last the landing domain's own name.
pub fn identify(creative: &Creative, profiles: &[BrandProfile], directory: &Directory, signatures: &Signatures) -> Advertiser {
    let domains: Vec<String> = creative
        .click_urls
        .iter()
        .filter_map(|u| landing_url(u, signatures))
        .filter_map(|u| u.host_str().map(|h| signatures.registrable_domain(h)))
        .collect();
    let found = |brand: &str, domain: Option<String>, source: &str, confidence: f64| Advertiser {
        brand: Some(brand.to_string()),
        domain,
        source: Some(source.into()),
        confidence,
        wikidata: None,
    };
    for domain in &domains {
        if let Some(brand) = profiles.iter().find(|b| b.owns_domain(domain)) {
            return found(&brand.name, Some(domain.clone()), "profile-domain", 0.95);
        }
    }
    let domain = domains.first().cloned();
    let texts = || creative.alt_texts.iter().map(|t| (t.as_str(), "alt-text")).chain([(creative.text.as_str(), "creative-text")]);
    for brand in profiles {
        for (text, source) in texts() {
            if brand.names().any(|n| names_in(text, n)) {
                return found(&brand.name, domain, source, 0.8);
            }
        }
    }
    // The name also standing in the creative makes a guess much safer.
    let named = |name: &str| texts().any(|(t, _)| names_in(t, name));
    for d in &domains {
        if let Some(brand) = directory.by_domain(d) {
            let confidence = if named(brand.name) { 0.9 } else { 0.8 };
            return Advertiser { wikidata: brand.wikidata.map(String::from), ..found(brand.name, Some(d.clone()), "directory-domain", confidence) };
        }
    }
    if let Some(brand) = texts().find_map(|(t, _)| directory.in_text(t)) {
        let confidence = if domain.is_some() { 0.4 } else { 0.5 };
        return Advertiser { wikidata: brand.wikidata.map(String::from), ..found(brand.name, domain, "directory-text", confidence) };
    }
    match domain {
        Some(d) => {
            let name = name_from_domain(&d);
            let confidence = if named(&name) { 0.85 } else { 0.6 };
            found(&name, Some(d), "landing-domain", confidence)
        }
        None => Advertiser::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creative(urls: &[&str], alt: &[&str]) -> Creative {
        Creative {
            click_urls: urls.iter().map(|s| s.to_string()).collect(),
            alt_texts: alt.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn follows_redirectors_to_the_landing_page() {
        let s = Signatures::get();
        let cases = [
            ("https://adclick.g.doubleclick.net/pcs/click?xai=1&adurl=https://www.nikon.nl/kids%3Fcmp%3D1", Some("www.nikon.nl")),
            ("https://www.googleadservices.com/pagead/aclk?sa=L&adurl=https%3A%2F%2Fshop.lego.com%2F", Some("shop.lego.com")),
            ("https://www.nikon.nl/kids", Some("www.nikon.nl")),
            ("https://ad.doubleclick.net/ddm/trackclk/N123", None),
            ("https://ad.doubleclick.net/ddm/clk/1;2?https://adclick.g.doubleclick.net/c?adurl=https%3A%2F%2Fwww.ah.nl%2F", Some("www.ah.nl")),
            ("javascript:alert(1)", None),
        ];
        for (url, host) in cases {
            assert_eq!(landing_url(url, s).as_ref().and_then(|u| u.host_str().map(String::from)).as_deref(), host, "{url}");
        }
    }

    #[test]
    fn profiles_win_over_domain_guesses() {
        let s = Signatures::get();
        let nikon = BrandProfile { name: "Nikon".into(), domains: vec!["nikon.nl".into()], ..Default::default() };
        let none = Directory::default();
        let ad = identify(&creative(&["https://adclick.g.doubleclick.net/x?adurl=https://www.nikon.nl/kids"], &[]), &[nikon.clone()], &none, s);
        assert_eq!((ad.brand.as_deref(), ad.domain.as_deref(), ad.source.as_deref()), (Some("Nikon"), Some("nikon.nl"), Some("profile-domain")));
        let by_alt = identify(&creative(&[], &["Nikon Z fc Kids Edition"]), &[nikon], &none, s);
        assert_eq!((by_alt.brand.as_deref(), by_alt.source.as_deref()), (Some("Nikon"), Some("alt-text")));
        let guess = identify(&creative(&["https://www.canon.de/x"], &[]), &[], &none, s);
        assert_eq!((guess.brand.as_deref(), guess.confidence), (Some("Canon"), 0.6));
        assert_eq!(identify(&Creative::default(), &[], &none, s), Advertiser::default());
    }

    #[test]
    fn the_directory_names_brands_that_no_profile_claims() {
        let s = Signatures::get();
        let d = Directory::parse("Albert Heijn\tQ1653985\tnsi\nMcDonald's\tQ38076\tnsi\n").unwrap();
        let cases = [
            (creative(&["https://ad.doubleclick.net/c?adurl=https://www.ah.nl/x", "https://www.albertheijn.nl/bonus"], &[]), "Albert Heijn", "directory-domain", 0.8),
            (creative(&["https://www.mcdonalds.com/nl"], &["McDonald's menu"]), "McDonald's", "directory-domain", 0.9),
            (creative(&[], &["Nu bij Albert Heijn"]), "Albert Heijn", "directory-text", 0.5),
        ];
        for (c, brand, source, confidence) in cases {
            let ad = identify(&c, &[], &d, s);
            assert_eq!((ad.brand.as_deref(), ad.source.as_deref(), ad.confidence), (Some(brand), Some(source), confidence), "{c:?}");
        }
        assert_eq!(identify(&creative(&["https://www.albertheijn.nl/"], &[]), &[], &d, s).wikidata.as_deref(), Some("Q1653985"));
    }

    #[test]
    fn names_match_whole_words() {
        assert!(names_in("Nikon's nieuwe camera", "Nikon"));
        assert!(!names_in("Nikonos", "Nikon"));
        assert!(names_in("L'ÉTÉ chez Décathlon", "decathlon"));
    }
}
