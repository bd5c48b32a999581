//! The bodies of the fuzz targets, one per core entry point. cargo-fuzz runs them under libFuzzer
//! (`fuzz/fuzz_targets/*.rs`); `tests/fuzz_smoke.rs` runs them natively over the seed corpus
//! (`fuzz/corpus/<target>/`) in every `cargo test`. Each body must return for any input without a
//! panic; libFuzzer's `-timeout` and `-rss_limit_mb` bound its time and memory.
//!
//! This file uses only the `brandlens` crate, so both the fuzz crate and the main crate's tests can
//! include it (`#[path]`).

use brandlens::filters::Filters;
use brandlens::profile::{compile_terms, parse_keyword_list, BrandProfile, Profiles};
use brandlens::{Engine, Snapshot};
use std::sync::OnceLock;

/// Every target, by the name of its fuzz target and corpus directory.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("scan_snapshot", scan_snapshot),
    ("judge_text", judge_text),
    ("profiles_import", profiles_import),
    ("keyword_list", keyword_list),
    ("filter_list", filter_list),
];

/// Compiling the lexicons takes milliseconds: share one engine across inputs.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// An engine with brand profiles that have their own block and allow terms, so scans also run the
/// per-brand matchers.
fn engine_with_profiles() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut engine = Engine::new();
        let profiles = Profiles::from_json(
            r#"{"version":1,"brands":[
                {"name":"Nikon","aliases":["Nikon Kids"],"domains":["nikon.nl"],"audience":"children",
                 "block":["crime: overval","moord"],"allow":["killer deal"]},
                {"name":"Gap","domains":["gap.com"],"avoid":{"XtODT3":"low"}}]}"#,
        )
        .expect("the fuzz profiles are valid");
        engine.set_profiles(profiles);
        engine
    })
}

/// A page snapshot as the content script sends it (JSON) through `Engine::scan`, with and without
/// brand profiles. Malformed JSON is an error, not a panic.
pub fn scan_snapshot(data: &[u8]) {
    let Ok(snapshot) = serde_json::from_slice::<Snapshot>(data) else { return };
    let report = engine().scan(&snapshot);
    assert_eq!(report.stats.blocks, snapshot.blocks.len());
    assert_eq!(report.ads.len(), snapshot.slots.len());
    engine_with_profiles().scan(&snapshot);
}

/// One text through `Engine::judge_text`. The first byte picks the language hint (none, a known
/// code, or an unknown one); the rest is the text, decoded leniently as a page's text would be.
pub fn judge_text(data: &[u8]) {
    const LANGS: [Option<&str>; 6] = [None, Some("nl"), Some("en"), Some("de"), Some("fr"), Some("xx-Latn")];
    let Some((&pick, text)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(text);
    engine().judge_text(&text, LANGS[pick as usize % LANGS.len()]);
}

/// A profile set's JSON through `Profiles::from_json`; a set it accepts must compile, round-trip
/// through its own export, and scan.
pub fn profiles_import(data: &[u8]) {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let Ok(profiles) = Profiles::from_json(json) else { return };
    let exported = serde_json::to_string(&profiles).expect("an accepted profile set exports");
    let again = Profiles::from_json(&exported).expect("an exported profile set imports again");
    assert_eq!(again, profiles);
    let mut engine = Engine::new();
    engine.set_profiles(profiles);
    engine.scan(&sample_page());
}

/// A DSP keyword list through `parse_keyword_list`, then as a brand's block and allow terms.
pub fn keyword_list(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let terms = parse_keyword_list(&text);
    for term in &terms {
        assert!(!term.is_empty() && !term.starts_with('#') && term.trim() == term, "kept {term:?}");
    }
    let brand = BrandProfile { name: "Fuzz".into(), block: terms.clone(), allow: terms, ..Default::default() };
    let profiles = Profiles { version: 1, brands: vec![brand] };
    // A term may name an unknown topic (`foo: bar`): that is a validation error, not a crash.
    if profiles.validate().is_ok() {
        compile_terms(&profiles.brands[0]);
    }
}

fn sample_page() -> Snapshot {
    serde_json::from_str(
        r#"{"url":"https://nieuws.example/a","title":"Overval","blocks":[
            {"id":0,"text":"Een gewapende overval op een juwelier; de moord schokt de buurt.","role":"title"},
            {"id":1,"text":"Killer deal: camera's voor kinderen bij Nikon Kids.","role":"body"}],
           "slots":[{"id":"s1","kind":"gpt","order":1,"creative":{"clickUrls":["https://www.nikon.nl/kids"],"text":"Nikon"}}]}"#,
    )
    .expect("the sample page is valid")
}

/// A filter list (Adblock Plus syntax, any bytes) through `Filters::from_lists`, then its rules for
/// a few pages; the compiled form must load back to the same rules, and the raw bytes as a compiled
/// form must be refused or loaded, never panic.
pub fn filter_list(data: &[u8]) {
    const PAGES: [&str; 4] = ["https://www.nu.nl/a", "https://www.google.co.uk/", "http://127.0.0.1:8080/x", "not a url"];
    let text = String::from_utf8_lossy(data);
    let filters = Filters::from_lists(&[&text]);
    let again = Filters::from_bytes(&filters.to_bytes()).expect("a compiled form loads");
    let names: Vec<&str> = text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).filter(|w| !w.is_empty()).take(64).collect();
    for page in PAGES {
        assert_eq!(again.page_rules(page), filters.page_rules(page));
        assert_eq!(again.selectors_for(page, &names, &names), filters.selectors_for(page, &names, &names));
    }
    let _ = Filters::from_bytes(data);
}
