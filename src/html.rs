//! Saved HTML to a [`Snapshot`], for the command-line tool. It follows the same reading rules as the
//! extension's content script (`extension/content/read.js`; both documented in `docs/snapshot.md`),
//! so the CLI and the browser judge the same text.

use crate::filters::Filters;
use crate::signatures::Signatures;
use crate::snapshot::{Block, Creative, Role, Slot, SlotFrame, Snapshot};
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::{BTreeSet, HashSet};

/// Label containers this large are page sections, not a sponsored teaser.
const LABEL_CONTAINER_MAX_CHARS: usize = 1500;

/// Elements that start a new block of text.
pub const BLOCK_TAGS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "caption", "td", "th", "dd", "dt",
    "pre", "summary", "div", "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol", "dl",
    "table", "tr", "figure", "form", "address", "details", "body", "br", "hr",
];
/// Elements whose text is never page text.
pub const SKIP_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg", "iframe", "head", "select", "button", "textarea"];

/// The role that class and id words give an element (lower-case substrings), checked in this order.
pub const ROLE_HINTS: &[(&str, Role)] = &[
    ("comment", Role::Comment),
    ("reactie", Role::Comment),
    ("kommentar", Role::Comment),
    ("commentaire", Role::Comment),
    ("disqus", Role::Comment),
    ("cookie", Role::Banner),
    ("consent", Role::Banner),
    ("gdpr", Role::Banner),
    ("newsletter", Role::Banner),
    ("most-read", Role::Related),
    ("mostread", Role::Related),
    ("most_read", Role::Related),
    ("meest-gelezen", Role::Related),
    ("meistgelesen", Role::Related),
    ("plus-lus", Role::Related),
    ("related", Role::Related),
    ("popular", Role::Related),
    ("trending", Role::Related),
    ("teaser", Role::Related),
    ("recommend", Role::Related),
    ("breadcrumb", Role::Navigation),
    ("menu", Role::Navigation),
];

/// The role an element gives its text, from its tag, ARIA role, class and id; `None` keeps the parent's.
pub fn element_role(tag: &str, aria_role: Option<&str>, class_and_id: &str) -> Option<Role> {
    match (tag, aria_role) {
        ("nav", _) | (_, Some("navigation")) => return Some(Role::Navigation),
        ("footer", _) | (_, Some("contentinfo")) => return Some(Role::Footer),
        ("aside", _) | (_, Some("complementary")) => return Some(Role::Related),
        _ => {}
    }
    let hints = class_and_id.to_ascii_lowercase();
    ROLE_HINTS.iter().find(|(word, _)| hints.contains(word)).map(|&(_, role)| role)
}

struct Reader<'a> {
    signatures: &'a Signatures,
    slot_selectors: Vec<(String, Selector)>,
    /// Elements EasyList's cosmetic rules select.
    easylist: HashSet<NodeId>,
    /// Elements around an ad label: sponsored teasers.
    labelled: HashSet<NodeId>,
    blocks: Vec<Block>,
    slots: Vec<Slot>,
    buffer: String,
    buffer_role: Role,
    buffer_lang: Option<String>,
    seen_h1: bool,
}

