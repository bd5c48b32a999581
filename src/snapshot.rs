//! What a page looks like to the engine: a snapshot of its text blocks and candidate ad slots.
//!
//! The extension's content script builds it from the rendered page (with rectangles); the CLI builds
//! it from saved HTML ([`crate::html`], without rectangles). The engine never sees the DOM itself.
//! Field names are camelCase in JSON; the contract is documented in `docs/snapshot.md`.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A rectangle in page coordinates (CSS pixels, relative to the document's top-left corner).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// Gap between two rectangles (0 when they touch or overlap), in CSS pixels.
    pub fn distance(&self, other: &Rect) -> f64 {
        let dx = (other.x - (self.x + self.w)).max(self.x - (other.x + other.w)).max(0.0);
        let dy = (other.y - (self.y + self.h)).max(self.y - (other.y + other.h)).max(0.0);
        (dx * dx + dy * dy).sqrt()
    }
}

/// What part of the page a block of text plays. Decides how much it weighs in a judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The page's or article's main headline.
    Title,
    Heading,
    /// Article body text.
    #[default]
    Body,
    /// Figure captions, image alt texts.
    Caption,
    /// A reader's comment: judged on its own.
    Comment,
    /// Menus and breadcrumbs.
    Navigation,
    /// "Most read", "related", teaser lists.
    Related,
    Footer,
    /// Cookie and consent banners, newsletter prompts.
    Banner,
}

impl Role {
    /// Page furniture that says little about the article itself.
    pub fn is_boilerplate(self) -> bool {
        matches!(self, Role::Navigation | Role::Related | Role::Footer | Role::Banner)
    }
}

/// A run of text that the reader sees as one unit: a paragraph, a heading, a list item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Block {
    /// Unique within the snapshot.
    pub id: u32,
    pub text: String,
    pub role: Role,
    /// Where it is drawn; absent for saved HTML.
    pub rect: Option<Rect>,
    /// The `lang` attribute that applies to it, if any.
    pub lang: Option<String>,
}

/// An iframe inside a slot, as the top frame sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SlotFrame {
    pub name: String,
    pub src: String,
}

/// What an ad's creative shows, read inside the creative's own frame (or the slot, when same-frame).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Creative {
    /// Link targets in the creative: click-through URLs, possibly behind ad-server redirectors.
    pub click_urls: Vec<String>,
    /// `alt` and `title` texts of its images.
    pub alt_texts: Vec<String>,
    /// Its visible text.
    pub text: String,
    /// The URL of the frame it was read in.
    pub frame_url: String,
}

impl Creative {
    pub fn is_empty(&self) -> bool {
        self.click_urls.is_empty() && self.alt_texts.is_empty() && self.text.trim().is_empty()
    }

    /// Adds what another frame of the same ad showed.
    pub fn merge(&mut self, other: &Creative) {
        self.click_urls.extend(other.click_urls.iter().cloned());
        self.alt_texts.extend(other.alt_texts.iter().cloned());
        if !other.text.is_empty() {
            if !self.text.is_empty() {
                self.text.push('\n');
            }
            self.text.push_str(&other.text);
        }
        if self.frame_url.is_empty() {
            self.frame_url = other.frame_url.clone();
        }
    }
}

/// A page element that may hold an ad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Slot {
    /// Stable within the page: the element's id where it has one, otherwise assigned by the reader.
    pub id: String,
    /// Why the reader thinks it is an ad (`gpt`, `adsense`, `label`, …); see `data/ad_signatures.json`.
    pub kind: String,
    pub rect: Option<Rect>,
    /// An "Advertisement"/"Advertentie"-style label shown with it.
    pub label: Option<String>,
    /// Index of the first block that follows the slot in document order (for adjacency without rects).
    pub order: u32,
    /// Iframes inside it, to connect creatives read in those frames.
    pub frames: Vec<SlotFrame>,
    /// What the creative shows, once known.
    pub creative: Creative,
}

/// Everything the engine judges about one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Snapshot {
    pub url: String,
    pub title: String,
    /// The document's `lang` attribute.
    pub lang: Option<String>,
    pub blocks: Vec<Block>,
    pub slots: Vec<Slot>,
    /// What the reader left out (limits), carried into the report.
    pub skipped: Vec<crate::report::Skipped>,
}

