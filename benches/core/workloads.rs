//! What the core benchmark measures, shared with its smoke test (tests/bench_smoke.rs): the pages it
//! runs on, the judging step, and the bare Aho-Corasick scan that judging is compared with.
//!
//! The real pages (../shared/data/pages) are read at run time only and never copied; generated pages
//! are made here, deterministically, from the lexicons' own stop words and phrases.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use brandlens::judge::{self, TopicFinding};
use brandlens::language::Language;
use brandlens::lexicon::Lexicon;
use brandlens::snapshot::{Block, Role};
use brandlens::html;
use std::path::Path;

/// A page's text blocks, ready to judge.
pub struct Page {
    pub name: String,
    pub language: Language,
    pub blocks: Vec<Block>,
}

impl Page {
    pub fn text_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.text.len()).sum()
    }
}

/// Splits one CSV line, honouring double quotes (titles hold commas).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                fields.last_mut().unwrap().push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// The real publisher pages listed in `dir/manifest.csv`, read as the CLI reads them; `None` when the
/// directory is absent (it lives outside the project).
pub fn real_pages(dir: &Path, limit: usize) -> Option<Vec<Page>> {
    let manifest = std::fs::read_to_string(dir.join("manifest.csv")).ok()?;
    let mut lines = manifest.lines();
    let header = csv_fields(lines.next()?);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("manifest.csv has no {name} column"));
    let (file, lang, url) = (column("file"), column("lang"), column("url"));
    let pages = lines
        .filter(|l| !l.trim().is_empty())
        .take(limit)
        .map(|line| {
            let fields = csv_fields(line);
            let bytes = std::fs::read(dir.join(&fields[file])).unwrap_or_else(|e| panic!("{}: {e}", fields[file]));
            let snapshot = html::read(&String::from_utf8_lossy(&bytes), &fields[url]);
            Page {
                name: fields[file].clone(),
                language: Language::from_code(&fields[lang]).unwrap_or(Language::En),
                blocks: snapshot.blocks,
            }
        })
        .collect();
    Some(pages)
}

/// A small deterministic random number generator (xorshift), so generated pages are the same in every run.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn stopwords(language: Language) -> Vec<&'static str> {
    let text = match language {
        Language::Nl => include_str!("../../data/lexicons/nl/_stopwords.txt"),
        Language::En => include_str!("../../data/lexicons/en/_stopwords.txt"),
        Language::De => include_str!("../../data/lexicons/de/_stopwords.txt"),
        Language::Fr => include_str!("../../data/lexicons/fr/_stopwords.txt"),
    };
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// A generated article of about `text_bytes` bytes in paragraphs of about 80 words: the language's
/// frequent words, with one lexicon phrase (any section, traps and cues included) in every 40 words.
pub fn generated_page(lexicon: &Lexicon, language: Language, text_bytes: usize) -> Page {
    let filler = stopwords(language);
    let phrases: Vec<&str> = lexicon.matcher(language).rules.iter().map(|r| r.phrase.as_str()).collect();
    let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
    let mut blocks = Vec::new();
    let mut total = 0;
    while total < text_bytes {
        let mut text = String::new();
        for word in 0..80 {
            if word > 0 {
                text.push(' ');
            }
            if random.below(40) == 0 {
                text.push_str(phrases[random.below(phrases.len())]);
            } else {
                text.push_str(filler[random.below(filler.len())]);
            }
            if random.below(15) == 0 {
                text.push('.');
            }
        }
        total += text.len();
        let role = if blocks.is_empty() { Role::Title } else { Role::Body };
        blocks.push(Block { id: blocks.len() as u32, text, role, ..Default::default() });
    }
    Page { name: format!("generated, {} MB of {} text", text_bytes as f64 / 1e6, language.code()), language, blocks }
}

/// The judging step of a scan: normalise, stem, match, drop traps and negations, score, gather evidence.
pub fn judge_page(lexicon: &Lexicon, page: &Page) -> Vec<TopicFinding> {
    let analysis = judge::analyse(lexicon, &page.blocks, Some(page.language.code()));
    judge::judge(&analysis, &analysis.hits)
}

/// The baseline: the lexicon's phrases as written, found case-insensitively in the raw text by one
/// Aho-Corasick automaton per language, with nothing else done.
pub struct BareScan {
    automata: Vec<AhoCorasick>,
}

impl BareScan {
    pub fn new(lexicon: &Lexicon) -> BareScan {
        let automata = Language::ALL
            .into_iter()
            .map(|language| {
                let phrases = lexicon.matcher(language).rules.iter().map(|r| r.phrase.to_lowercase());
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .build(phrases)
                    .expect("lexicon phrases compile")
            })
            .collect();
        BareScan { automata }
    }

    /// Occurrences of any phrase of the page's language, overlapping ones included (as the engine finds them).
    pub fn count(&self, page: &Page) -> usize {
        let automaton = &self.automata[page.language.index()];
        page.blocks.iter().map(|b| automaton.find_overlapping_iter(b.text.as_str()).count()).sum()
    }
}
