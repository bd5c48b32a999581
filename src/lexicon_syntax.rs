//! The line syntax of the lexicon files in `data/lexicons/` (see `docs/lexicons.md`).
//!
//! This file is shared by `build.rs`, which rejects a malformed lexicon at build time with its file
//! and line, and by [`crate::lexicon`], which compiles the lines into matchers. It depends on `std` only.

/// The section a lexicon line stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Topic file: words and phrases that signal the topic.
    Terms,
    /// Topic file: severe harm or graphic detail, pushes the tier to high; cue file: graphic detail
    /// for any topic (blood, body parts).
    Graphic,
    /// Topic file: glorification, promotion, explicit depiction, pushes the tier to floor; cue file:
    /// selling and soliciting language for any topic ("for sale", "no paperwork").
    Promotion,
    /// Topic file: educational treatment of the topic; cue file: educational framing for any topic.
    Educational,
    /// Topic file: phrases in which a term means something else.
    Not,
    /// Cue file: negations.
    Negation,
    /// Cue file: quotation and hearsay framing.
    Reporting,
    /// Cue file: hard-news framing.
    News,
    /// Stop-word file: frequent words for language detection.
    Stopword,
}

impl Section {
    pub fn name(self) -> &'static str {
        match self {
            Section::Terms => "terms",
            Section::Graphic => "graphic",
            Section::Promotion => "promotion",
            Section::Educational => "educational",
            Section::Not => "not",
            Section::Negation => "negation",
            Section::Reporting => "reporting",
            Section::News => "news",
            Section::Stopword => "stopword",
        }
    }

    /// Whether lines of this section in a topic file carry a weight.
    pub fn weighted(self) -> bool {
        matches!(self, Section::Terms | Section::Graphic | Section::Promotion | Section::Educational)
    }
}

/// What kind of file a lexicon file is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `<slug>.txt`
    Topic,
    /// `_cues.txt`
    Cues,
    /// `_stopwords.txt`
    Stopwords,
}

impl FileKind {
    pub fn of(file_name: &str) -> FileKind {
        match file_name {
            "_cues.txt" => FileKind::Cues,
            "_stopwords.txt" => FileKind::Stopwords,
            _ => FileKind::Topic,
        }
    }

    fn section(self, name: &str) -> Option<Section> {
        let allowed: &[Section] = match self {
            FileKind::Topic => &[Section::Terms, Section::Graphic, Section::Promotion, Section::Educational, Section::Not],
            FileKind::Cues => {
                &[Section::Negation, Section::Reporting, Section::Educational, Section::News, Section::Graphic, Section::Promotion]
            }
            FileKind::Stopwords => &[],
        };
        allowed.iter().copied().find(|s| s.name() == name)
    }
}

/// One entry of a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub section: Section,
    /// 1 (weak hint) to 5 (decisive); 1 where the section has no weights.
    pub weight: u8,
    /// The word or phrase as written, without the compound marker.
    pub phrase: &'a str,
    /// Written with a leading `*`: also matches as the end of a compound word.
    pub compound_head: bool,
    /// 1-based line number, for evidence and error messages.
    pub line: usize,
}

/// Parses a lexicon file. `file_name` is the bare name (`crime.txt`, `_cues.txt`, `_stopwords.txt`).
/// Errors name the line and what is wrong with it.
pub fn parse<'a>(file_name: &str, text: &'a str) -> Result<Vec<Entry<'a>>, String> {
    let kind = FileKind::of(file_name);
    let mut section = if kind == FileKind::Stopwords { Some(Section::Stopword) } else { None };
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = match raw.find(" #").or_else(|| raw.starts_with('#').then_some(0)) {
            Some(pos) => &raw[..pos],
            None => raw,
        }
        .trim();
        if content.is_empty() {
            continue;
        }
        if let Some(name) = content.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
            section = Some(kind.section(name.trim()).ok_or_else(|| {
                format!("{file_name}:{line}: unknown section [{name}] for this kind of file")
            })?);
            continue;
        }
        let section = section.ok_or_else(|| format!("{file_name}:{line}: entry before any [section]"))?;
        let (weight, rest) = if kind == FileKind::Topic && section.weighted() {
            let (w, rest) = content
                .split_once(' ')
                .ok_or_else(|| format!("{file_name}:{line}: expected `<weight 1-5> <phrase>`"))?;
            let weight = w
                .parse::<u8>()
                .ok()
                .filter(|w| (1..=5).contains(w))
                .ok_or_else(|| format!("{file_name}:{line}: weight `{w}` is not a number from 1 to 5"))?;
            (weight, rest.trim())
        } else {
            (1, content)
        };
        let (phrase, compound_head) = match rest.strip_prefix('*') {
            Some(p) => (p.trim(), true),
            None => (rest, false),
        };
        if phrase.is_empty() {
            return Err(format!("{file_name}:{line}: empty phrase"));
        }
        if compound_head && phrase.contains(char::is_whitespace) {
            return Err(format!("{file_name}:{line}: `*` marks a compound head and needs a single word"));
        }
        entries.push(Entry { section, weight, phrase, compound_head, line });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_weights_compounds_and_comments() {
        let text = "# header\n[terms]\n3 zedenmisdrijf\n2 *misbruik # compound head\n[not]\nfotoshoot\n";
        let entries = parse("crime.txt", text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!((entries[1].weight, entries[1].phrase, entries[1].compound_head), (2, "misbruik", true));
        assert_eq!((entries[2].section, entries[2].line), (Section::Not, 6));
    }

    #[test]
    fn rejects_malformed_lines_with_their_line_number() {
        let cases = [
            ("[terms]\nzedenmisdrijf\n", "crime.txt:2"),
            ("[terms]\n9 moord\n", "not a number"),
            ("3 moord\n", "before any [section]"),
            ("[negation]\nniet\n", "unknown section"),
            ("[terms]\n2 *twee woorden\n", "single word"),
        ];
        for (text, expected) in cases {
            let err = parse("crime.txt", text).unwrap_err();
            assert!(err.contains(expected), "{err} should mention {expected}");
        }
    }

    #[test]
    fn cue_and_stopword_files_have_no_weights() {
        let cues = parse("_cues.txt", "[negation]\nniet\n[news]\npolitie\n").unwrap();
        assert_eq!(cues[1].section, Section::News);
        let stop = parse("_stopwords.txt", "de\nhet\n").unwrap();
        assert_eq!(stop[0].section, Section::Stopword);
    }
}
