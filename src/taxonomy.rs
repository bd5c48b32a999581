//! The 11 IAB Content Taxonomy 3.1 Sensitive Topics and the four GARM risk tiers.
//!
//! The topic list itself is data (`data/topics.tsv`), embedded at build time.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

/// One sensitive topic of the IAB Content Taxonomy 3.1 (branch `v9i3On`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The IAB ID, e.g. `XtODT3`.
    pub id: &'static str,
    /// The file-name slug used by the lexicons, e.g. `crime`.
    pub slug: &'static str,
    /// A short name for badges, e.g. `Crime & Harmful Acts`.
    pub short_name: &'static str,
    /// The full IAB name.
    pub name: &'static str,
}

static TOPICS_TSV: &str = include_str!("../data/topics.tsv");

/// All topics, in the order of `data/topics.tsv`. A topic's index in this slice is its [`TopicIndex`].
pub fn topics() -> &'static [Topic] {
    static TOPICS: OnceLock<Vec<Topic>> = OnceLock::new();
    TOPICS.get_or_init(|| {
        TOPICS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let mut f = l.split('\t');
                let mut next = || f.next().expect("data/topics.tsv: four tab-separated columns");
                Topic { id: next(), slug: next(), short_name: next(), name: next() }
            })
            .collect()
    })
}

/// Position of a topic in [`topics()`].
pub type TopicIndex = usize;

/// Finds a topic by IAB ID or slug.
pub fn topic_index(id_or_slug: &str) -> Option<TopicIndex> {
    topics().iter().position(|t| t.id == id_or_slug || t.slug == id_or_slug)
}

/// GARM risk tier of content, from least to most severe (so `Ord` compares severity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Educational or informative treatment.
    Low,
    /// News or drama without graphic detail.
    Medium,
    /// Graphic detail, breaking news of violent crime.
    High,
    /// No ad should ever appear: glorification, promotion, explicit depiction.
    Floor,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Low, Tier::Medium, Tier::High, Tier::Floor];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Low => "low",
            Tier::Medium => "medium",
            Tier::High => "high",
            Tier::Floor => "floor",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s.trim().to_ascii_lowercase())
    }

    /// The tier one step less severe (`Low` stays `Low`).
    pub fn milder(self) -> Tier {
        match self {
            Tier::Floor => Tier::High,
            Tier::High => Tier::Medium,
            _ => Tier::Low,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_topics_with_iab_ids() {
        assert_eq!(topics().len(), 11);
        assert_eq!(topics()[topic_index("crime").unwrap()].id, "XtODT3");
        assert_eq!(topic_index("I4GWl6"), topic_index("death-conflict"));
    }

    #[test]
    fn tiers_order_by_severity() {
        assert!(Tier::Floor > Tier::High && Tier::High > Tier::Medium && Tier::Medium > Tier::Low);
        assert_eq!(Tier::parse(" High "), Some(Tier::High));
        assert_eq!(Tier::parse("extreme"), None);
    }
}
