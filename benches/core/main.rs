//! The core benchmark (BENCHMARKS.md, figure 1): judging text against a bare Aho-Corasick scan of the
//! same text with the same phrases, natively. Both run in the same process, interleaved round by
//! round, and the figure is their ratio: absolute times on a shared machine drift.
//!
//!   cargo bench --bench core [-- --quick] [--pages DIR] [--out results.json]
//!   cargo bench --bench core -- --profile judge|bare     (runs one step for 10 s, for `perf record`)
//!   cargo bench --bench core -- --profile phases         (times the parts of judging one by one)
//!
//! Normally run by tools/bench.sh, which puts the figure in BENCHMARKS.md.

mod workloads;

use brandlens::language::Language;
use brandlens::lexicon::Lexicon;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;
use workloads::{generated_page, judge_page, real_pages, BareScan, Page};

/// Judging may cost at most this many times the bare scan.
const BUDGET_RATIO: f64 = 2.0;
/// Bytes of text of the generated page.
const GENERATED_BYTES: usize = 5_000_000;

struct Figure {
    corpus: String,
    pages: usize,
    text_bytes: usize,
    judge_ms: f64,
    bare_ms: f64,
    worst_page: String,
    worst_ratio: f64,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

/// Median time per page of both steps over `rounds` interleaved rounds, after one warm-up round.
fn measure(corpus: &str, lexicon: &Lexicon, bare: &BareScan, pages: &[Page], rounds: usize) -> Figure {
    let mut judge_times = vec![Vec::new(); pages.len()];
    let mut bare_times = vec![Vec::new(); pages.len()];
    for round in 0..=rounds {
        for (i, page) in pages.iter().enumerate() {
            let start = Instant::now();
            black_box(bare.count(black_box(page)));
            let bare_ms = millis(start);
            let start = Instant::now();
            black_box(judge_page(lexicon, black_box(page)));
            let judge_ms = millis(start);
            if round > 0 {
                bare_times[i].push(bare_ms);
                judge_times[i].push(judge_ms);
            }
        }
    }
    let judge: Vec<f64> = judge_times.into_iter().map(median).collect();
    let bare: Vec<f64> = bare_times.into_iter().map(median).collect();
    let (worst, worst_ratio) = (0..pages.len())
        .map(|i| (i, judge[i] / bare[i].max(1e-6)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    Figure {
        corpus: corpus.to_string(),
        pages: pages.len(),
        text_bytes: pages.iter().map(Page::text_bytes).sum(),
        judge_ms: judge.iter().sum(),
        bare_ms: bare.iter().sum(),
        worst_page: pages[worst].name.clone(),
        worst_ratio,
    }
}

/// Runs one step over and over for a profiler, without timing it.
fn run_for_profiler(step: &str, lexicon: &Lexicon, bare: &BareScan, pages: &[Page]) {
    let start = Instant::now();
    while start.elapsed().as_secs() < 10 {
        for page in pages {
            match step {
                "judge" => drop(black_box(judge_page(lexicon, page))),
                "bare" => {
                    black_box(bare.count(page));
                }
                other => panic!("--profile takes judge or bare, not {other}"),
            }
        }
    }
}

/// Times the parts of judging separately (best of five), to see where judging's time goes.
fn time_phases(lexicon: &Lexicon, bare: &BareScan, pages: &[Page]) {
    use brandlens::{judge, language, normalize, vocabulary};
    let best_of_five = |work: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let start = Instant::now();
                work();
                millis(start)
            })
            .fold(f64::INFINITY, f64::min)
    };
    let blocks: Vec<_> = pages.iter().flat_map(|p| p.blocks.iter().map(|b| (b, p.language))).collect();
    let words: Vec<_> = blocks.iter().map(|(b, _)| vocabulary::words(&b.text)).collect();
    let analyses: Vec<_> = pages.iter().map(|p| judge::analyse(lexicon, &p.blocks, Some(p.language.code()))).collect();
    let phases: [(&str, &dyn Fn()); 8] = [
        ("bare Aho-Corasick scan", &|| pages.iter().for_each(|p| { black_box(bare.count(p)); })),
        ("tokenise, fold, look up", &|| blocks.iter().for_each(|(b, _)| drop(black_box(vocabulary::words(&b.text))))),
        ("detect languages", &|| {
            vocabulary::with(|v| blocks.iter().zip(&words).for_each(|((b, _), w)| {
                let words = v.current(&b.text, w);
                black_box(language::detect_words(v, &words));
            }))
        }),
        ("stem and match", &|| blocks.iter().zip(&words).for_each(|((b, l), w)| drop(black_box(lexicon.matcher(*l).find(&b.text, w))))),
        ("sentence spans", &|| pages.iter().flat_map(|p| &p.blocks).for_each(|b| drop(black_box(normalize::sentence_spans(&b.text))))),
        ("analyse (judge::analyse)", &|| pages.iter().for_each(|p| drop(black_box(judge::analyse(lexicon, &p.blocks, Some(p.language.code())))))),
        ("score and evidence", &|| analyses.iter().for_each(|a| drop(black_box(judge::judge(a, &a.hits))))),
        ("judging, all of it", &|| pages.iter().for_each(|p| drop(black_box(judge_page(lexicon, p))))),
    ];
    for (name, work) in phases {
        println!("{name:>28}: {:8.2} ms", best_of_five(work));
    }
    let set_up = best_of_five(&|| drop(black_box(brandlens::Engine::new())));
    println!("{:>28}: {set_up:8.2} ms", "engine set-up (Engine::new)");
    for language in Language::ALL {
        let compile = best_of_five(&|| {
            black_box(Lexicon::builtin().matcher(language).rules.len());
        });
        println!("{:>28}: {compile:8.2} ms", format!("compile the {} lexicon", language.code()));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut quick, mut out, mut pages_dir, mut profile) = (false, None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--out" => out = args.next(),
            "--pages" => pages_dir = args.next().map(PathBuf::from),
            "--profile" => profile = args.next(),
            _ => {} // cargo bench passes --bench
        }
    }
    let pages_dir = pages_dir.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/pages"));
    let rounds = if quick { 3 } else { 9 };

    let lexicon = Lexicon::builtin();
    let bare = BareScan::new(&lexicon);
    if let Some(step) = profile {
        let mut pages = real_pages(&pages_dir, usize::MAX).unwrap_or_default();
        pages.push(generated_page(&lexicon, Language::Nl, GENERATED_BYTES / 10));
        if step == "phases" {
            time_phases(&lexicon, &bare, &pages);
        } else {
            run_for_profiler(&step, &lexicon, &bare, &pages);
        }
        return;
    }
    let mut figures = Vec::new();
    match real_pages(&pages_dir, usize::MAX) {
        Some(pages) => figures.push(measure("real pages", &lexicon, &bare, &pages, rounds)),
        None => println!("core: {} is absent: real pages not measured", pages_dir.display()),
    }
    let generated = generated_page(&lexicon, Language::Nl, if quick { GENERATED_BYTES / 10 } else { GENERATED_BYTES });
    figures.push(measure(&generated.name.clone(), &lexicon, &bare, &[generated], rounds));

    let mut json = Vec::new();
    for f in &figures {
        let ratio = f.judge_ms / f.bare_ms;
        let verdict = if ratio <= BUDGET_RATIO { "UNDER" } else { "OVER" };
        println!(
            "core, {} ({} pages, {:.1} MB of text): judging {:.1} ms, bare scan {:.1} ms: {:.2}x (budget <= {BUDGET_RATIO}x) {verdict}; worst page {} {:.2}x",
            f.corpus,
            f.pages,
            f.text_bytes as f64 / 1e6,
            f.judge_ms,
            f.bare_ms,
            ratio,
            f.worst_page,
            f.worst_ratio
        );
        json.push(serde_json::json!({
            "corpus": f.corpus, "pages": f.pages, "textBytes": f.text_bytes, "judgeMs": f.judge_ms,
            "bareMs": f.bare_ms, "ratio": ratio, "worstPage": f.worst_page, "worstRatio": f.worst_ratio,
        }));
    }
    if let Some(path) = out {
        let text = serde_json::json!({ "budgetRatio": BUDGET_RATIO, "figures": json }).to_string();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
}
