//! Measures the sensitive-topic judgement against the labelled corpus in `tests/corpus`:
//! passages (`passages/<lang>.jsonl`, judged as text with the language detected) and whole pages
//! (`pages/<case>/page.html` with `expected.json`, read as the CLI reads saved HTML).
//!
//! It prints precision, recall and F1 per topic and per language, tier exact and within-one-step
//! rates, language-detection accuracy and the benign false-positive rate, and fails below the
//! thresholds of issue 3. Set `BRANDLENS_EVAL_VERBOSE=1` to list every miss and false alarm.
use brandlens::taxonomy::{topics, Tier};
use brandlens::Engine;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The issue's acceptance thresholds.
const MIN_MACRO_F1: f64 = 0.85;
const MIN_TIER_EXACT: f64 = 0.70;
const MIN_TIER_WITHIN_ONE: f64 = 0.95;
const MAX_BENIGN_FLAGGED: f64 = 0.03;

/// Pages and passages are held to the same thresholds.
const THRESHOLDS: Floors = Floors {
    macro_f1: MIN_MACRO_F1,
    tier_exact: MIN_TIER_EXACT,
    tier_within_one: MIN_TIER_WITHIN_ONE,
    benign_flagged: MAX_BENIGN_FLAGGED,
};

/// Bounds a summary must meet: minimums, and a maximum for the benign rate.
struct Floors {
    macro_f1: f64,
    tier_exact: f64,
    tier_within_one: f64,
    benign_flagged: f64,
}

