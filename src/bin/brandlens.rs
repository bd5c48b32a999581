//! `brandlens`: runs the BrandLens engine over saved HTML pages.
//!
//! ```text
//! brandlens scan PAGE.html [--url URL] [--profile PROFILES.json] [--frame SLOT_ID=CREATIVE.html]...
//! brandlens audit [--jobs N] [--profile PROFILES.json] [--list PAGES.tsv] [PAGE.html]...
//! brandlens judge [--lang nl] < text.txt
//! brandlens filters OUT.dat [LIST.txt]...
//! brandlens directory OUT.dat [DIRECTORY.tsv]
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("audit") {
        std::process::exit(match cli::audit(args[1..].to_vec()) {
            Ok(true) => 0,
            Ok(false) => 1,
            Err(e) => {
                eprintln!("brandlens: {e}");
                2
            }
        });
    }
    std::process::exit(match cli::run(args) {
        Ok(out) => {
            println!("{out}");
            0
        }
        Err(e) => {
            eprintln!("brandlens: {e}");
            2
        }
    });
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use brandlens::{directory::Directory, filters::Filters, html, Engine, Profiles};
    use std::collections::BTreeMap;
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    const USAGE: &str = "usage:\n  brandlens scan PAGE.html [--url URL] [--profile PROFILES.json] [--frame SLOT_ID=CREATIVE.html]...\n  brandlens audit [--jobs N] [--profile PROFILES.json] [--list PAGES.tsv] [PAGE.html]...   (one JSON line per page, in order)\n  brandlens judge [--lang nl|en|de|fr] < TEXT\n  brandlens filters OUT.dat [LIST.txt]...   (compiles cosmetic rules; default: the bundled EasyList + EasyList Dutch)\n  brandlens directory OUT.dat [DIRECTORY.tsv]   (indexes the brand directory for the extension; default: the bundled one)";

    fn read(path: &str) -> Result<String, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// An engine with the brand profiles of the file at `profile`, if one is given.
    fn engine_with(profile: Option<String>) -> Result<Engine, String> {
        let mut engine = Engine::new();
        if let Some(path) = profile {
            engine.set_profiles(Profiles::from_json(&read(&path)?).map_err(|e| format!("{path}: {e}"))?);
        }
        Ok(engine)
    }

    /// Scans many saved pages with one engine on `--jobs` threads (default: every core) and prints
    /// one JSON line per page, in the order given: `{"page", "url", "report"}`, or `{"page",
    /// "error"}` for a page that cannot be read or judged (the others are still scanned). Pages come as
    /// arguments and from `--list` (a line per page: `PATH` or `PATH<TAB>URL`; `#` comments).
    /// A summary goes to standard error. Returns whether every page was scanned.
    pub fn audit(args: Vec<String>) -> Result<bool, String> {
        let mut pages: Vec<(String, Option<String>)> = Vec::new();
        let (mut jobs, mut profile) = (std::thread::available_parallelism().map_or(1, |n| n.get()), None);
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
            match arg.as_str() {
                "--jobs" => jobs = value()?.parse().ok().filter(|&n| n > 0).ok_or(format!("--jobs takes a number of threads, 1 or more\n{USAGE}"))?,
                "--profile" => profile = Some(value()?),
                "--list" => {
                    let list = value()?;
                    for line in read(&list)?.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                        let (path, url) = line.split_once('\t').map_or((line, None), |(p, u)| (p.trim(), Some(u.trim().to_string())));
                        pages.push((path.to_string(), url));
                    }
                }
                a if a.starts_with("--") => return Err(format!("unknown option {a}\n{USAGE}")),
                _ => pages.push((arg, None)),
            }
        }
        if pages.is_empty() {
            return Err(format!("audit takes pages\n{USAGE}"));
        }
        let engine = engine_with(profile)?;
        let start = std::time::Instant::now();
        let next = AtomicUsize::new(0);
        let (send, receive) = mpsc::channel::<(usize, Result<String, String>)>();
        let (engine, pages) = (&engine, &pages);
        let failed = std::thread::scope(|scope| {
            for _ in 0..jobs.min(pages.len()) {
                let (send, next) = (send.clone(), &next);
                scope.spawn(move || loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, url)) = pages.get(index) else { break };
                    let url = url.clone().unwrap_or_else(|| format!("file://{path}"));
                    // A page that made the engine panic is reported on its line like an unreadable
                    // one; the batch goes on.
                    let line = read(path).and_then(|html| {
                        std::panic::catch_unwind(|| engine.scan(&html::read(&html, &url)))
                            .map(|report| serde_json::json!({ "page": path, "url": url, "report": report }).to_string())
                            .map_err(|_| format!("the engine failed on {path} (a bug: please report it with the page)"))
                    });
                    if send.send((index, line)).is_err() {
                        break;
                    }
                });
            }
            drop(send);
            // Lines go out in the order the pages were given, each as soon as those before it are out.
            let (mut waiting, mut printed, mut failed) = (BTreeMap::new(), 0, 0);
            let mut out = std::io::stdout().lock();
            for (index, line) in receive {
                waiting.insert(index, line);
                while let Some(line) = waiting.remove(&printed) {
                    let line = line.unwrap_or_else(|e| {
                        failed += 1;
                        serde_json::json!({ "page": pages[printed].0, "error": e }).to_string()
                    });
                    if writeln!(out, "{line}").is_err() {
                        // The reader went away (`| head`): scanning on is of no use to anyone.
                        std::process::exit(if failed == 0 { 0 } else { 1 });
                    }
                    printed += 1;
                }
            }
            failed
        });
        let seconds = start.elapsed().as_secs_f64();
        eprintln!(
            "brandlens audit: {} pages in {seconds:.2} s ({:.1} pages/s, {} threads), {failed} unreadable",
            pages.len(),
            pages.len() as f64 / seconds,
            jobs.min(pages.len())
        );
        Ok(failed == 0)
    }

    pub fn run(args: Vec<String>) -> Result<String, String> {
        let mut args = args.into_iter();
        let command = args.next().ok_or(USAGE)?;
        let (mut positional, mut url, mut profile, mut lang, mut frames) = (Vec::new(), None, None, None, Vec::new());
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
            match arg.as_str() {
                "--url" => url = Some(value()?),
                "--profile" => profile = Some(value()?),
                "--lang" => lang = Some(value()?),
                "--frame" => frames.push(value()?),
                "-h" | "--help" => return Ok(USAGE.to_string()),
                a if a.starts_with("--") => return Err(format!("unknown option {a}\n{USAGE}")),
                _ => positional.push(arg),
            }
        }
        let engine = engine_with(profile)?;
        match command.as_str() {
            "scan" => {
                let [page] = positional.as_slice() else { return Err(format!("scan takes one page\n{USAGE}")) };
                let url = url.unwrap_or_else(|| format!("file://{page}"));
                let mut snapshot = html::read(&read(page)?, &url);
                for frame in frames {
                    let (slot_id, path) = frame.split_once('=').ok_or("--frame takes SLOT_ID=CREATIVE.html")?;
                    let creative = html::read_creative(&read(path)?, path);
                    let slot = snapshot
                        .slots
                        .iter_mut()
                        .find(|s| s.id == slot_id)
                        .ok_or_else(|| format!("--frame: no ad slot with id {slot_id} in {page}"))?;
                    slot.creative.merge(&creative);
                }
                Ok(serde_json::to_string_pretty(&engine.scan(&snapshot)).unwrap())
            }
            "judge" => {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text).map_err(|e| format!("reading standard input: {e}"))?;
                Ok(serde_json::to_string_pretty(&engine.judge_text(&text, lang.as_deref())).unwrap())
            }
            "filters" => {
                let [out, lists @ ..] = positional.as_slice() else { return Err(format!("filters takes an output file\n{USAGE}")) };
                let filters = if lists.is_empty() {
                    Filters::bundled()
                } else {
                    let texts = lists.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
                    &*Box::leak(Box::new(Filters::from_lists(&texts.iter().map(String::as_str).collect::<Vec<_>>())))
                };
                let bytes = filters.to_bytes();
                std::fs::write(out, &bytes).map_err(|e| format!("cannot write {out}: {e}"))?;
                Ok(format!("{out}: {} bytes of compiled cosmetic rules", bytes.len()))
            }
            "directory" => {
                let (out, directory) = match positional.as_slice() {
                    [out] => (out, Directory::bundled().clone()),
                    [out, tsv] => (out, Directory::parse(&read(tsv)?).map_err(|e| format!("{tsv}: {e}"))?),
                    _ => return Err(format!("directory takes an output file and at most one directory\n{USAGE}")),
                };
                let bytes = directory.to_bytes();
                std::fs::write(out, &bytes).map_err(|e| format!("cannot write {out}: {e}"))?;
                Ok(format!("{out}: {} brands indexed, {} bytes", directory.len(), bytes.len()))
            }
            other => Err(format!("unknown command {other}\n{USAGE}")),
        }
    }
}
