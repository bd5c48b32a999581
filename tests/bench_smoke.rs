//! The core benchmark's bodies (benches/core/workloads.rs) run once on small input, so the benchmark
//! cannot rot between runs of tools/bench.sh. No timing is asserted: speed is what BENCHMARKS.md shows.

#[path = "../benches/core/workloads.rs"]
mod workloads;

use brandlens::language::Language;
use brandlens::lexicon::Lexicon;
use workloads::{generated_page, judge_page, real_pages, BareScan};

#[test]
fn judging_and_the_bare_scan_run_on_a_generated_page() {
    let lexicon = Lexicon::builtin();
    let bare = BareScan::new(&lexicon);
    for language in Language::ALL {
        let page = generated_page(&lexicon, language, 20_000);
        assert!(page.text_bytes() >= 20_000, "{}", page.name);
        assert!(bare.count(&page) > 0, "{}: the bare scan finds the planted phrases", page.name);
        assert!(!judge_page(&lexicon, &page).is_empty(), "{}: judging finds topics in planted phrases", page.name);
    }
}

#[test]
fn the_real_pages_are_read_when_present() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/pages");
    let Some(pages) = real_pages(&dir, 2) else {
        eprintln!("{} is absent: the real pages are not read", dir.display());
        return;
    };
    let lexicon = Lexicon::builtin();
    let bare = BareScan::new(&lexicon);
    for page in &pages {
        assert!(page.text_bytes() > 0, "{} has text", page.name);
        bare.count(page);
        judge_page(&lexicon, page);
    }
}
