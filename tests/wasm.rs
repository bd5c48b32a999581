//! The core compiled to WebAssembly, called through its JavaScript bridge, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use brandlens::bridge::{BrandLens, CosmeticFilters};
use brandlens::snapshot::{Block, Creative, Role, Slot, Snapshot, SnapshotChanges};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        let key: JsValue = match key.parse::<u32>() {
            Ok(i) => i.into(),
            Err(_) => (*key).into(),
        };
        js_sys::Reflect::get(&v, &key).unwrap()
    })
}

#[wasm_bindgen_test]
fn scans_a_snapshot_through_the_bridge() {
    let mut engine = BrandLens::new();
    let count = engine
        .set_profiles(r#"{"version":1,"brands":[{"name":"Nikon","domains":["nikon.nl"],"audience":"children"}]}"#)
        .unwrap();
    assert_eq!(count, 1);
    let snapshot = Snapshot {
        url: "https://nieuws.example/zedenzaak".into(),
        lang: Some("nl".into()),
        blocks: vec![Block {
            id: 0,
            text: "De politie onderzoekt een reeks zedenmisdrijven. Het gaat om seksueel misbruik van minderjarigen.".into(),
            role: Role::Body,
            ..Default::default()
        }],
        slots: vec![Slot {
            id: "div-gpt-ad-1".into(),
            kind: "gpt".into(),
            creative: Creative {
                click_urls: vec!["https://adclick.g.doubleclick.net/pcs/click?adurl=https://www.nikon.nl/kids".into()],
                ..Default::default()
            },
            ..Default::default()
        }],
        ..Default::default()
    };
    let js = serde_wasm_bindgen::to_value(&snapshot).unwrap();
    let report = engine.scan(js, Some("tab 1".into())).unwrap();
    assert_eq!(get(&report, &["language"]).as_string().as_deref(), Some("nl"));
    assert_eq!(get(&report, &["topics", "0", "id"]).as_string().as_deref(), Some("XtODT3"));
    assert_eq!(get(&report, &["topics", "0", "tier"]).as_string().as_deref(), Some("high"));
    assert_eq!(get(&report, &["ads", "0", "advertiser", "brand"]).as_string().as_deref(), Some("Nikon"));
    assert_eq!(get(&report, &["ads", "0", "risk"]).as_string().as_deref(), Some("high"));
    // JSON-compatible: absent values are null, not undefined.
    assert!(get(&report, &["ads", "0", "label"]).is_null());
    // The page judged again after a paragraph was added (its first block's analysis is kept): the
    // report a fresh engine gives.
    let mut changed = snapshot.clone();
    changed.blocks.push(Block { id: 1, text: "De rechter doet over twee weken uitspraak.".into(), role: Role::Body, ..Default::default() });
    // Sent as its change alone (what the worker does), to the page kept under its name.
    let change = SnapshotChanges { blocks: changed.blocks[1..].to_vec(), ..Default::default() };
    let change = serde_wasm_bindgen::to_value(&change).unwrap();
    assert!(engine.scan_changes("tab 2", change.clone()).unwrap().is_undefined(), "not the page kept");
    let again = engine.scan_changes("tab 1", change).unwrap();
    let mut fresh_engine = BrandLens::new();
    fresh_engine.set_profiles(r#"{"version":1,"brands":[{"name":"Nikon","domains":["nikon.nl"],"audience":"children"}]}"#).unwrap();
    let fresh = fresh_engine.scan(serde_wasm_bindgen::to_value(&changed).unwrap(), None).unwrap();
    let json = |v: &JsValue| String::from(js_sys::JSON::stringify(v).unwrap());
    assert_eq!(json(&again), json(&fresh));
    assert_eq!(get(&again, &["stats", "blocks"]).as_f64(), Some(2.0));
    engine.forget_page();
    assert!(engine.scan_changes("tab 1", serde_wasm_bindgen::to_value(&SnapshotChanges::default()).unwrap()).unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn malformed_input_is_a_clear_error() {
    let mut engine = BrandLens::new();
    let err = engine.set_profiles(r#"{"brands":[{"name":""}]}"#).unwrap_err();
    let message = js_sys::Error::from(JsValue::from(err)).message();
    assert!(String::from(message).contains("\"name\" is empty"));
    let err = engine.scan(JsValue::from_str("not a snapshot"), None).unwrap_err();
    let message = String::from(js_sys::Error::from(JsValue::from(err)).message());
    assert!(message.starts_with("brandlens: malformed page snapshot"), "{message}");
    // Changes that list a slot the page kept has not, and are not sent it, are refused; the page
    // kept stays, so later changes are judged.
    engine.scan(serde_wasm_bindgen::to_value(&Snapshot::default()).unwrap(), Some("tab 1".into())).unwrap();
    let unknown = SnapshotChanges { slot_ids: Some(vec!["gone".into()]), ..Default::default() };
    let err = engine.scan_changes("tab 1", serde_wasm_bindgen::to_value(&unknown).unwrap()).unwrap_err();
    let message = String::from(js_sys::Error::from(JsValue::from(err)).message());
    assert!(message.starts_with("brandlens: page changes refused: slot id \"gone\""), "{message}");
    assert!(!engine.scan_changes("tab 1", serde_wasm_bindgen::to_value(&SnapshotChanges::default()).unwrap()).unwrap().is_undefined());
    // The profiles in use are untouched by the failed import.
    assert_eq!(get(&engine.profiles().unwrap(), &["brands", "length"]).as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn judges_text_in_four_languages() {
    let engine = BrandLens::new();
    for (text, lang) in [
        ("De politie onderzoekt zedenmisdrijven en seksueel misbruik van minderjarigen.", "nl"),
        ("Police are investigating the sexual abuse of children at the school; two men were charged with child sexual abuse.", "en"),
    ] {
        let findings = engine.judge_text(text, Some(lang.into())).unwrap();
        assert_eq!(get(&findings, &["0", "id"]).as_string().as_deref(), Some("XtODT3"), "{text}");
    }
}

#[wasm_bindgen_test]
fn cosmetic_filters_compile_cache_and_answer_in_wasm() {
    let list = "##.ad-banner\n###top-ad\nnu.nl##.nu-ad\nexample.org#@#.ad-banner\n@@||quiet.example^$generichide".to_string();
    let filters = CosmeticFilters::from_lists(vec![list]);
    let again = CosmeticFilters::from_bytes(&filters.to_bytes()).unwrap();
    let classes = vec!["ad-banner".to_string(), "story".to_string()];
    let ids = vec!["top-ad".to_string()];
    let expect = |url: &str, selectors: &[&str]| {
        assert_eq!(again.selectors(url, classes.clone(), ids.clone()), selectors, "{url}");
        assert_eq!(filters.selectors(url, classes.clone(), ids.clone()), selectors, "{url}");
    };
    expect("https://www.nu.nl/a", &["#top-ad", ".ad-banner", ".nu-ad"]);
    expect("https://example.org/", &["#top-ad"]);
    expect("https://quiet.example/", &[]);
    assert!(CosmeticFilters::from_bytes(b"\0\x01garbage").is_err());
}
