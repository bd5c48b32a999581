//! What a page looks like to the engine: a snapshot of its text blocks and candidate ad slots.
//!
//! The extension's content script builds it from the rendered page (with rectangles); the CLI builds
//! it from saved HTML ([`crate::html`], without rectangles). The engine never sees the DOM itself.
//! Field names are camelCase in JSON; the contract is documented in `docs/snapshot.md`.

use serde::{Deserialize, Serialize};

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
/// browser"): blocks that appeared, slots that appeared or changed, and the reader's notes so far.
/// The worker sends these instead of the whole snapshot again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapshotChanges {
    /// New blocks, after the page's others.
    pub blocks: Vec<Block>,
    /// A slot with an id the page has replaces that slot; any other is added after the others.
    pub slots: Vec<Slot>,
    /// Every note of what was left out so far, in place of the earlier ones; absent: unchanged.
    pub skipped: Option<Vec<crate::report::Skipped>>,
}

impl Snapshot {
    /// The page as it is after `changes`.
    pub fn apply(&mut self, changes: SnapshotChanges) {
        self.blocks.extend(changes.blocks);
        for slot in changes.slots {
            match self.slots.iter_mut().find(|s| s.id == slot.id) {
                Some(known) => *known = slot,
                None => self.slots.push(slot),
            }
        }
        if let Some(skipped) = changes.skipped {
            self.skipped = skipped;
        }
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
        });
        assert_eq!(page.blocks.iter().map(|b| b.id).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(page.slots, [slot("a", "Nikon"), slot("b", "")]);
        assert_eq!(page.skipped, [note.clone()]);
        page.apply(SnapshotChanges::default());
        assert_eq!((page.blocks.len(), page.slots.len(), page.skipped.len()), (2, 2, 1));
    }
}