#[derive(Deserialize)]
struct Passage {
    id: String,
    lang: String,
    text: String,
    topics: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct ExpectedPage {
    language: String,
    topics: BTreeMap<String, String>,
    benign: bool,
}

/// One judged item: what was expected and what the engine said.
struct Outcome {
    name: String,
    language: String,
    detected_language: Option<String>,
    expected: BTreeMap<String, Tier>,
    found: BTreeMap<String, Tier>,
    benign: bool,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// An empty class (nothing expected, nothing found) is perfect.
fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

struct Summary {
    macro_f1: f64,
    tier_exact: f64,
    tier_within_one: f64,
    benign_flagged: f64,
    language_accuracy: f64,
}

fn tier_step(t: Tier) -> i32 {
    Tier::ALL.iter().position(|x| *x == t).unwrap() as i32
}

fn summarise(title: &str, outcomes: &[Outcome]) -> Summary {
    let verbose = std::env::var_os("BRANDLENS_EVAL_VERBOSE").is_some();
    println!("\n== {title}: {} items", outcomes.len());
    let mut per_topic: BTreeMap<&str, Counts> = topics().iter().map(|t| (t.id, Counts::default())).collect();
    let mut per_language: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut tier_total, mut tier_exact, mut tier_within) = (0, 0, 0);
    let (mut benign_total, mut benign_flagged) = (0, 0);
    let mut language_right = 0;
    for o in outcomes {
        let lang = per_language.entry(o.language.clone()).or_default();
        for (id, &expected) in &o.expected {
            let counts = per_topic.get_mut(id.as_str()).unwrap_or_else(|| panic!("{}: unknown topic {id}", o.name));
            match o.found.get(id) {
                Some(&found) => {
                    counts.tp += 1;
                    lang.tp += 1;
                    tier_total += 1;
                    let step = (tier_step(found) - tier_step(expected)).abs();
                    tier_exact += (step == 0) as usize;
                    tier_within += (step <= 1) as usize;
                    if verbose && step > 0 {
                        println!("  tier   {}: {id} expected {expected}, found {found}", o.name);
                    }
                }
                None => {
                    counts.fn_ += 1;
                    lang.fn_ += 1;
                    if verbose {
                        println!("  miss   {}: {id} {expected}", o.name);
                    }
                }
            }
        }
        for (id, found) in &o.found {
            if !o.expected.contains_key(id) {
                per_topic.get_mut(id.as_str()).unwrap().fp += 1;
                lang.fp += 1;
                if verbose {
                    println!("  false  {}: {id} {found}", o.name);
                }
            }
        }
        if o.benign {
            benign_total += 1;
            benign_flagged += o.found.values().any(|t| *t >= Tier::Medium) as usize;
        }
        language_right += (o.detected_language.as_deref() == Some(o.language.as_str())) as usize;
        if verbose && o.detected_language.as_deref() != Some(o.language.as_str()) {
            println!("  lang   {}: expected {}, detected {:?}", o.name, o.language, o.detected_language);
        }
    }
    println!("{:<28} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}", "topic", "tp", "fp", "fn", "prec", "recall", "F1");
    for (id, c) in &per_topic {
        let name = topics().iter().find(|t| t.id == *id).unwrap().short_name;
        println!(
            "{:<28} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
            format!("{id} {name}"),
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    for (lang, c) in &per_language {
        println!(
            "{:<28} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
            format!("language {lang}"),
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    let macro_f1 = per_topic.values().map(Counts::f1).sum::<f64>() / per_topic.len() as f64;
    let summary = Summary {
        macro_f1,
        tier_exact: ratio(tier_exact, tier_total),
        tier_within_one: ratio(tier_within, tier_total),
        benign_flagged: if benign_total == 0 { 0.0 } else { benign_flagged as f64 / benign_total as f64 },
        language_accuracy: ratio(language_right, outcomes.len()),
    };
    println!("macro-F1 over topics       {:.3}   (threshold >= {MIN_MACRO_F1})", summary.macro_f1);
    println!(
        "tier exact                 {:.3}   ({tier_exact}/{tier_total}, threshold >= {MIN_TIER_EXACT})",
        summary.tier_exact
    );
    println!(
        "tier within one step       {:.3}   ({tier_within}/{tier_total}, threshold >= {MIN_TIER_WITHIN_ONE})",
        summary.tier_within_one
    );
    println!(
        "benign flagged >= medium   {:.3}   ({benign_flagged}/{benign_total}, threshold <= {MAX_BENIGN_FLAGGED})",
        summary.benign_flagged
    );
    println!(
        "language detected          {:.3}   ({language_right}/{})",
        summary.language_accuracy,
        outcomes.len()
    );
    summary
}

fn tiers(map: &BTreeMap<String, String>, context: &str) -> BTreeMap<String, Tier> {
    map.iter()
        .map(|(id, t)| (id.clone(), Tier::parse(t).unwrap_or_else(|| panic!("{context}: bad tier {t}"))))
        .collect()
}

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"))
}

fn judge_passages(engine: &Engine) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for lang in ["nl", "en", "de", "fr"] {
        let path = corpus().join(format!("passages/{lang}.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let p: Passage =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
            let (detected, findings) = brandlens::judge::judge_text(engine.lexicon(), &p.text, None);
            outcomes.push(Outcome {
                expected: tiers(&p.topics, &p.id),
                benign: p.topics.is_empty(),
                found: findings.into_iter().map(|f| (f.id, f.tier)).collect(),
                detected_language: detected.map(|l| l.code().to_string()),
                language: p.lang,
                name: p.id,
            });
        }
    }
    outcomes
}

fn judge_pages(engine: &Engine) -> Vec<Outcome> {
    let mut cases: Vec<_> = std::fs::read_dir(corpus().join("pages")).unwrap().flatten().map(|e| e.path()).collect();
    cases.sort();
    cases
        .iter()
        .filter(|dir| dir.is_dir())
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            let html = std::fs::read_to_string(dir.join("page.html")).unwrap();
            let expected: ExpectedPage =
                serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                    .unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
            let report = engine.scan(&brandlens::html::read(&html, &format!("https://corpus.example/{name}")));
            Outcome {
                expected: tiers(&expected.topics, &name),
                benign: expected.benign,
                found: report.topics.into_iter().map(|f| (f.id, f.tier)).collect(),
                detected_language: report.language,
                language: expected.language,
                name,
            }
        })
        .collect()
}

fn check(title: &str, s: &Summary, f: &Floors) -> Vec<String> {
    let mut failures = Vec::new();
    let mut at_least = |name: &str, got: f64, min: f64| {
        if got < min {
            failures.push(format!("{title}: {name} {got:.3} < {min}"));
        }
    };
    at_least("macro-F1", s.macro_f1, f.macro_f1);
    at_least("tier exact", s.tier_exact, f.tier_exact);
    at_least("tier within one step", s.tier_within_one, f.tier_within_one);
    if s.benign_flagged > f.benign_flagged {
        failures.push(format!("{title}: benign flagged {:.3} > {}", s.benign_flagged, f.benign_flagged));
    }
    failures
}

#[test]
fn corpus_meets_the_issue_thresholds() {
    let engine = Engine::new();
    let passages = judge_passages(&engine);
    assert!(passages.len() >= 400, "the corpus needs at least 400 passages, has {}", passages.len());
    let pages = judge_pages(&engine);
    assert!(pages.len() >= 40, "the corpus needs at least 40 pages, has {}", pages.len());
    let passage_summary = summarise("passages", &passages);
    let page_summary = summarise("pages", &pages);
    let mut failures = check("pages", &page_summary, &THRESHOLDS);
    failures.extend(check("passages", &passage_summary, &THRESHOLDS));
    assert!(page_summary.language_accuracy >= 0.95, "page language detection {:.3}", page_summary.language_accuracy);
    assert!(passage_summary.language_accuracy >= 0.95, "passage language detection {:.3}", passage_summary.language_accuracy);
    assert!(failures.is_empty(), "below the issue's thresholds:\n{}", failures.join("\n"));
}

/// A Dutch page quoting an English statement (no `lang` attribute on the quote): every block is
/// detected and judged in its own language, and the evidence comes from both lexicons.
#[test]
fn mixed_language_page_is_judged_per_block() {
    let engine = Engine::new();
    let html = std::fs::read_to_string(corpus().join("pages/nl-en-europol-cocaine-mixed/page.html")).unwrap();
    let snapshot = brandlens::html::read(&html, "https://havenkrant.example/europol");
    let analysis = brandlens::judge::analyse(engine.lexicon(), &snapshot.blocks, snapshot.lang.as_deref());
    assert_eq!(analysis.language, Some(brandlens::language::Language::Nl));
    let language_of = |start: &str| {
        let block = analysis.blocks.iter().find(|b| b.block.text.starts_with(start)).unwrap_or_else(|| panic!("{start}"));
        block.language.code()
    };
    assert_eq!(language_of("Law enforcement authorities"), "en");
    assert_eq!(language_of("Investigators say"), "en");
    assert_eq!(language_of("Bij een internationale actie"), "nl");
    assert_eq!(language_of("Volgens de douane"), "nl");
    let report = engine.scan(&snapshot);
    let crime = report.topics.iter().find(|t| t.id == "XtODT3").expect("crime is found");
    let english_block = |id: u32| snapshot.blocks.iter().find(|b| b.id == id).unwrap().text.contains("cocaine trafficking");
    assert!(crime.evidence.iter().any(|e| e.rule.starts_with("en/") && english_block(e.block)), "{:#?}", crime.evidence);
    assert!(crime.evidence.iter().any(|e| e.rule.starts_with("nl/") && !english_block(e.block)), "{:#?}", crime.evidence);
}
