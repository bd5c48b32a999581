//! Brand mentions measured on labelled fixtures (nl, en, de, fr): one folder per case under
//! `tests/mentions/` with `page.html`, `expected.json` and, where the case needs its own brands,
//! `profile.json` (otherwise `tests/mentions/profile.json`). Each page is read by the CLI's HTML
//! reader and scanned by the engine, as `brandlens scan` does.
//!
//! A found mention matches an expected one of the same brand whose `in` text stands in its snippet.
//! The table printed shows precision and recall of mention detection and the accuracy of sentiment,
//! situation and speaker over the matched mentions; the test fails below [`MIN_MENTION_F1`] or
//! [`MIN_SITUATION_ACCURACY`]. Run with `cargo test --release --test mentions -- --nocapture`.
use brandlens::{html, Engine, Profiles};
use serde_json::Value;
use std::fs;
use std::path::Path;

const MIN_MENTION_F1: f64 = 0.95;
const MIN_SITUATION_ACCURACY: f64 = 0.85;

struct Case {
    name: String,
    expected: Value,
    found: Vec<Value>,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mentions");
    let default_profile = fs::read_to_string(root.join("profile.json")).unwrap();
    let mut dirs: Vec<_> = fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "expected the labelled fixtures under {}", root.display());
    dirs.iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            let expected: Value = serde_json::from_str(&fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
            let profile = fs::read_to_string(dir.join("profile.json")).unwrap_or_else(|_| default_profile.clone());
            let mut engine = Engine::new();
            engine.set_profiles(Profiles::from_json(&profile).unwrap_or_else(|e| panic!("{name}: {e}")));
            let page = fs::read_to_string(dir.join("page.html")).unwrap();
            let snapshot = html::read(&page, expected["url"].as_str().expect("expected.json has a url"));
            let report = serde_json::to_value(engine.scan(&snapshot)).unwrap();
            Case { name, expected, found: report["mentions"].as_array().unwrap().clone() }
        })
        .collect()
}

/// Pairs expected with found mentions: (expected index, found index) for matches.
fn pair(case: &Case) -> Vec<(usize, usize)> {
    let mut used = vec![false; case.found.len()];
    let mut pairs = Vec::new();
    for (e, want) in case.expected["mentions"].as_array().unwrap().iter().enumerate() {
        let hit = case.found.iter().enumerate().position(|(f, got)| {
            !used[f] && got["brand"] == want["brand"] && got["snippet"].as_str().unwrap().contains(want["in"].as_str().unwrap())
        });
        if let Some(f) = hit {
            used[f] = true;
            pairs.push((e, f));
        }
    }
    pairs
}

#[derive(Default)]
struct Tally {
    expected: usize,
    found: usize,
    matched: usize,
    sentiment: usize,
    situation: usize,
    speaker: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        if self.found == 0 { 1.0 } else { self.matched as f64 / self.found as f64 }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 { 1.0 } else { self.matched as f64 / self.expected as f64 }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn share(&self, n: usize) -> f64 {
        if self.matched == 0 { 1.0 } else { n as f64 / self.matched as f64 }
    }
}