impl Reader<'_> {
    fn flush(&mut self) {
        let text = self.buffer.split_whitespace().collect::<Vec<_>>().join(" ");
        self.buffer.clear();
        if text.chars().count() >= 2 {
            let id = self.blocks.len() as u32;
            self.blocks.push(Block { id, text, role: self.buffer_role, rect: None, lang: self.buffer_lang.clone() });
        }
    }

    fn signature_kind(&self, el: &ElementRef) -> Option<String> {
        self.slot_selectors.iter().find(|(_, s)| s.matches(el)).map(|(k, _)| k.clone())
    }

    fn contains_signature_slot(&self, el: &ElementRef) -> bool {
        el.descendants().skip(1).filter_map(ElementRef::wrap).any(|d| self.signature_kind(&d).is_some())
    }

    fn slot_kind(&self, el: &ElementRef) -> Option<String> {
        if let Some(kind) = self.signature_kind(el) {
            return Some(kind);
        }
        if self.labelled.contains(&el.id()) {
            return Some("label".into());
        }
        // EasyList often selects a wrapper around a slot that signatures name better, or the
        // slot's label alone.
        let media = Selector::parse("img, iframe, a[href]").unwrap();
        let only_label = || el.select(&media).next().is_none() && self.signatures.is_label(&el.text().collect::<String>());
        (self.easylist.contains(&el.id()) && !self.contains_signature_slot(el) && !only_label()).then(|| "easylist".into())
    }

    fn walk(&mut self, el: ElementRef, role: Role, lang: Option<String>, ad_wrapper: bool) {
        let tag = el.value().name();
        if SKIP_TAGS.contains(&tag) && tag != "iframe" {
            return;
        }
        // A slot is found even when the page marks it hidden: pages cannot hide an ad.
        if let Some(kind) = self.slot_kind(&el) {
            self.flush();
            self.read_slot(el, kind);
            return;
        }
        if tag == "iframe" || el.value().attr("hidden").is_some() || el.value().attr("aria-hidden") == Some("true") {
            return;
        }
        let ad_wrapper = ad_wrapper || self.easylist.contains(&el.id());
        let lang = el.value().attr("lang").map(String::from).or(lang);
        let class_and_id = format!("{} {}", el.value().attr("class").unwrap_or(""), el.value().attr("id").unwrap_or(""));
        let mut role = element_role(tag, el.value().attr("role"), &class_and_id).unwrap_or(role);
        if role == Role::Body {
            role = match tag {
                "h1" if !self.seen_h1 => Role::Title,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading,
                "figcaption" | "caption" => Role::Caption,
                _ => role,
            };
        }
        if tag == "h1" {
            self.seen_h1 = true;
        }
        let is_block = BLOCK_TAGS.contains(&tag);
        if is_block {
            self.flush();
        }
        if tag == "img" {
            if let Some(alt) = el.value().attr("alt").filter(|a| a.split_whitespace().count() >= 3) {
                self.flush();
                self.buffer_role = if role == Role::Body { Role::Caption } else { role };
                self.buffer_lang = lang.clone();
                self.buffer.push_str(alt);
                self.flush();
            }
        }
        for child in el.children() {
            match child.value() {
                Node::Text(_) if ad_wrapper => {}
                Node::Text(t) => {
                    if self.buffer.trim().is_empty() {
                        self.buffer_role = role;
                        self.buffer_lang = lang.clone();
                    }
                    self.buffer.push_str(t);
                }
                Node::Element(_) => self.walk(ElementRef::wrap(child).unwrap(), role, lang.clone(), ad_wrapper),
                _ => {}
            }
        }
        if is_block {
            self.flush();
        }
    }

    fn read_slot(&mut self, el: ElementRef, kind: String) {
        let a = Selector::parse("a[href]").unwrap();
        let img = Selector::parse("img[alt], img[title]").unwrap();
        let iframe = Selector::parse("iframe").unwrap();
        let text: String = el.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        let label = self.label_of(el, &text);
        let creative = Creative {
            click_urls: el.select(&a).filter_map(|a| a.value().attr("href")).map(String::from).collect(),
            alt_texts: el
                .select(&img)
                .filter_map(|i| i.value().attr("alt").or(i.value().attr("title")))
                .filter(|t| !t.trim().is_empty())
                .map(String::from)
                .collect(),
            text: if label.as_deref() == Some(text.as_str()) { String::new() } else { text },
            frame_url: String::new(),
        };
        let frames = el
            .select(&iframe)
            .map(|f| SlotFrame {
                name: f.value().attr("name").unwrap_or("").into(),
                src: f.value().attr("src").unwrap_or("").into(),
            })
            .collect();
        let id = el
            .value()
            .attr("id")
            .filter(|id| !self.slots.iter().any(|s| s.id == *id))
            .map(String::from)
            .unwrap_or_else(|| format!("brandlens-slot-{}", self.slots.len()));
        self.slots.push(Slot { id, kind, rect: None, label, order: self.blocks.len() as u32, frames, creative });
    }

    /// An ad label inside the slot or right before it.
    fn label_of(&self, el: ElementRef, text: &str) -> Option<String> {
        let candidates = el
            .descendants()
            .filter_map(|n| n.value().as_text().map(|t| t.trim().to_string()))
            .chain(el.prev_siblings().filter_map(ElementRef::wrap).take(1).map(|s| s.text().collect::<String>().trim().to_string()));
        candidates.chain([text.to_string()]).find(|t| self.signatures.is_label(t))
    }
}

