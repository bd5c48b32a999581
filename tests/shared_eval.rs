//! A second, independent check of the sensitive-topic judgement on public data that never enters
//! the project: `../shared/data` relative to the repository (see its README). Ignored by default;
//! run it with `tools/eval-shared.sh` or
//! `cargo test --release --test shared_eval -- --ignored --nocapture`.
//!
//! - `labelled/openai_moderation_samples-1680.jsonl.gz`: English texts flagged sexual (S), sexual/minors
//!   (S3), hate (H, H2), violence (V, V2), self-harm (SH). Each flag is compared with the topics that
//!   correspond to it.
//! - `labelled/hatecheck_en_test_suite_cases.csv`, `labelled/mhc_hatecheck_cases_final_dutch.csv`:
//!   hateful / non-hateful test cases, compared with Hate Speech (HxqYV1).
//! - `pages/*.html` with `pages/manifest.csv`: 40 publisher pages with a weak label (sensitive or
//!   benign); a page counts as flagged when a topic is medium or above.
use brandlens::taxonomy::Tier;
use brandlens::Engine;
use std::io::Read;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    dir.is_dir().then_some(dir)
}

#[derive(Default)]
struct Confusion {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Confusion {
    fn add(&mut self, expected: bool, found: bool) {
        match (expected, found) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        let acc = (self.tp + self.tn) as f64 / (self.tp + self.tn + self.fp + self.fn_).max(1) as f64;
        format!(
            "{name:<34} tp {:>4} fp {:>4} fn {:>4} tn {:>4}  precision {p:.3} recall {r:.3} F1 {f1:.3} accuracy {acc:.3}",
            self.tp, self.fp, self.fn_, self.tn
        )
    }
}

/// Splits one CSV line with quoted fields.
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn read_csv(path: &PathBuf) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = csv_fields(lines.next().unwrap());
    (header, lines.map(csv_fields).collect())
}

fn gunzip(path: &PathBuf) -> String {
    // The gzip file is small; `gzip -dc` avoids a dependency for a check that never ships.
    let out = std::process::Command::new("gzip").arg("-dc").arg(path).output().expect("gzip");
    let mut text = String::new();
    out.stdout.as_slice().read_to_string(&mut text).unwrap();
    text
}

fn hatecheck(engine: &Engine, path: PathBuf, text_column: &str, lang: &str) {
    let (header, rows) = read_csv(&path);
    let text_at = header.iter().position(|h| h == text_column).unwrap();
    let label_at = header.iter().position(|h| h == "label_gold").unwrap();
    let mut c = Confusion::default();
    for row in rows.iter().filter(|r| r.len() == header.len()) {
        let found = engine.judge_text(&row[text_at], Some(lang)).iter().any(|f| f.id == "HxqYV1");
        c.add(row[label_at] == "hateful", found);
    }
    println!("{}", c.line(&format!("HateCheck {lang} (hate)")));
}

fn moderation(engine: &Engine, path: PathBuf) {
    let flags: [(&str, &[&str]); 5] = [
        ("S", &["Rm3SiT"]),
        ("S3", &["Rm3SiT", "XtODT3"]),
        ("H", &["HxqYV1"]),
        ("V", &["I4GWl6", "XtODT3", "8FD8nI", "avbNf2"]),
        ("SH", &["I4GWl6"]),
    ];
    let mut confusion: Vec<Confusion> = flags.iter().map(|_| Confusion::default()).collect();
    let mut any = Confusion::default();
    for line in gunzip(&path).lines() {
        let sample: serde_json::Value = serde_json::from_str(line).unwrap();
        let findings = engine.judge_text(sample["prompt"].as_str().unwrap_or_default(), None);
        let flagged = |f: &str| sample[f].as_i64() == Some(1);
        for ((flag, ids), c) in flags.iter().zip(&mut confusion) {
            c.add(flagged(flag), findings.iter().any(|f| ids.contains(&f.id.as_str())));
        }
        let expected_any = flags.iter().any(|(f, _)| flagged(f)) || flagged("H2") || flagged("V2");
        any.add(expected_any, !findings.is_empty());
    }
    for ((flag, ids), c) in flags.iter().zip(&confusion) {
        println!("{}", c.line(&format!("OpenAI moderation {flag} -> {}", ids.join("|"))));
    }
    println!("{}", any.line("OpenAI moderation any flag -> any"));
}

fn publisher_pages(engine: &Engine, dir: PathBuf) {
    let (header, rows) = read_csv(&dir.join("manifest.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (file, lang, url, class, topic) = (col("file"), col("lang"), col("url"), col("topic_class"), col("topic"));
    let mut c = Confusion::default();
    let mut language_right = 0;
    for row in &rows {
        let Ok(html) = std::fs::read_to_string(dir.join(&row[file])) else { continue };
        let report = engine.scan(&brandlens::html::read(&html, &row[url]));
        let flagged = report.topics.iter().any(|t| t.tier >= Tier::Medium);
        c.add(row[class] == "sensitive", flagged);
        language_right += (report.language.as_deref() == Some(row[lang].as_str())) as usize;
        let found: Vec<_> = report.topics.iter().map(|t| format!("{} {}", t.name.split(' ').next().unwrap(), t.tier)).collect();
        println!("  {:<42} {:<9} label: {:<60.60} found: {}", row[file], row[class], row[topic], found.join(", "));
    }
    println!("{}", c.line("publisher pages (sensitive -> >= medium)"));
    println!("publisher pages language detected: {language_right}/{}", rows.len());
}

#[test]
#[ignore = "reads ../shared/data, which is not part of the project"]
fn shared_public_data() {
    let Some(data) = shared() else {
        println!("../shared/data is absent: nothing to measure (this check runs only where the shared data is)");
        return;
    };
    println!("reading {}", data.display());
    let engine = Engine::new();
    moderation(&engine, data.join("labelled/openai_moderation_samples-1680.jsonl.gz"));
    hatecheck(&engine, data.join("labelled/hatecheck_en_test_suite_cases.csv"), "test_case", "en");
    hatecheck(&engine, data.join("labelled/mhc_hatecheck_cases_final_dutch.csv"), "test_case", "nl");
    publisher_pages(&engine, data.join("pages"));
}