#[test]
fn mention_detection_sentiment_and_situation_meet_the_thresholds() {
    let cases = cases();
    let mut by_lang: Vec<(String, Tally)> = Vec::new();
    let mut total = Tally::default();
    let mut problems = Vec::new();
    for case in &cases {
        let lang = case.name.split('-').next().unwrap().to_string();
        if !by_lang.iter().any(|(l, _)| *l == lang) {
            by_lang.push((lang.clone(), Tally::default()));
        }
        let tally = &mut by_lang.iter_mut().find(|(l, _)| *l == lang).unwrap().1;
        let expected = case.expected["mentions"].as_array().unwrap();
        let pairs = pair(case);
        for t in [&mut *tally, &mut total] {
            t.expected += expected.len();
            t.found += case.found.len();
            t.matched += pairs.len();
        }
        for &(e, f) in &pairs {
            let (want, got) = (&expected[e], &case.found[f]);
            for (field, n) in [("sentiment", 0), ("situation", 1), ("speaker", 2)] {
                let got_value = if field == "speaker" { &got["speaker"]["kind"] } else { &got[field] };
                let ok = *got_value == want[field];
                if ok {
                    for t in [&mut *tally, &mut total] {
                        *[&mut t.sentiment, &mut t.situation, &mut t.speaker][n] += 1;
                    }
                } else {
                    problems.push(format!("{}: “{}” {field} {got_value} (expected {})", case.name, want["in"].as_str().unwrap(), want[field]));
                }
            }
        }
        for (e, want) in expected.iter().enumerate() {
            if !pairs.iter().any(|p| p.0 == e) {
                problems.push(format!("{}: missed {} in “{}”", case.name, want["brand"], want["in"].as_str().unwrap()));
            }
        }
        for (f, got) in case.found.iter().enumerate() {
            if !pairs.iter().any(|p| p.1 == f) {
                problems.push(format!("{}: spurious {} “{}” in “{}”", case.name, got["brand"], got["term"].as_str().unwrap(), got["snippet"].as_str().unwrap()));
            }
        }
    }
    println!("\nBrand mentions on {} labelled pages (tests/mentions/)", cases.len());
    println!("{:<6} {:>8} {:>6} {:>9} {:>7} {:>6} {:>9} {:>9} {:>7}", "lang", "expected", "found", "precision", "recall", "F1", "sentiment", "situation", "speaker");
    let rows = by_lang.iter().map(|(l, t)| (l.as_str(), t)).chain([("all", &total)]);
    for (lang, t) in rows {
        println!(
            "{:<6} {:>8} {:>6} {:>9.3} {:>7.3} {:>6.3} {:>9.3} {:>9.3} {:>7.3}",
            lang, t.expected, t.found, t.precision(), t.recall(), t.f1(), t.share(t.sentiment), t.share(t.situation), t.share(t.speaker)
        );
    }
    println!("thresholds: mention F1 >= {MIN_MENTION_F1}, situation accuracy >= {MIN_SITUATION_ACCURACY}");
    for p in &problems {
        println!("  {p}");
    }
    assert!(total.f1() >= MIN_MENTION_F1, "mention F1 {:.3} < {MIN_MENTION_F1}", total.f1());
    assert!(total.share(total.situation) >= MIN_SITUATION_ACCURACY, "situation accuracy {:.3} < {MIN_SITUATION_ACCURACY}", total.share(total.situation));
}

/// Every page exactly as labelled: the number of mentions, and each one's sentiment and situation;
/// where a page is labelled with them, its highest urgency, the posture advised for its negative
/// mentions and the action advised for its positive customer mentions.
#[test]
fn each_page_as_labelled() {
    let level = |v: &Value| ["low", "medium", "high"].iter().position(|l| v == l).unwrap();
    let mut failures = Vec::new();
    for case in cases() {
        let expected = case.expected["mentions"].as_array().unwrap();
        let pairs = pair(&case);
        if pairs.len() != expected.len() || case.found.len() != expected.len() {
            failures.push(format!("{}: {} mentions found, {} matched, {} expected", case.name, case.found.len(), pairs.len(), expected.len()));
        }
        for (e, f) in pairs {
            for field in ["sentiment", "situation"] {
                if case.found[f][field] != expected[e][field] {
                    failures.push(format!("{}: “{}” {field} {} (expected {})", case.name, expected[e]["in"], case.found[f][field], expected[e][field]));
                }
            }
        }
        if let Some(want) = case.expected.get("urgency") {
            let highest = case.found.iter().map(|m| level(&m["urgency"]["level"])).max().unwrap_or(0);
            if highest != level(want) {
                failures.push(format!("{}: highest urgency {highest}, expected {want}", case.name));
            }
        }
        if let Some(want) = case.expected.get("posture") {
            for m in case.found.iter().filter(|m| m["advice"]["action"] == "respond") {
                if m["advice"]["posture"] != *want {
                    failures.push(format!("{}: posture {} (expected {want}): {}", case.name, m["advice"]["posture"], m["advice"]["reason"]));
                }
            }
        }
        if let Some(want) = case.expected.get("advice") {
            for m in case.found.iter().filter(|m| m["situation"] == "stroke-of-luck") {
                if m["advice"]["action"] != *want {
                    failures.push(format!("{}: advice {} (expected {want})", case.name, m["advice"]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
