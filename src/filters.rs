//! EasyList-style cosmetic (element-hiding) rules: which CSS selectors mark ad containers on a
//! given page.
//!
//! BrandLens blocks nothing; it only needs the element-hiding part of the lists, so this is a
//! purpose-built index of that part rather than a whole ad blocker (adblock-rust made the wasm
//! ~300 KB larger gzipped, took ~180 ms to load in the service worker and ~17 MB of its memory).
//! Its rules follow Adblock Plus / uBlock Origin syntax:
//!
//! | rule | meaning |
//! |---|---|
//! | `##.ad-banner` | generic: hide `.ad-banner` on every page |
//! | `nu.nl,~m.nu.nl##.nu-ad` | specific: on `nu.nl` and its subdomains but `m.nu.nl` |
//! | `google.*##.ad` | specific to an entity: `google` under any public suffix |
//! | `~example.org##.ad` | generic but for `example.org` |
//! | `example.org#@#.ad` | exception: not `.ad` on `example.org` (`#@#.ad`: nowhere) |
//! | `@@\|\|example.org^$generichide` | no generic rules on `example.org` (`$elemhide`: no rules at all) |
//!
//! Procedural and scriptlet rules (`#?#`, `#$#`, `##+js(…)`, `:has-text(…)`, `:upward(…)`, …) and
//! network rules are ignored: they are not CSS a reader can test elements against.
//!
//! Generic rules are indexed by the class or id their selector starts with, so a page only gets
//! the ones its own class names and ids can match ([`Filters::class_id_selectors`]); the few that
//! start with neither always apply. The extension's service worker compiles the lists on its first
//! start and caches the compiled form ([`Filters::to_bytes`]): the index itself, as sorted text
//! tables searched in place ([`crate::line_table`]), so a later cold start only reads it.
//!
//! ```
//! let filters = brandlens::filters::Filters::from_lists(&["##.ad-banner\nnu.nl###nujij-ad\n@@||x.example^$generichide"]);
//! let page = filters.page_rules("https://www.nu.nl/artikel");
//! assert!(page.selectors.contains(&"#nujij-ad".to_string()));
//! let generic = filters.class_id_selectors(&["ad-banner", "story"], &[] as &[&str], &page.exceptions);
//! assert_eq!(generic, [".ad-banner"]);
//! assert!(!filters.page_rules("https://x.example/").generic);
//! ```

use crate::fasthash::{FastMap, FastSet};
use crate::line_table::{self, LineTable};
use crate::signatures::Signatures;
use serde::Serialize;
use std::collections::BTreeSet;

/// The bundled lists, in the order they are compiled: `(file name, text)`.
#[cfg(not(target_arch = "wasm32"))]
pub const BUNDLED_LISTS: &[(&str, &str)] = &[
    ("easylist.txt", include_str!("../data/filters/easylist.txt")),
    ("easylistdutch.txt", include_str!("../data/filters/easylistdutch.txt")),
];

/// The first line of the compiled form; a new format gets a new number.
const COMPILED_HEADER: &str = "brandlens cosmetic rules 2";

/// Pseudo-classes of procedural filters (uBlock Origin, Adblock Plus, AdGuard): not plain CSS.
const PROCEDURAL: &[&str] = &[
    ":has-text(", ":-abp-", ":contains(", ":matches-path(", ":upward(", ":xpath(", ":style(", ":remove(",
    ":remove-attr(", ":remove-class(", ":matches-css", ":min-text-length(", ":watch-attr(", ":others(",
    ":matches-attr(", ":matches-prop(", ":matches-media(", ":if(", ":if-not(", ":nth-ancestor(", ":shadow-dom",
];

/// The cosmetic rules that apply to one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageRules {
    /// Selectors for this host plus the generic rules too complex to index by class or id.
    pub selectors: Vec<String>,
    /// Selectors this host exempts from generic rules; pass them to [`Filters::class_id_selectors`].
    pub exceptions: Vec<String>,
    /// Whether generic rules apply at all (`$generichide` turns them off).
    pub generic: bool,
}

/// Where a rule applies: hosts (and `name.*` entities) it is for and hosts it is not for.
#[derive(Debug, Clone, Default)]
struct Domains {
    only: Vec<String>,
    not: Vec<String>,
}

