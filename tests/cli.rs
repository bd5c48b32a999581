//! The `brandlens` command-line tool over saved HTML: the same core, the same report.
use std::process::Command;

fn brandlens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_brandlens")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap()
}

const PAGE: &str = "tests/e2e/fixtures/publisher/zedenzaak.html";
const CREATIVE: &str = "div-gpt-ad-1700000000000-0=tests/e2e/fixtures/ads/creative/nikon-kids.html";
const PROFILE: &str = "tests/fixtures/profiles/nikon-kids.json";

#[test]
fn scan_prints_the_report_as_json() {
    let out = brandlens(&["scan", PAGE, "--url", "https://nieuws.example/zedenzaak", "--profile", PROFILE, "--frame", CREATIVE]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["url"], "https://nieuws.example/zedenzaak");
    assert_eq!(report["language"], "nl");
    assert_eq!(report["topics"][0]["id"], "XtODT3");
    assert_eq!(report["topics"][0]["tier"], "high");
    let ad = &report["ads"][0];
    assert_eq!((ad["advertiser"]["brand"].as_str(), ad["advertiser"]["domain"].as_str()), (Some("Nikon"), Some("nikon.nl")));
    assert_eq!(ad["risk"], "high");
    assert_eq!(ad["label"], "Advertentie");
}

#[test]
fn bad_input_gets_a_clear_error_and_exit_code_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["scan", "no/such/page.html"], "cannot read no/such/page.html"),
        (&["scan", PAGE, "--profile", "Cargo.toml"], "Cargo.toml: not valid JSON"),
        (&["scan", PAGE, "--frame", "missing-slot=tests/e2e/fixtures/ads/creative/nikon-kids.html"], "no ad slot with id missing-slot"),
        (&["scan"], "scan takes one page"),
        (&["frobnicate"], "unknown command frobnicate"),
        (&["scan", PAGE, "--url"], "--url needs a value"),
        (&["audit"], "audit takes pages"),
        (&["audit", "--jobs", "0", PAGE], "--jobs takes a number"),
        (&["audit", "--list", "no/such/list.tsv"], "cannot read no/such/list.tsv"),
    ];
    for (args, expected) in cases {
        let out = brandlens(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// A batch audit gives each page the report `scan` gives it, in the order given, on any number of
/// threads; an unreadable page is reported on its line and the others are still scanned.
#[test]
fn audit_scans_many_pages_in_order_like_scan() {
    let pages: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/pages"))
        .unwrap()
        .map(|e| format!("tests/corpus/pages/{}/page.html", e.unwrap().file_name().to_string_lossy()))
        .take(8)
        .collect();
    let list = std::env::temp_dir().join(format!("brandlens-audit-{}.tsv", std::process::id()));
    std::fs::write(&list, format!("# saved pages\n{}\thttps://nieuws.example/zedenzaak\n", PAGE)).unwrap();
    let mut args: Vec<&str> = vec!["audit", "--jobs", "3"];
    args.extend(pages.iter().map(String::as_str));
    args.extend(["no/such/page.html", "--list", list.to_str().unwrap()]);
    let out = brandlens(&args);
    std::fs::remove_file(&list).unwrap();
    assert_eq!(out.status.code(), Some(1), "one page unreadable: {}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), pages.len() + 2);
    for (line, page) in lines.iter().zip(&pages) {
        assert_eq!(line["page"], page.as_str());
        let scan: serde_json::Value = serde_json::from_slice(&brandlens(&["scan", page]).stdout).unwrap();
        assert_eq!(line["report"], scan, "{page}");
    }
    assert!(lines[pages.len()]["error"].as_str().unwrap().contains("cannot read no/such/page.html"));
    let listed = &lines[pages.len() + 1];
    assert_eq!((listed["url"].as_str(), listed["report"]["topics"][0]["id"].as_str()), (Some("https://nieuws.example/zedenzaak"), Some("XtODT3")));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{} pages in", pages.len() + 2)));
}
