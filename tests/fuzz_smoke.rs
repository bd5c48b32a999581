//! The fuzz smoke run: every fuzz target's body (fuzz/src/targets.rs) over its seed corpus
//! (fuzz/seeds/<target>/), over the evaluation corpora, and over hostile inputs generated here, natively
//! and in a few seconds. The long runs use cargo-fuzz: docs/fuzzing.md.

#[path = "../fuzz/src/targets.rs"]
mod targets;

use brandlens::html;
use std::fs;
use std::path::Path;

fn target(name: &str) -> fn(&[u8]) {
    targets::TARGETS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no fuzz target {name}")).1
}

#[test]
fn every_target_accepts_its_seeds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for (name, body) in targets::TARGETS {
        let dir = seeds.join(name);
        let mut count = 0;
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            body(&fs::read(&path).unwrap());
            count += 1;
        }
        assert!(count > 0, "{name} has no seeds in {}", dir.display());
    }
}

/// The corpus pages as the CLI reads them, and the labelled passages, are realistic inputs.
#[test]
fn snapshot_and_text_targets_accept_the_evaluation_corpora() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    for entry in fs::read_dir(corpus.join("pages")).unwrap() {
        let page = entry.unwrap().path().join("page.html");
        let snapshot = html::read(&fs::read_to_string(&page).unwrap(), "https://corpus.example/");
        target("scan_snapshot")(&serde_json::to_vec(&snapshot).unwrap());
    }
    for entry in fs::read_dir(corpus.join("passages")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().take(20) {
            let mut input = vec![0u8];
            input.extend_from_slice(line.as_bytes());
            target("judge_text")(&input);
        }
    }
}

/// Inputs at the edges: nesting past serde's limit, long single tokens and many lines, control and
/// combining characters, numbers at the edge of their type.
#[test]
fn targets_survive_hostile_inputs() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!(r#"{{"blocks":[{{"text":"x","rect":{}1{}}}]}}"#, "{\"x\":".repeat(5_000), "}".repeat(5_000));
    let one_word = "moord ".repeat(50_000);
    let long_token = "a".repeat(200_000);
    let combining = format!("o{}", "\u{301}".repeat(50_000));
    let many_blocks = format!(
        r#"{{"url":"https://x.example/","blocks":[{}],"slots":[{}]}}"#,
        (0..5_000).map(|i| format!(r#"{{"id":{i},"text":"overval {i} moord"}}"#)).collect::<Vec<_>>().join(","),
        (0..500).map(|i| format!(r#"{{"id":"s{i}","order":{i},"creative":{{"clickUrls":["https://x{i}.example/?adurl=https://nikon.nl"]}}}}"#)).collect::<Vec<_>>().join(",")
    );
    let many_lines: String = (0..20_000).map(|i| format!("term number {i}\n")).collect();
    let many_brands = format!(
        r#"{{"brands":[{}]}}"#,
        (0..2_000).map(|i| format!(r#"{{"name":"Brand {i}","domains":["b{i}.example"]}}"#)).collect::<Vec<_>>().join(",")
    );
    let cases: &[(&str, &[u8])] = &[
        ("scan_snapshot", deep.as_bytes()),
        ("scan_snapshot", deep_object.as_bytes()),
        ("scan_snapshot", many_blocks.as_bytes()),
        ("scan_snapshot", br#"{"blocks":[{"id":-1}],"slots":[{"order":1e400}]}"#),
        ("judge_text", one_word.as_bytes()),
        ("judge_text", long_token.as_bytes()),
        ("judge_text", combining.as_bytes()),
        ("judge_text", b"\x03\0\x01\x02\x1b[31m\xe2\x80\xae\xef\xbb\xbf"),
        ("profiles_import", deep.as_bytes()),
        ("profiles_import", many_brands.as_bytes()),
        ("profiles_import", br#"{"version":4294967296}"#),
        ("keyword_list", many_lines.as_bytes()),
        ("keyword_list", long_token.as_bytes()),
        ("keyword_list", b": \n:: \n : x\n# \n \t\r\n"),
    ];
    for (name, input) in cases {
        target(name)(input);
    }
}
