//! `brandlens`: runs the BrandLens engine over saved HTML pages.
//!
//! ```text
//! brandlens scan PAGE.html [--url URL] [--profile PROFILES.json] [--frame SLOT_ID=CREATIVE.html]...
//! brandlens judge [--lang nl] < text.txt
//! brandlens filters OUT.dat [LIST.txt]...
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(match cli::run(std::env::args().skip(1).collect()) {
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
    use brandlens::{filters::Filters, html, Engine, Profiles};
    use std::io::Read;

    const USAGE: &str = "usage:\n  brandlens scan PAGE.html [--url URL] [--profile PROFILES.json] [--frame SLOT_ID=CREATIVE.html]...\n  brandlens judge [--lang nl|en|de|fr] < TEXT\n  brandlens filters OUT.dat [LIST.txt]...   (compiles cosmetic rules; default: the bundled EasyList + EasyList Dutch)";

    fn read(path: &str) -> Result<String, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
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
        let mut engine = Engine::new();
        if let Some(path) = profile {
            let profiles = Profiles::from_json(&read(&path)?).map_err(|e| format!("{path}: {e}"))?;
            engine.set_profiles(profiles);
        }
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
            other => Err(format!("unknown command {other}\n{USAGE}")),
        }
    }
}