impl Domains {
    fn parse(list: &str, separator: char) -> Domains {
        let mut domains = Domains::default();
        for d in list.split(separator).map(|d| d.trim().to_ascii_lowercase()).filter(|d| !d.is_empty()) {
            match d.strip_prefix('~') {
                Some(not) => domains.not.push(not.to_string()),
                None => domains.only.push(d),
            }
        }
        domains
    }
}

/// What a rule does on the pages it applies to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    Hide,
    Unhide,
}

/// A compiled set of cosmetic filter rules: an index kept as text, its tables searched in place.
/// Table by table (each sorted by its first field; `not` lists are hosts separated by commas):
///
/// | table | a line | what |
/// |---|---|---|
/// | `simple-classes`, `simple-ids` | `name` | generic selectors that are one class or id (`.ad`, `#ad`) |
/// | `complex-classes`, `complex-ids` | `name<TAB>selector` | generic selectors that start with a class or id and go on |
/// | `misc-generic` | `selector` | generic selectors that start with neither: tested on every page |
/// | `generic-exceptions` | `selector` | selectors excepted everywhere (`#@#.ad`): generic and host rules alike |
/// | `specific` | `host<TAB>hide or unhide<TAB>not<TAB>selector` | rules for some hosts, by host or `name.*` entity |
/// | `hide-exceptions` | `only<TAB>not<TAB>elemhide or generichide<TAB>path prefix` | `$generichide`/`$elemhide` exceptions |
#[derive(Debug, Default)]
pub struct Filters {
    text: String,
    simple_classes: LineTable,
    simple_ids: LineTable,
    complex_classes: LineTable,
    complex_ids: LineTable,
    misc_generic: LineTable,
    generic_exceptions: LineTable,
    specific: LineTable,
    /// Few: read into their parts on load. (hosts, path prefix, all rules (`$elemhide`) or only
    /// the generic ones).
    hide_exceptions: Vec<(Domains, String, bool)>,
}

/// The rules of the lists as they are read, before they are written out as the index.
#[derive(Default)]
struct Collected {
    /// Generic hiding rules by selector, with the hosts where none of its rules applies.
    generic: FastMap<String, Vec<String>>,
    generic_exceptions: FastSet<String>,
    /// (host or entity, action, selector, hosts excluded).
    specific: Vec<(String, Action, String, Vec<String>)>,
    hide_exceptions: Vec<(Domains, String, bool)>,
}

/// The class or id a generic selector starts with, and whether it is nothing more.
fn leading_name(selector: &str) -> Option<(bool, &str, bool)> {
    let is_class = match selector.as_bytes().first() {
        Some(b'.') => true,
        Some(b'#') => false,
        _ => return None,
    };
    let rest = &selector[1..];
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
    if end == 0 {
        return None;
    }
    let tail = &rest[end..];
    // An escape continues the name in ways not worth following; a selector list may hold other
    // selectors that need no such class: both are tested on every page instead.
    if tail.starts_with('\\') || tail.contains(',') {
        return None;
    }
    Some((is_class, &rest[..end], tail.is_empty()))
}

/// The keys a host's specific rules are filed under: the host and its parent domains, and the same
/// without the public suffix as `name.*` entities. A domain-list entry covers the host exactly when
/// it is one of them.
fn host_keys(host: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = host;
    loop {
        keys.push(rest.to_string());
        match rest.find('.') {
            Some(dot) => rest = &rest[dot + 1..],
            None => break,
        }
    }
    let registrable = Signatures::get().registrable_domain(host);
    if let Some(suffix) = registrable.find('.').map(|dot| &registrable[dot..]) {
        let mut rest = &host[..host.len() - suffix.len()];
        loop {
            keys.push(format!("{rest}.*"));
            match rest.find('.') {
                Some(dot) => rest = &rest[dot + 1..],
                None => break,
            }
        }
    }
    keys
}


/// Whether a rule's host can be stored in the index, whose host lists are separated by commas and
/// fields by tabs. One that holds either is left out: rule domains are split at commas already, no
/// URL host holds a tab, and no list names a site with a comma in its host.
fn indexable(host: &str) -> bool {
    !host.contains(['\t', ','])
}