/// What changed on a page since the engine last judged it (`docs/snapshot.md`, "Reading in the
/// browser"): blocks that appeared, slots that appeared, changed, moved or went, and the reader's
/// notes so far. The worker sends these instead of the whole snapshot again.
///
/// Slots are sent whole only when new or changed; `slot_ids` says which slots the page has now and
/// in what order, so a slot sent replaces the one of its id and a slot neither sent nor listed is
/// gone. Without `slot_ids` (older callers) no slot moves or goes: a slot sent with an id the page
/// has replaces that slot, any other is added after the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapshotChanges {
    /// New blocks, after the page's others.
    pub blocks: Vec<Block>,
    /// The slots that are new or changed since, whole.
    pub slots: Vec<Slot>,
    /// Every slot id of the page, in order, each once: those of `slots` and those kept unchanged.
    /// Absent: the kept slots stay, `slots` replace or follow them.
    pub slot_ids: Option<Vec<String>>,
    /// Every note of what was left out so far, in place of the earlier ones; absent: unchanged.
    pub skipped: Option<Vec<crate::report::Skipped>>,
}

impl Snapshot {
    /// The page as it is after `changes`. Changes that list a slot id twice, list one the page
    /// neither has nor is sent, send a slot twice or send one they do not list are refused, and
    /// the page stays as it was.
    pub fn apply(&mut self, changes: SnapshotChanges) -> Result<(), String> {
        match changes.slot_ids {
            Some(ids) => self.slots = self.slots_listed(&ids, changes.slots)?,
            None => {
                for slot in changes.slots {
                    match self.slots.iter_mut().find(|s| s.id == slot.id) {
                        Some(known) => *known = slot,
                        None => self.slots.push(slot),
                    }
                }
            }
        }
        self.blocks.extend(changes.blocks);
        if let Some(skipped) = changes.skipped {
            self.skipped = skipped;
        }
        Ok(())
    }

