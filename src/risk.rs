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
    /// Found in the blocks beside the ad (not only elsewhere on the page).
    #[serde(default)]
    pub beside: bool,
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
    /// Ids of the blocks nearest to the slot, nearest first: on the rendered page by rectangle
    /// where known, otherwise in document order.
    pub beside: Vec<u32>,
    /// Ids of the slot's neighbours in document order, nearest first.
    #[serde(default)]
    pub beside_in_dom: Vec<u32>,
}

/// What a slot stands beside: on screen and in the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjacency {
    pub on_screen: Vec<u32>,
    pub in_dom: Vec<u32>,
}

impl Adjacency {
    pub fn of(slot: &Slot, blocks: &[Block]) -> Adjacency {
        Adjacency { on_screen: beside(slot, blocks), in_dom: beside_in_dom(slot, blocks) }
    }

    /// Every block beside the slot, once.
    pub fn all(&self) -> Vec<u32> {
        let mut all = self.on_screen.clone();
        all.extend(self.in_dom.iter().filter(|id| !self.on_screen.contains(id)));
        all
    }
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
    beside_in_dom(slot, blocks)
}

/// The blocks nearest to a slot in document order, alternating before and after it.
pub fn beside_in_dom(slot: &Slot, blocks: &[Block]) -> Vec<u32> {
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

/// The topics an ad stands among: the page's (its main content) and those of the blocks beside it,
/// the more severe tier of each topic.
pub fn surrounding_topics(page: &[TopicFinding], near: &[TopicFinding]) -> Vec<(TopicFinding, bool)> {
    let mut all: Vec<(TopicFinding, bool)> = page.iter().map(|t| (t.clone(), near.iter().any(|n| n.id == t.id))).collect();
    for n in near {
        match all.iter_mut().find(|(t, _)| t.id == n.id) {
            Some((t, _)) if n.tier > t.tier => *t = n.clone(),
            Some(_) => {}
            None => all.push((n.clone(), true)),
        }
    }
    all.sort_by(|(a, _), (b, _)| b.tier.cmp(&a.tier).then(b.score.total_cmp(&a.score)));
    all
}

/// The risk of a placement on a page with these topics, for this advertiser (profile or none).
pub fn assess(
    slot: &Slot,
    advertiser: Advertiser,
    profile: Option<&BrandProfile>,
    page_topics: &[TopicFinding],
    near_topics: &[TopicFinding],
    adjacency: Adjacency,
) -> AdFinding {
    let who = advertiser.brand.clone().unwrap_or_else(|| "this ad".into());
    let mut reasons = Vec::new();
    let ad_topics: Vec<AdTopic> = surrounding_topics(page_topics, near_topics)
        .iter()
        .map(|(t, near)| {
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
                let place = if *near { ", right beside this ad" } else { "" };
                reasons.push(format!("{short_name} is {} on this page ({why}){place}; evidence: {}", t.tier, terms.join(", ")));
            }
            AdTopic { id: t.id.clone(), name: t.name.clone(), short_name, tier: t.tier, warn_from, warns, beside: *near }
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
        beside: adjacency.on_screen,
        beside_in_dom: adjacency.in_dom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::Scope;
    use crate::snapshot::{Rect, Role};

    fn finding(id: &str, tier: Tier) -> TopicFinding {
        TopicFinding { id: id.into(), name: id.into(), tier, score: 1.0, scope: Scope::Page, evidence: Vec::new() }
    }

    #[test]
    fn topics_beside_an_ad_join_the_page_topics_at_their_own_tier() {
        let page = [finding("XtODT3", Tier::Low), finding("other", Tier::Medium)];
        let near = [finding("XtODT3", Tier::High), finding("new", Tier::Medium)];
        let got: Vec<_> = surrounding_topics(&page, &near).into_iter().map(|(t, beside)| (t.id, t.tier, beside)).collect();
        assert_eq!(
            got,
            [("XtODT3".into(), Tier::High, true), ("other".into(), Tier::Medium, false), ("new".into(), Tier::Medium, true)]
        );
    }

    #[test]
    fn adjacency_uses_rectangles_on_screen_and_order_in_the_document() {
        let block = |id: u32, y: f64, role: Role| Block { id, text: "x".into(), role, rect: Some(Rect { x: 0.0, y, w: 600.0, h: 40.0 }), lang: None };
        let blocks = [block(0, 0.0, Role::Title), block(1, 100.0, Role::Body), block(2, 2000.0, Role::Body), block(3, 420.0, Role::Navigation)];
        let slot = Slot { id: "s".into(), rect: Some(Rect { x: 0.0, y: 150.0, w: 300.0, h: 250.0 }), order: 3, ..Default::default() };
        let near = Adjacency::of(&slot, &blocks);
        assert_eq!(near.on_screen, [1, 0], "block 2 is too far, block 3 is navigation");
        assert_eq!(near.in_dom, [2, 1, 0]);
        assert_eq!(near.all(), [1, 0, 2]);
    }
}