impl Collected {
    /// Adds one line. Generic hiding rules are gathered in `generic` first, by selector with the
    /// hosts where none of its rules applies (`##.ad` and `~a.nl##.ad` together hide `.ad` on
    /// `a.nl` too).
    fn add_line(&mut self, line: &str) {
        // Most lines of a list are network rules, which name no `#`: skip them at a glance.
        if line.is_empty() || line.starts_with('!') || line.starts_with('[') || (!line.contains('#') && !line.starts_with("@@")) {
            return;
        }
        if line.starts_with("@@") {
            self.hide_exceptions.extend(hide_exception(line));
            return;
        }
        let (domains, action, selector) = if let Some((d, s)) = line.split_once("#@#") {
            (d, Action::Unhide, s)
        } else if let Some((d, s)) = line.split_once("##") {
            (d, Action::Hide, s)
        } else {
            return;
        };
        let selector = selector.trim();
        // `#?#`, `#$#`, `#%#` and the like split differently: their domain part ends in `#?` etc.
        if selector.is_empty()
            || domains.contains('#')
            || domains.contains('/')
            || selector.starts_with('+')
            || selector.starts_with('^')
            || (selector.contains(':') && PROCEDURAL.iter().any(|p| selector.contains(p)))
        {
            return;
        }
        // A tab separates the index's fields; in CSS it is white space like any other.
        let selector = selector.replace('\t', " ");
        let domains = Domains::parse(domains, ',');
        let for_every_host = domains.only.is_empty();
        match (action, for_every_host) {
            (Action::Hide, true) => match self.generic.get_mut(&selector) {
                Some(excluded) => excluded.retain(|host| domains.not.contains(host)),
                None => {
                    self.generic.insert(selector, domains.not);
                }
            },
            // `#@#.ad`: `.ad` nowhere. (`~a.nl#@#.ad`, an exception everywhere but one host, is
            // not used by the lists and is ignored.)
            (Action::Unhide, true) => {
                if domains.not.is_empty() {
                    self.generic_exceptions.insert(selector);
                }
            }
            (_, false) => {
                for host in &domains.only {
                    self.specific.push((host.clone(), action, selector.clone(), domains.not.clone()));
                }
            }
        }
    }

    /// The index as text: see [`Filters`].
    fn index(self) -> String {
        let hosts = |list: &[String]| list.iter().filter(|h| indexable(h)).cloned().collect::<Vec<_>>().join(",");
        let mut simple = (Vec::new(), Vec::new());
        let mut complex = (Vec::new(), Vec::new());
        let mut misc = Vec::new();
        let mut specific = Vec::new();
        for (host, action, selector, not) in &self.specific {
            specific.push((host.clone(), *action, hosts(not), selector.clone()));
        }
        for (selector, not) in self.generic {
            if self.generic_exceptions.contains(&selector) {
                continue;
            }
            for host in not {
                specific.push((host, Action::Unhide, String::new(), selector.clone()));
            }
            match leading_name(&selector) {
                Some((true, name, true)) => simple.0.push(name.to_string()),
                Some((false, name, true)) => simple.1.push(name.to_string()),
                Some((true, name, false)) => complex.0.push(format!("{name}\t{selector}")),
                Some((false, name, false)) => complex.1.push(format!("{name}\t{selector}")),
                None => misc.push(selector),
            }
        }
        let specific = specific
            .into_iter()
            .filter(|(host, ..)| indexable(host))
            .map(|(host, action, not, selector)| {
                let action = if action == Action::Hide { "hide" } else { "unhide" };
                format!("{host}\t{action}\t{not}\t{selector}")
            })
            .collect();
        let hide_exceptions = self
            .hide_exceptions
            .iter()
            // An exception only for hosts that cannot be is for none (not, with its list emptied, for all).
            .filter(|(domains, ..)| domains.only.is_empty() || domains.only.iter().any(|h| indexable(h)))
            .map(|(domains, prefix, all)| {
                format!("{}\t{}\t{}\t{prefix}", hosts(&domains.only), hosts(&domains.not), if *all { "elemhide" } else { "generichide" })
            })
            .collect();
        let mut out = format!("{COMPILED_HEADER}\n");
        line_table::write_table(&mut out, "simple-classes", simple.0);
        line_table::write_table(&mut out, "simple-ids", simple.1);
        line_table::write_table(&mut out, "complex-classes", complex.0);
        line_table::write_table(&mut out, "complex-ids", complex.1);
        line_table::write_table(&mut out, "misc-generic", misc);
        line_table::write_table(&mut out, "generic-exceptions", self.generic_exceptions.into_iter().collect());
        line_table::write_table(&mut out, "specific", specific);
        line_table::write_table(&mut out, "hide-exceptions", hide_exceptions);
        out
    }
}

