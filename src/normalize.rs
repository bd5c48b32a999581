//! Unicode-correct folding and word tokenisation.
//!
//! Matching works on folded words: compatibility-decomposed (ligatures such as `ﬁ` become `fi`),
//! diacritics removed, lower-cased, `ß` as `ss`, with zero-width characters and soft hyphens dropped
//! *inside* a word (so `zeden\u{200B}misdrijf` is one word, as the reader sees it). Every token keeps
//! its byte span in the original text, so evidence can quote the page exactly.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A word of the original text with its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset just past the last character in the original text.
    pub end: usize,
    /// The folded word.
    pub folded: String,
}

/// Characters that are invisible inside a word: zero-width space/joiners, word joiner, BOM, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || is_invisible(c)
}

/// Folds one piece of text (case, diacritics, ligatures, invisible characters), keeping other characters.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // Fast path: most page text is ASCII, which needs only lower-casing.
        out.extend(text.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    for c in text.nfkd() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ı' => out.push('i'),
            'ø' | 'Ø' => out.push('o'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// Splits text into words. Apostrophes split words (`l'attentat` gives `l` and `attentat`), as do
/// hyphens (`anti-drugs` gives `anti` and `drugs`), so phrases can match either spelling.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push_token(text, s, i, &mut tokens);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push_token(text, s, text.len(), &mut tokens);
    }
    tokens
}

fn push_token(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    let mut folded = String::with_capacity(end - start);
    fold_into(&text[start..end], &mut folded);
    if !folded.is_empty() {
        tokens.push(Token { start, end, folded });
    }
}

/// Byte ranges of the sentences of `text`. A sentence ends after `.`, `!`, `?` or `…` followed by
/// white space, or at a line break.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().map_or(true, |&(_, n)| n.is_whitespace());
        let ends = c == '\n' || (matches!(c, '.' | '!' | '?' | '…') && next_is_space);
        if ends {
            let end = i + c.len_utf8();
            push_span(text, start, end, &mut spans);
            start = end;
        }
    }
    push_span(text, start, text.len(), &mut spans);
    spans
}

fn push_span(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        spans.push((start + lead, end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_ligatures_and_invisible_characters() {
        let cases = [
            ("Zedenmisdrijf", "zedenmisdrijf"),
            ("café CRÈME", "cafe creme"),
            ("ﬁnance", "finance"),
            ("Straße", "strasse"),
            ("zeden\u{200B}mis\u{00AD}drijf", "zedenmisdrijf"),
            ("Œuvre", "oeuvre"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "{input}");
        }
    }

    #[test]
    fn tokens_keep_original_spans() {
        let text = "L'attentat à Zürich, zeden\u{200B}zaak!";
        let tokens = tokenize(text);
        let words: Vec<_> = tokens.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(words, ["l", "attentat", "a", "zurich", "zedenzaak"]);
        assert_eq!(&text[tokens[3].start..tokens[3].end], "Zürich");
    }

    #[test]
    fn splits_sentences() {
        let text = "Eerste zin. Tweede zin!\nDerde 3.5 zin";
        let got: Vec<_> = sentence_spans(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(got, ["Eerste zin.", "Tweede zin!", "Derde 3.5 zin"]);
    }
}