    /// The slots `ids` name, in their order: each the one in `sent`, or else the page's own.
    fn slots_listed(&self, ids: &[String], sent: Vec<Slot>) -> Result<Vec<Slot>, String> {
        let mut listed = HashSet::with_capacity(ids.len());
        if let Some(twice) = ids.iter().find(|id| !listed.insert(id.as_str())) {
            return Err(format!("slot id {twice:?} is listed twice"));
        }
        let mut sent_by_id = HashMap::with_capacity(sent.len());
        for slot in sent {
            if !listed.contains(slot.id.as_str()) {
                return Err(format!("slot {:?} is sent but not listed in slotIds", slot.id));
            }
            if let Some(twice) = sent_by_id.insert(slot.id.clone(), slot) {
                return Err(format!("slot {:?} is sent twice", twice.id));
            }
        }
        // The page's own slots by id; `None` where it has two of one id (judged whole like that):
        // which of them stays is unknown.
        let mut kept: HashMap<&str, Option<&Slot>> = HashMap::with_capacity(self.slots.len());
        for slot in &self.slots {
            kept.entry(slot.id.as_str()).and_modify(|one| *one = None).or_insert(Some(slot));
        }
        ids.iter()
            .map(|id| match (sent_by_id.remove(id), kept.get(id.as_str())) {
                (Some(slot), _) => Ok(slot),
                (None, Some(Some(slot))) => Ok((*slot).clone()),
                (None, Some(None)) => Err(format!("slot id {id:?} is listed unsent but the page has two slots of that id")),
                (None, None) => Err(format!("slot id {id:?} is listed but the page has no such slot and none is sent")),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rect_distance_is_the_gap() {
        let a = Rect { x: 0.0, y: 0.0, w: 100.0, h: 100.0 };
        assert_eq!(a.distance(&Rect { x: 50.0, y: 150.0, w: 10.0, h: 10.0 }), 50.0);
        assert_eq!(a.distance(&Rect { x: 50.0, y: 50.0, w: 10.0, h: 10.0 }), 0.0);
    }

    #[test]
    fn snapshot_json_is_camel_case_and_lenient_about_missing_fields() {
        let s: Snapshot = serde_json::from_str(
            r#"{"url":"https://x.nl/a","blocks":[{"id":1,"text":"Hallo","role":"title"}],
                "slots":[{"id":"div-gpt-ad-1","kind":"gpt","creative":{"clickUrls":["https://nikon.nl"]}}]}"#,
        )
        .unwrap();
        assert_eq!(s.blocks[0].role, Role::Title);
        assert_eq!(s.slots[0].creative.click_urls, ["https://nikon.nl"]);
    }

    #[test]
    fn changes_add_blocks_and_slots_and_replace_a_known_slot() {
        let slot = |id: &str, text: &str| Slot { id: id.into(), creative: Creative { text: text.into(), ..Default::default() }, ..Default::default() };
        let mut page = Snapshot { blocks: vec![Block { id: 0, text: "Een".into(), ..Default::default() }], slots: vec![slot("a", "")], ..Default::default() };
        let note = crate::report::Skipped { part: "p".into(), reason: "r".into() };
        page.apply(SnapshotChanges {
            blocks: vec![Block { id: 1, text: "Twee".into(), ..Default::default() }],
            slots: vec![slot("b", ""), slot("a", "Nikon")],
            skipped: Some(vec![note.clone()]),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(page.blocks.iter().map(|b| b.id).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(page.slots, [slot("a", "Nikon"), slot("b", "")]);
        assert_eq!(page.skipped, [note.clone()]);
        page.apply(SnapshotChanges::default()).unwrap();
        assert_eq!((page.blocks.len(), page.slots.len(), page.skipped.len()), (2, 2, 1));
    }

    /// Slots listed by id: the page keeps those listed, in their order, each as sent or as it was;
    /// a list it cannot follow is refused and leaves the page as it was.
    #[test]
    fn changes_with_slot_ids_keep_the_listed_slots_in_order_or_are_refused() {
        let slot = |id: &str, text: &str| Slot { id: id.into(), creative: Creative { text: text.into(), ..Default::default() }, ..Default::default() };
        let unchanged = |ids: &[&str]| ids.iter().map(|id| slot(id, "")).collect::<Vec<_>>();
        // (what, the page's slots, the ids listed, the slots sent, the page's slots after or the refusal)
        let cases: Vec<(&str, Vec<Slot>, Vec<&str>, Vec<Slot>, Result<Vec<Slot>, &str>)> = vec![
            ("unchanged", unchanged(&["a", "b", "c"]), vec!["a", "b", "c"], vec![], Ok(unchanged(&["a", "b", "c"]))),
            ("one removed", unchanged(&["a", "b", "c"]), vec!["a", "c"], vec![], Ok(unchanged(&["a", "c"]))),
            ("all removed", unchanged(&["a", "b"]), vec![], vec![], Ok(vec![])),
            ("reordered", unchanged(&["a", "b", "c"]), vec!["c", "a", "b"], vec![], Ok(unchanged(&["c", "a", "b"]))),
            ("one replaced", unchanged(&["a", "b", "c"]), vec!["a", "b", "c"], vec![slot("b", "Nikon")], Ok(vec![slot("a", ""), slot("b", "Nikon"), slot("c", "")])),
            ("added first, one replaced, one removed", unchanged(&["a", "b"]), vec!["d", "b"], vec![slot("b", "Nikon"), slot("d", "Canon")], Ok(vec![slot("d", "Canon"), slot("b", "Nikon")])),
            ("an id of two kept slots, sent", vec![slot("a", "1"), slot("a", "2")], vec!["a"], vec![slot("a", "3")], Ok(vec![slot("a", "3")])),
            ("an unknown id", unchanged(&["a", "b"]), vec!["a", "x"], vec![], Err("slot id \"x\" is listed but the page has no such slot and none is sent")),
            ("an id listed twice", unchanged(&["a", "b"]), vec!["a", "b", "a"], vec![], Err("slot id \"a\" is listed twice")),
            ("a new id listed twice", unchanged(&["a"]), vec!["a", "d", "d"], vec![slot("d", "")], Err("slot id \"d\" is listed twice")),
            ("a slot sent twice", unchanged(&["a"]), vec!["a"], vec![slot("a", "1"), slot("a", "2")], Err("slot \"a\" is sent twice")),
            ("a slot sent unlisted", unchanged(&["a"]), vec!["a"], vec![slot("d", "")], Err("slot \"d\" is sent but not listed in slotIds")),
            ("an id of two kept slots, unsent", vec![slot("a", "1"), slot("a", "2")], vec!["a"], vec![], Err("slot id \"a\" is listed unsent but the page has two slots of that id")),
        ];
        for (what, slots, ids, sent, expected) in cases {
            let before = Snapshot { blocks: vec![Block { id: 0, text: "Een".into(), ..Default::default() }], slots, ..Default::default() };
            let mut page = before.clone();
            let result = page.apply(SnapshotChanges {
                blocks: vec![Block { id: 1, text: "Twee".into(), ..Default::default() }],
                slots: sent,
                slot_ids: Some(ids.iter().map(|id| id.to_string()).collect()),
                ..Default::default()
            });
            match expected {
                Ok(slots) => {
                    assert_eq!(result, Ok(()), "{what}");
                    assert_eq!(page.slots, slots, "{what}");
                    assert_eq!(page.blocks.len(), 2, "{what}: the blocks are added");
                }
                Err(message) => {
                    assert_eq!(result, Err(message.to_string()), "{what}");
                    assert_eq!(page, before, "{what}: a refused change changes nothing");
                }
            }
        }
    }

    #[test]
    fn slot_ids_are_camel_case_and_optional_in_json() {
        let listed: SnapshotChanges = serde_json::from_str(r#"{"slotIds":["b","a"]}"#).unwrap();
        assert_eq!(listed.slot_ids, Some(vec!["b".to_string(), "a".to_string()]));
        let older: SnapshotChanges = serde_json::from_str(r#"{"slots":[{"id":"a"}]}"#).unwrap();
        assert_eq!(older.slot_ids, None);
    }
}