impl Filters {
    /// Compiles list texts in Adblock Plus syntax; lines that are not cosmetic rules (or
    /// `$generichide`/`$elemhide` exceptions) are ignored.
    pub fn from_lists(lists: &[&str]) -> Filters {
        let mut collected = Collected::default();
        for line in lists.iter().flat_map(|list| list.lines()) {
            collected.add_line(line.trim());
        }
        Filters::from_bytes(collected.index().as_bytes()).expect("an index just written reads back")
    }

    /// The bundled lists (`data/filters/`), compiled. Native only: the extension loads the same
    /// files at run time.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> &'static Filters {
        static BUNDLED: std::sync::OnceLock<Filters> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| Filters::from_lists(&BUNDLED_LISTS.iter().map(|(_, text)| *text).collect::<Vec<_>>()))
    }

    /// The compiled form, for [`Filters::from_bytes`]: the index as it is held.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.text.clone().into_bytes()
    }

    /// Loads a compiled form; a truncated or foreign file is refused with a readable reason.
    pub fn from_bytes(bytes: &[u8]) -> Result<Filters, String> {
        let (text, mut filters) = line_table::read_tables(bytes, COMPILED_HEADER, "compiled filter rules are unreadable", |text, tables| {
            let mut next = |name| tables.next(name);
            let (simple_classes, simple_ids, complex_classes, complex_ids) =
                (next("simple-classes")?, next("simple-ids")?, next("complex-classes")?, next("complex-ids")?);
            let (misc_generic, generic_exceptions, specific) = (next("misc-generic")?, next("generic-exceptions")?, next("specific")?);
            let hide_table = next("hide-exceptions")?;
            let mut hide_exceptions = Vec::with_capacity(hide_table.len());
            for line in hide_table.lines(text) {
                let mut fields = line.splitn(4, '\t');
                let (Some(only), Some(not), Some(kind), Some(prefix)) = (fields.next(), fields.next(), fields.next(), fields.next()) else {
                    return Err(format!("hide exception {line:?}"));
                };
                let hosts = |list: &str| list.split(',').filter(|h| !h.is_empty()).map(String::from).collect();
                hide_exceptions.push((Domains { only: hosts(only), not: hosts(not) }, prefix.to_string(), kind == "elemhide"));
            }
            Ok(Filters {
                simple_classes,
                simple_ids,
                complex_classes,
                complex_ids,
                misc_generic,
                generic_exceptions,
                specific,
                hide_exceptions,
                text: String::new(),
            })
        })?;
        filters.text = text;
        Ok(filters)
    }

    /// The rules for the page at `url`.
    pub fn page_rules(&self, url: &str) -> PageRules {
        let parsed = url::Url::parse(url).ok();
        let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or("").trim_end_matches('.').to_ascii_lowercase();
        let path = parsed.as_ref().map(|u| u.path()).unwrap_or("/");
        let keys = host_keys(&host);
        let covers = |domain: &String| keys.contains(domain);
        let mut generic = true;
        for (domains, prefix, all) in &self.hide_exceptions {
            let for_host = domains.only.is_empty() || domains.only.iter().any(covers);
            if for_host && !domains.not.iter().any(covers) && path.starts_with(prefix.as_str()) {
                if *all {
                    return PageRules { selectors: Vec::new(), exceptions: Vec::new(), generic: false };
                }
                generic = false;
            }
        }
        let mut hide = BTreeSet::new();
        let mut unhide = BTreeSet::new();
        if !host.is_empty() {
            for key in &keys {
                for line in self.specific.find(&self.text, key) {
                    let mut fields = line.splitn(4, '\t').skip(1);
                    let (Some(action), Some(not), Some(selector)) = (fields.next(), fields.next(), fields.next()) else { continue };
                    if not.split(',').any(|host| !host.is_empty() && keys.iter().any(|k| k == host)) {
                        continue;
                    }
                    if action == "hide" {
                        hide.insert(selector);
                    } else {
                        unhide.insert(selector);
                    }
                }
            }
        }
        if generic {
            hide.extend(self.misc_generic.lines(&self.text));
        }
        hide.retain(|selector| !self.generic_exceptions.contains(&self.text, selector));
        PageRules {
            selectors: hide.difference(&unhide).map(|s| s.to_string()).collect(),
            exceptions: unhide.into_iter().map(String::from).collect(),
            generic,
        }
    }

    /// The generic rules that the page's classes and ids call for.
    pub fn class_id_selectors(&self, classes: &[impl AsRef<str>], ids: &[impl AsRef<str>], exceptions: &[String]) -> Vec<String> {
        let mut out = BTreeSet::new();
        for (names, simple, complex, sigil) in [
            (classes.iter().map(AsRef::as_ref).collect::<Vec<_>>(), &self.simple_classes, &self.complex_classes, '.'),
            (ids.iter().map(AsRef::as_ref).collect::<Vec<_>>(), &self.simple_ids, &self.complex_ids, '#'),
        ] {
            for name in names {
                if simple.contains(&self.text, name) {
                    out.insert(format!("{sigil}{name}"));
                }
                out.extend(complex.find(&self.text, name).filter_map(|line| line.split_once('\t')).map(|(_, selector)| selector.to_string()));
            }
        }
        out.into_iter().filter(|s| !exceptions.contains(s)).collect()
    }

    /// All selectors for a page whose class names and ids are known: what a reader of saved HTML
    /// or a content script tests elements against.
    pub fn selectors_for(&self, url: &str, classes: &[impl AsRef<str>], ids: &[impl AsRef<str>]) -> Vec<String> {
        let page = self.page_rules(url);
        let mut all: BTreeSet<String> = page.selectors.into_iter().collect();
        if page.generic {
            all.extend(self.class_id_selectors(classes, ids, &page.exceptions));
        }
        all.into_iter().collect()
    }
}

