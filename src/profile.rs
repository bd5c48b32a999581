//! Brand profiles: who the advertiser is, whom it speaks to, and which content it avoids.
//!
//! The JSON contract is in `docs/profiles.md`. Import is all-or-nothing: a malformed profile set
//! is rejected with a message naming the brand and field, and the profiles in use stay untouched.

use crate::language::Language;
use crate::lexicon::{Matcher, Rule};
use crate::lexicon_syntax::Section;
use crate::taxonomy::{topic_index, topics, Tier};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the profile format this build writes. Version 2 added `caseSensitive`, `products`,
/// `campaigns`, `accounts`, `competence` and `relationship`; [`migrate`] upgrades older sets.
pub const PROFILES_VERSION: u32 = 2;

/// Who a brand's campaigns address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    General,
    Children,
}

/// How competent, how "perfect", customers see the brand. Decides the posture advised for
/// negative situations (see `docs/mentions.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Competence {
    High,
    #[default]
    Average,
    Low,
}

/// How strong the brand's relationship with its customers is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Relationship {
    Strong,
    #[default]
    Moderate,
    Weak,
}

/// One brand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct BrandProfile {
    pub name: String,
    pub aliases: Vec<String>,
    /// Names count only when written with the case given (`GAP`, not `gap`).
    pub case_sensitive: bool,
    /// Product names (`Z fc`, `iPhone`): a product named on the page is a mention of the brand.
    pub products: Vec<String>,
    /// Campaign names and slogans (`Just Do It`).
    pub campaigns: Vec<String>,
    /// The brand's own social accounts (`@NikonNL`, `instagram.com/nikon`): named, they are a
    /// mention; writing, they are the brand speaking.
    pub accounts: Vec<String>,
    pub competence: Competence,
    pub relationship: Relationship,
    /// Landing domains of its ads (`nikon.nl`); subdomains match too.
    pub domains: Vec<String>,
    pub audience: Audience,
    /// IAB topic ID → lowest tier that warns for this brand.
    pub avoid: BTreeMap<String, Tier>,
    /// The brand's own block terms, one per line (DSP keyword-list format); `slug: term` files a
    /// term under a topic, otherwise it counts as Spam or Harmful Content.
    pub block: Vec<String>,
    /// Terms in which the brand knows a listed word is harmless, one per line.
    pub allow: Vec<String>,
}

/// A set of brand profiles as imported and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Profiles {
    pub version: u32,
    pub brands: Vec<BrandProfile>,
}

/// Without a profile, ads warn beside high and floor content.
pub const DEFAULT_WARN_FROM: Tier = Tier::High;
/// For a children's audience, ads warn from medium on every topic (unless the profile is stricter).
pub const CHILDREN_WARN_FROM: Tier = Tier::Medium;
/// Topic of a block term written without a topic.
pub const DEFAULT_BLOCK_TOPIC: &str = "6i4dB6";

impl BrandProfile {
    /// The lowest tier of a topic that warns for this brand.
    pub fn warn_from(&self, topic_id: &str) -> Tier {
        let base = match self.audience {
            Audience::General => DEFAULT_WARN_FROM,
            Audience::Children => CHILDREN_WARN_FROM,
        };
        self.avoid.get(topic_id).map_or(base, |&t| t.min(base))
    }

    /// Whether a registrable domain or host belongs to the brand.
    pub fn owns_domain(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.domains.iter().any(|d| {
            let d = d.trim().trim_start_matches("www.").to_ascii_lowercase();
            !d.is_empty() && (host == d || host.ends_with(&format!(".{d}")))
        })
    }

    /// Every name it goes by.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str)).filter(|n| !n.trim().is_empty())
    }

    /// Its accounts as bare handles: `@NikonNL` and `https://instagram.com/nikonnl/` give `NikonNL`, `nikonnl`.
    pub fn handles(&self) -> impl Iterator<Item = &str> {
        self.accounts.iter().filter_map(|a| handle_of(a))
    }
}

/// The handle of an account: `@name`, `name` or the last path segment of a profile URL.
pub fn handle_of(account: &str) -> Option<&str> {
    let a = account.trim().trim_end_matches('/');
    let handle = a.rsplit('/').next().unwrap_or(a).trim_start_matches('@');
    (!handle.is_empty()).then_some(handle)
}

/// Upgrades a profile set written by an older BrandLens to [`PROFILES_VERSION`], step by step, so
/// profiles survive extension updates. Version 1 (and sets without a version) lacked the fields
/// of version 2, which get their defaults written out.
pub fn migrate(mut value: serde_json::Value) -> Result<serde_json::Value, String> {
    let version = match value.get("version") {
        None | Some(serde_json::Value::Null) => 1,
        Some(v) => v.as_u64().ok_or_else(|| format!("not a profile set: \"version\" is {v}, not a number"))?,
    };
    if version > PROFILES_VERSION as u64 {
        return Err(format!("made by a newer BrandLens (format version {version}; this one reads up to {PROFILES_VERSION})"));
    }
    if version < 2 {
        if let Some(brands) = value.get_mut("brands").and_then(|b| b.as_array_mut()) {
            for brand in brands.iter_mut().filter_map(|b| b.as_object_mut()) {
                let defaults = [
                    ("caseSensitive", serde_json::json!(false)),
                    ("products", serde_json::json!([])),
                    ("campaigns", serde_json::json!([])),
                    ("accounts", serde_json::json!([])),
                    ("competence", serde_json::json!("average")),
                    ("relationship", serde_json::json!("moderate")),
                ];
                for (field, default) in defaults {
                    brand.entry(field).or_insert(default);
                }
            }
        }
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("version".into(), PROFILES_VERSION.into());
    }
    Ok(value)
}

