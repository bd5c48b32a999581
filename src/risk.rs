//! What an ad stands beside, and the risk that follows for its advertiser.

use crate::ads::Advertiser;
use crate::judge::TopicFinding;
use crate::profile::{BrandProfile, DEFAULT_WARN_FROM};
use crate::snapshot::{Block, Slot};
use crate::taxonomy::{topic_index, topics, Tier};
use serde::{Deserialize, Serialize};

/// The risk of one placement: a content tier that warns for its advertiser, or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    None,
    Low,
    Medium,
    High,
    Floor,
}

impl From<Tier> for Risk {
    fn from(t: Tier) -> Risk {
        match t {
            Tier::Low => Risk::Low,
            Tier::Medium => Risk::Medium,
            Tier::High => Risk::High,
            Tier::Floor => Risk::Floor,
        }
    }
}

/// A sensitive topic next to an ad, with whether it warns for this advertiser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdTopic {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub tier: Tier,
    /// The lowest tier of this topic that warns for the advertiser.
    pub warn_from: Tier,
    pub warns: bool,
}

/// One ad placement in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdFinding {
    pub id: String,
    pub kind: String,
    pub label: Option<String>,
    pub advertiser: Advertiser,
    /// The brand profile applied, if the advertiser has one.
    pub profile: Option<String>,
    pub risk: Risk,
    pub topics: Vec<AdTopic>,
    /// Sentences a reviewer can read: why this risk.
    pub reasons: Vec<String>,
    /// Ids of the blocks nearest to the slot, nearest first.
    pub beside: Vec<u32>,
}

/// Blocks within this distance (CSS pixels) count as beside a slot.
pub const BESIDE_DISTANCE: f64 = 400.0;
/// At most this many blocks are listed as beside a slot.
pub const BESIDE_MAX: usize = 4;

/// The blocks nearest to a slot: by rectangle where the page was rendered, else by document order.
pub fn beside(slot: &Slot, blocks: &[Block]) -> Vec<u32> {
    if let Some(rect) = slot.rect.filter(|r| r.w > 0.0 || r.h > 0.0) {
        let mut near: Vec<(f64, u32)> = blocks
            .iter()
            .filter(|b| !b.role.is_boilerplate())
            .filter_map(|b| b.rect.map(|r| (rect.distance(&r), b.id)))
            .filter(|(d, _)| *d <= BESIDE_DISTANCE)
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        return near.into_iter().take(BESIDE_MAX).map(|(_, id)| id).collect();
    }
    let at = (slot.order as usize).min(blocks.len());
    let mut ids = Vec::new();
    for step in 0..blocks.len() {
        for i in [at.checked_sub(step + 1), Some(at + step)].into_iter().flatten() {
            if let Some(b) = blocks.get(i).filter(|b| !b.role.is_boilerplate()) {
                if ids.len() < BESIDE_MAX && !ids.contains(&b.id) {
                    ids.push(b.id);
                }
            }
        }
        if ids.len() >= BESIDE_MAX {
            break;
        }
    }
    ids
}

/// The risk of a placement on a page with these topics, for this advertiser (profile or none).
pub fn assess(
    slot: &Slot,
    advertiser: Advertiser,
    profile: Option<&BrandProfile>,
    page_topics: &[TopicFinding],
    beside: Vec<u32>,
) -> AdFinding {
    let who = advertiser.brand.clone().unwrap_or_else(|| "this ad".into());
    let mut reasons = Vec::new();
    let ad_topics: Vec<AdTopic> = page_topics
        .iter()
        .map(|t| {
            let warn_from = profile.map_or(DEFAULT_WARN_FROM, |p| p.warn_from(&t.id));
            let warns = t.tier >= warn_from;
            let short_name = topic_index(&t.id).map_or(t.name.clone(), |i| topics()[i].short_name.to_string());
            if warns {
                let why = match profile {
                    Some(p) if p.audience == crate::profile::Audience::Children => {
                        format!("{} warns from {warn_from}: children's audience", p.name)
                    }
                    Some(p) => format!("{} warns from {warn_from}", p.name),
                    None => format!("no brand profile: warns from {warn_from}"),
                };
                let terms: Vec<_> = t.evidence.iter().take(3).map(|e| format!("\"{}\"", e.term)).collect();
                reasons.push(format!("{short_name} is {} on this page ({why}); evidence: {}", t.tier, terms.join(", ")));
            }
            AdTopic { id: t.id.clone(), name: t.name.clone(), short_name, tier: t.tier, warn_from, warns }
        })
        .collect();
    let risk = ad_topics
        .iter()
        .filter(|t| t.warns)
        .map(|t| Risk::from(t.tier))
        .max()
        .unwrap_or(if ad_topics.is_empty() { Risk::None } else { Risk::Low });
    if risk == Risk::Low {
        reasons.push(format!("sensitive topics on this page stay below what warns for {who}"));
    }
    AdFinding {
        id: slot.id.clone(),
        kind: slot.kind.clone(),
        label: slot.label.clone(),
        advertiser,
        profile: profile.map(|p| p.name.clone()),
        risk,
        topics: ad_topics,
        reasons,
        beside,
    }
}