/// A `@@…$generichide` or `@@…$elemhide` exception: the hosts and path it is for, and whether it
/// lifts every cosmetic rule (`elemhide`) or only the generic ones.
fn hide_exception(line: &str) -> Option<(Domains, String, bool)> {
    let (pattern, options) = line[2..].rsplit_once('$')?;
    let mut all = None;
    let mut domains = Domains::default();
    for option in options.split(',').map(str::trim) {
        match option {
            "generichide" | "ghide" => all = all.or(Some(false)),
            "elemhide" | "ehide" => all = Some(true),
            _ => {
                if let Some(list) = option.strip_prefix("domain=") {
                    domains = Domains::parse(list, '|');
                }
            }
        }
    }
    let all = all?;
    let pattern = pattern.trim_end_matches('^').trim_end_matches('*');
    let (host, path) = match pattern.strip_prefix("||") {
        Some(rest) => match rest.find(['/', '^', '*', ':']) {
            Some(end) if !rest[end..].starts_with('/') => return None,
            Some(end) => (&rest[..end], rest[end..].trim_end_matches('^').to_string()),
            None => (rest, String::new()),
        },
        None if pattern.is_empty() || pattern == "*" => ("", String::new()),
        // A pattern that is not a host (a full address, a substring) is rare in these lists.
        None => return None,
    };
    if path.contains(['*', '^']) {
        return None;
    }
    if !host.is_empty() {
        if !domains.only.is_empty() {
            // A host in the pattern and a domain= list: both must hold; keep the narrower, the host.
            domains.only.clear();
        }
        domains.only.push(host.to_ascii_lowercase());
    } else if domains.only.is_empty() && domains.not.is_empty() {
        return None;
    }
    Some((domains, path, all))
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

    // One row per rule form: (list, page, classes, ids, selectors expected).
    #[test]
    fn rule_forms() {
        let cases: &[(&str, &str, &[&str], &[&str], &[&str])] = &[
            ("##.ad > .x", "https://a.nl/", &["ad"], &[], &[".ad > .x"]),
            ("##.ad > .x", "https://a.nl/", &["x"], &[], &[]),
            ("###slot[data-x]", "https://a.nl/", &[], &["slot"], &["#slot[data-x]"]),
            ("##.a, .b", "https://a.nl/", &[], &[], &[".a, .b"]),
            ("~a.nl##.ad", "https://www.a.nl/", &["ad"], &[], &[]),
            ("~a.nl##.ad", "https://b.nl/", &["ad"], &[], &[".ad"]),
            ("a.nl,~m.a.nl##.x", "https://m.a.nl/", &[], &[], &[]),
            ("a.nl,~m.a.nl##.x", "https://www.a.nl/", &[], &[], &[".x"]),
            ("a.nl##.x", "https://nota.nl/", &[], &[], &[]),
            ("google.*##.x", "https://www.google.co.uk/search", &[], &[], &[".x"]),
            ("google.*##.x", "https://google.nl/", &[], &[], &[".x"]),
            ("google.*##.x", "https://notgoogle.nl/", &[], &[], &[]),
            ("##.ad\n#@#.ad", "https://a.nl/", &["ad"], &[], &[]),
            ("a.nl##.ad\n#@#.ad", "https://a.nl/", &[], &[], &[]),
            ("##.ad\n~a.nl##.ad", "https://a.nl/", &["ad"], &[], &[".ad"]),
            ("~a.nl##.ad\n~b.nl##.ad", "https://a.nl/", &["ad"], &[], &[".ad"]),
            ("~a.nl,~b.nl##.ad\n~a.nl##.ad", "https://a.nl/", &["ad"], &[], &[]),
            ("##.ad\n@@||a.nl^$generichide", "https://www.a.nl/", &["ad"], &[], &[]),
            ("##.ad\n@@||a.nl^$generichide", "https://b.nl/", &["ad"], &[], &[".ad"]),
            ("a.nl##.x\n@@||a.nl^$elemhide", "https://a.nl/", &[], &[], &[]),
            ("a.nl##.x\n@@||a.nl^$generichide", "https://a.nl/", &[], &[], &[".x"]),
            ("##.ad\n@@||a.nl/shop/$generichide", "https://a.nl/news", &["ad"], &[], &[".ad"]),
            ("##.ad\n@@||a.nl/shop/$generichide", "https://a.nl/shop/1", &["ad"], &[], &[]),
            ("a.nl##.x:has-text(Ad)\na.nl#?#.y\na.nl##+js(noop)\n##^script\na.nl#$#.z { x }", "https://a.nl/", &[], &[], &[]),
            ("||ads.example^\n/banner/*", "https://a.nl/", &[], &[], &[]),
        ];
        for (list, url, classes, ids, expected) in cases {
            let f = Filters::from_lists(&[list]);
            assert_eq!(f.selectors_for(url, classes, ids), *expected, "{list:?} on {url}");
            let again = Filters::from_bytes(&f.to_bytes()).unwrap();
            assert_eq!(again.selectors_for(url, classes, ids), *expected, "{list:?} on {url}, compiled");
        }
    }

    #[test]
    fn compiled_rules_round_trip_and_garbage_is_refused() {
        let f = Filters::from_lists(&[LIST]);
        let again = Filters::from_bytes(&f.to_bytes()).unwrap();
        assert_eq!(again.page_rules("https://www.nu.nl/"), f.page_rules("https://www.nu.nl/"));
        assert!(Filters::from_bytes(b"not a filter engine").err().unwrap().contains("unreadable"));
        assert!(Filters::from_bytes(&[0xff, 0xfe]).err().unwrap().contains("unreadable"));
    }

    #[test]
    fn bundled_lists_know_common_ad_containers() {
        let f = Filters::bundled();
        let found = f.selectors_for("https://www.nu.nl/", &["adsbygoogle", "article-body"], &["taboola-below-article"]);
        assert!(found.iter().any(|s| s.contains("adsbygoogle")), "{found:?}");
        let again = Filters::from_bytes(&f.to_bytes()).unwrap();
        let found = again.selectors_for("http://127.0.0.1/slots.html", &["banner-ad", "card"], &[] as &[&str]);
        assert!(found.iter().any(|s| s == ".banner-ad"), "{}", found.len());
    }
}