/// Elements the cosmetic rules select in a document.
fn filtered_elements(doc: &Html, url: &str, filters: &Filters) -> HashSet<NodeId> {
    let (mut classes, mut ids) = (BTreeSet::new(), BTreeSet::new());
    for el in doc.root_element().descendants().filter_map(ElementRef::wrap) {
        classes.extend(el.value().classes());
        ids.extend(el.value().id());
    }
    let classes: Vec<&str> = classes.into_iter().collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    filters
        .selectors_for(url, &classes, &ids)
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .flat_map(|s| doc.select(&s).map(|e| e.id()).collect::<Vec<_>>())
        .collect()
}

/// Sponsored teasers: the smallest element around an ad label that holds more than the label,
/// unless it holds (or the label precedes) a slot that signatures find.
fn label_containers(doc: &Html, reader: &Reader) -> HashSet<NodeId> {
    let text_of = |e: &ElementRef| e.text().collect::<String>();
    let mut found = HashSet::new();
    for node in doc.root_element().descendants() {
        let Some(text) = node.value().as_text() else { continue };
        if text.len() > 60 || !reader.signatures.is_label(text) {
            continue;
        }
        let label = text.trim();
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else { continue };
        if let Some(next) = parent.next_siblings().find_map(ElementRef::wrap) {
            if reader.signature_kind(&next).is_some() || reader.contains_signature_slot(&next) {
                continue;
            }
        }
        let media = Selector::parse("img, iframe, a[href]").unwrap();
        let mut el = parent;
        while text_of(&el).trim() == label && el.select(&media).next().is_none() {
            match el.parent().and_then(ElementRef::wrap) {
                Some(p) => el = p,
                None => break,
            }
        }
        if matches!(el.value().name(), "body" | "main" | "article" | "html")
            || reader.signature_kind(&el).is_some()
            || reader.contains_signature_slot(&el)
            || text_of(&el).len() > LABEL_CONTAINER_MAX_CHARS
        {
            continue;
        }
        found.insert(el.id());
    }
    found
}

/// Reads a saved page, with the bundled EasyList rules.
pub fn read(html: &str, url: &str) -> Snapshot {
    read_with(html, url, Some(Filters::bundled()))
}