/// Parses a keyword list: one term per line; blank lines and `#` comments are skipped; duplicates dropped.
pub fn parse_keyword_list(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    // Duplicates by ASCII case, found in a set: a look back over the list was quadratic in its lines.
    let mut seen = std::collections::HashSet::new();
    for line in text.lines() {
        let term = line.split(" #").next().unwrap_or("").trim();
        if term.is_empty() || term.starts_with('#') || !seen.insert(term.to_ascii_lowercase()) {
            continue;
        }
        terms.push(term.to_string());
    }
    terms
}

impl Profiles {
    /// Parses and validates a profile set. The message names the brand and field at fault.
    pub fn from_json(json: &str) -> Result<Profiles, String> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
        if !value.is_object() {
            return Err("not a profile set: expected an object with \"version\" and \"brands\"".into());
        }
        let mut value = migrate(value)?;
        // Brand by brand, so that a type error names the brand it is in.
        if let Some(brands) = value.get_mut("brands").and_then(|b| b.as_array_mut()) {
            for (i, brand) in brands.iter().enumerate() {
                if let Err(e) = serde_json::from_value::<BrandProfile>(brand.clone()) {
                    let who = match brand.get("name").and_then(|n| n.as_str()).filter(|n| !n.trim().is_empty()) {
                        Some(name) => format!("brand \"{name}\""),
                        None => format!("brand #{}", i + 1),
                    };
                    return Err(format!("not a profile set: {who}: {e}"));
                }
            }
        }
        let profiles: Profiles = serde_json::from_value(value).map_err(|e| format!("not a profile set: {e}"))?;
        profiles.validate()?;
        Ok(profiles)
    }

    pub fn validate(&self) -> Result<(), String> {
        for (i, brand) in self.brands.iter().enumerate() {
            let who = if brand.name.trim().is_empty() { format!("brand #{}", i + 1) } else { format!("brand \"{}\"", brand.name) };
            if brand.name.trim().is_empty() {
                return Err(format!("{who}: \"name\" is empty"));
            }
            if self.brands[..i].iter().any(|b| b.name.eq_ignore_ascii_case(&brand.name)) {
                return Err(format!("{who}: a brand of that name is listed twice"));
            }
            for topic in brand.avoid.keys() {
                if topic_index(topic).is_none() {
                    let known: Vec<_> = topics().iter().map(|t| t.id).collect();
                    return Err(format!("{who}: \"avoid\" names unknown topic \"{topic}\" (known: {})", known.join(", ")));
                }
            }
            for domain in &brand.domains {
                let ok = !domain.is_empty()
                    && domain.contains('.')
                    && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
                if !ok {
                    return Err(format!("{who}: \"{domain}\" in \"domains\" is not a domain name like nikon.nl"));
                }
            }
            for (field, names) in [("aliases", &brand.aliases), ("products", &brand.products), ("campaigns", &brand.campaigns), ("accounts", &brand.accounts)] {
                if names.iter().any(|n| n.trim().is_empty()) {
                    return Err(format!("{who}: \"{field}\" has an empty entry"));
                }
            }
            for account in &brand.accounts {
                if account.trim().contains(char::is_whitespace) || handle_of(account).is_none() {
                    return Err(format!("{who}: \"{account}\" in \"accounts\" is not a handle like @NikonNL or a profile URL"));
                }
            }
            for term in &brand.block {
                if let Some((topic, _)) = split_topic(term) {
                    if topic_index(topic).is_none() {
                        return Err(format!("{who}: block term \"{term}\" names unknown topic \"{topic}\""));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Splits `crime: overval` into (`crime`, `overval`). A colon inside a term (`re:publica`) without a
/// space after it is part of the term.
fn split_topic(term: &str) -> Option<(&str, &str)> {
    let (topic, rest) = term.split_once(": ")?;
    (!topic.contains(' ')).then_some((topic.trim(), rest.trim()))
}

/// Compiles a brand's block and allow terms into one matcher per language; `None` without terms.
pub fn compile_terms(brand: &BrandProfile) -> Option<Vec<Matcher>> {
    if brand.block.is_empty() && brand.allow.is_empty() {
        return None;
    }
    let default_topic = topic_index(DEFAULT_BLOCK_TOPIC);
    let mut rules = Vec::new();
    for term in &brand.block {
        let (topic, phrase) = match split_topic(term) {
            Some((t, p)) => (topic_index(t), p),
            None => (default_topic, term.as_str()),
        };
        rules.push(Rule {
            topic,
            section: Section::Graphic,
            weight: 5,
            phrase: phrase.to_string(),
            source: format!("profile {}: block", brand.name),
        });
    }
    for term in &brand.allow {
        rules.push(Rule {
            topic: default_topic,
            section: Section::Not,
            weight: 1,
            phrase: term.clone(),
            source: format!("profile {}: allow", brand.name),
        });
    }
    Some(Language::ALL.iter().map(|&l| Matcher::build(l, rules.iter().map(|r| (r.clone(), false)).collect())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_brands_warn_earlier() {
        let kids = BrandProfile { name: "Nikon".into(), audience: Audience::Children, ..Default::default() };
        assert_eq!(kids.warn_from("XtODT3"), Tier::Medium);
        let general = BrandProfile { name: "X".into(), avoid: [("XtODT3".to_string(), Tier::Low)].into(), ..Default::default() };
        assert_eq!(general.warn_from("XtODT3"), Tier::Low);
        assert_eq!(general.warn_from("I4GWl6"), Tier::High);
    }

    #[test]
    fn domains_match_subdomains_only() {
        let b = BrandProfile { name: "Nikon".into(), domains: vec!["nikon.nl".into()], ..Default::default() };
        assert!(b.owns_domain("nikon.nl") && b.owns_domain("shop.nikon.nl"));
        assert!(!b.owns_domain("notnikon.nl"));
    }

    #[test]
    fn import_errors_name_the_problem() {
        let cases = [
            ("{", "not valid JSON"),
            (r#"{"brands":[{"name":""}]}"#, "brand #1: \"name\" is empty"),
            (r#"{"brands":[{"name":"A","avoid":{"XX":"high"}}]}"#, "unknown topic \"XX\""),
            (r#"{"brands":[{"name":"A","avoid":{"XtODT3":"severe"}}]}"#, "not a profile set"),
            (r#"{"brands":[{"name":"A","domains":["http://a.nl/"]}]}"#, "not a domain name"),
            (r#"{"version":99,"brands":[]}"#, "newer BrandLens"),
            (r#"{"brands":[{"name":"A"},{"name":"a"}]}"#, "listed twice"),
            (r#"{"brands":[{"name":"A","competence":"perfect"}]}"#, "brand \"A\": unknown variant `perfect`"),
            (r#"{"brands":[{"name":"A","relationship":"close"}]}"#, "unknown variant `close`, expected one of `strong`, `moderate`, `weak`"),
            (r#"{"brands":[{"name":"A","products":["Z fc",""]}]}"#, "\"products\" has an empty entry"),
            (r#"{"brands":[{"name":"A","caseSensitive":"yes"}]}"#, "brand \"A\": invalid type"),
            (r#"{"brands":[{"name":"A","accounts":["Nikon NL"]}]}"#, "not a handle"),
            (r#"{"version":"2","brands":[]}"#, "\"version\" is \"2\", not a number"),
            ("[]", "not a profile set"),
        ];
        for (json, expected) in cases {
            let err = Profiles::from_json(json).unwrap_err();
            assert!(err.contains(expected), "{json}: {err}");
        }
    }

    #[test]
    fn version_1_sets_are_migrated_with_defaults() {
        let v1 = r#"{"version":1,"brands":[{"name":"Nikon","aliases":["Nikon Kids"],"domains":["nikon.nl"],"audience":"children"}]}"#;
        let profiles = Profiles::from_json(v1).unwrap();
        assert_eq!(profiles.version, PROFILES_VERSION);
        let nikon = &profiles.brands[0];
        assert_eq!((nikon.audience, nikon.competence, nikon.relationship, nikon.case_sensitive), (Audience::Children, Competence::Average, Relationship::Moderate, false));
        let migrated = migrate(serde_json::from_str(v1).unwrap()).unwrap();
        assert_eq!(migrated["brands"][0]["relationship"], "moderate");
        assert_eq!(migrated["version"], PROFILES_VERSION);
        // What this version exports, it imports unchanged.
        let again = Profiles::from_json(&serde_json::to_string(&profiles).unwrap()).unwrap();
        assert_eq!(again, profiles);
    }

    #[test]
    fn version_2_fields_round_trip() {
        let json = r#"{"version":2,"brands":[{"name":"GAP","caseSensitive":true,"products":["1969 jeans"],"campaigns":["Be Gap"],
            "accounts":["@GapNL","https://instagram.com/gap/"],"competence":"high","relationship":"strong"}]}"#;
        let gap = &Profiles::from_json(json).unwrap().brands[0];
        assert!(gap.case_sensitive);
        assert_eq!((gap.competence, gap.relationship), (Competence::High, Relationship::Strong));
        assert_eq!(gap.handles().collect::<Vec<_>>(), ["GapNL", "gap"]);
    }

    #[test]
    fn keyword_lists_are_one_term_per_line() {
        assert_eq!(parse_keyword_list("# mine\nmoord\n\n Moord \ncrime: overval # note\n"), ["moord", "crime: overval"]);
    }
}
