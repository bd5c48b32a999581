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
    ];
    for (args, expected) in cases {
        let out = brandlens(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