/// Reads a saved page; `filters` adds EasyList-style cosmetic rules to the ad signatures.
pub fn read_with(html: &str, url: &str, filters: Option<&Filters>) -> Snapshot {
    let doc = Html::parse_document(html);
    let signatures = Signatures::get();
    let slot_selectors = signatures
        .slot_selectors
        .iter()
        .filter_map(|s| Selector::parse(&s.selector).ok().map(|sel| (s.kind.clone(), sel)))
        .collect();
    let root = doc.root_element();
    let title = doc
        .select(&Selector::parse("title").unwrap())
        .next()
        .map(|t| t.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let lang = root.value().attr("lang").map(String::from);
    let mut reader = Reader {
        signatures,
        slot_selectors,
        easylist: filters.map(|f| filtered_elements(&doc, url, f)).unwrap_or_default(),
        labelled: HashSet::new(),
        blocks: Vec::new(),
        slots: Vec::new(),
        buffer: String::new(),
        buffer_role: Role::Body,
        buffer_lang: None,
        seen_h1: false,
    };
    reader.labelled = label_containers(&doc, &reader);
    if let Some(body) = doc.select(&Selector::parse("body").unwrap()).next() {
        reader.walk(body, Role::Body, lang.clone(), false);
    }
    reader.flush();
    if !reader.seen_h1 && !title.is_empty() {
        let id = reader.blocks.len() as u32;
        reader.blocks.push(Block { id, text: title.clone(), role: Role::Title, rect: None, lang: lang.clone() });
    }
    Snapshot { url: url.to_string(), title, lang, blocks: reader.blocks, slots: reader.slots, skipped: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="nl"><head><title>Nieuws</title><script>var x = "moord";</script></head>
    <body><nav><a href="/">Home</a> <a href="/misdaad">Misdaad</a></nav>
    <div class="cookie-banner">Wij gebruiken cookies.</div>
    <article><h1>Man opgepakt</h1><p>De politie heeft <b>gisteren</b> een man opgepakt.</p>
    <div id="div-gpt-ad-123-0"><span>Advertentie</span><iframe name="google_ads_iframe_1" src="https://ads.example/creative"></iframe></div>
    <p>Tweede alinea.</p><figure><img alt="Politie bij het huis van de verdachte"><figcaption>Foto: ANP</figcaption></figure></article>
    <aside class="most-read"><li>Ander nieuws</li></aside>
    <section class="comments"><div class="comment">Wat erg!</div></section>
    <ins class="adsbygoogle" data-ad-slot="1"><a href="https://www.nikon.nl/kids"><img alt="Nikon"></a></ins>
    <footer>Colofon</footer></body></html>"#;

    #[test]
    fn reads_blocks_with_roles_and_skips_scripts() {
        let s = read(PAGE, "https://x.nl/a");
        let got: Vec<_> = s.blocks.iter().map(|b| (b.text.as_str(), b.role)).collect();
        assert_eq!(
            got,
            [
                ("Home Misdaad", Role::Navigation),
                ("Wij gebruiken cookies.", Role::Banner),
                ("Man opgepakt", Role::Title),
                ("De politie heeft gisteren een man opgepakt.", Role::Body),
                ("Tweede alinea.", Role::Body),
                ("Politie bij het huis van de verdachte", Role::Caption),
                ("Foto: ANP", Role::Caption),
                ("Ander nieuws", Role::Related),
                ("Wat erg!", Role::Comment),
                ("Colofon", Role::Footer),
            ]
        );
        assert_eq!(s.lang.as_deref(), Some("nl"));
    }

    #[test]
    fn reads_slots_with_labels_frames_and_creatives() {
        let s = read(PAGE, "https://x.nl/a");
        assert_eq!(s.slots.len(), 2);
        let gpt = &s.slots[0];
        assert_eq!((gpt.id.as_str(), gpt.kind.as_str(), gpt.label.as_deref(), gpt.order), ("div-gpt-ad-123-0", "gpt", Some("Advertentie"), 4));
        assert_eq!(gpt.frames[0].name, "google_ads_iframe_1");
        let adsense = &s.slots[1];
        assert_eq!((adsense.kind.as_str(), adsense.creative.click_urls[0].as_str()), ("adsense", "https://www.nikon.nl/kids"));
    }
}

/// Reads an ad creative's own document (a saved iframe): its links, image texts and visible text.
pub fn read_creative(html: &str, frame_url: &str) -> Creative {
    let doc = Html::parse_document(html);
    let a = Selector::parse("a[href]").unwrap();
    let img = Selector::parse("img[alt], img[title]").unwrap();
    let body = Selector::parse("body").unwrap();
    Creative {
        click_urls: doc.select(&a).filter_map(|a| a.value().attr("href")).map(String::from).collect(),
        alt_texts: doc
            .select(&img)
            .filter_map(|i| i.value().attr("alt").or(i.value().attr("title")))
            .filter(|t| !t.trim().is_empty())
            .map(String::from)
            .collect(),
        text: doc
            .select(&body)
            .next()
            .map(|b| b.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        frame_url: frame_url.to_string(),
    }
}
