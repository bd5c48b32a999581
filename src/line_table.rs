//! Text tables searched in place: lines sorted by their first field (the text up to the first tab),
//! found by binary search. The brand directory and the EasyList index are stored this way so that
//! the extension's service worker can use them as they are read: loading one only notes where its
//! lines start and checks their order, with no parsing into maps on every cold start. The form is
//! plain text, so a reviewer can read it.
//!
//! A file is a header line, then tables, each a line `@name count` and its `count` lines.
//!
//! ```
//! use brandlens::line_table::{write_table, Tables};
//! let mut text = String::from("example 1\n");
//! write_table(&mut text, "colours", vec!["red\t#f00".into(), "blue\t#00f".into()]);
//! let mut tables = Tables::new(&text, "example 1").unwrap();
//! let colours = tables.next("colours").unwrap();
//! assert_eq!(colours.find(&text, "red").collect::<Vec<_>>(), ["red\t#f00"]);
//! assert!(!colours.contains(&text, "green"));
//! ```

use std::cmp::Ordering;

/// The first field of a line: up to its first tab, or the whole line.
pub fn key_of(line: &str) -> &str {
    line.split_once('\t').map_or(line, |(key, _)| key)
}

/// One table: where each of its lines starts and ends (without the newline) in the text that holds it.
#[derive(Debug, Clone, Default)]
pub struct LineTable {
    lines: Vec<(u32, u32)>,
}

impl LineTable {
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    fn line<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let (start, end) = self.lines[i];
        &text[start as usize..end as usize]
    }

    /// The table's lines, in order. `text` is the text the table was read from.
    pub fn lines<'t>(&'t self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        (0..self.lines.len()).map(move |i| self.line(text, i))
    }

    /// The lines whose first field is `key`.
    pub fn find<'t>(&'t self, text: &'t str, key: &str) -> impl Iterator<Item = &'t str> + 't {
        let first = self.lines.partition_point(|&(start, end)| key_of(&text[start as usize..end as usize]) < key);
        let after = first + self.lines[first..].partition_point(|&(start, end)| key_of(&text[start as usize..end as usize]) == key);
        (first..after).map(move |i| self.line(text, i))
    }

    pub fn contains(&self, text: &str, key: &str) -> bool {
        self.find(text, key).next().is_some()
    }
}

/// Appends a table to `out`: its line `@name count`, then `lines` sorted by their first field (then
/// by the rest, so the same rules always give the same text). Lines must hold no newline.
pub fn write_table(out: &mut String, name: &str, mut lines: Vec<String>) {
    lines.sort_by(|a, b| key_of(a).cmp(key_of(b)).then_with(|| a.cmp(b)));
    out.push_str(&format!("@{name} {}\n", lines.len()));
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
}

/// Reads a file of tables from `bytes`: text whose first line is `header`, then tables, which
/// `read` takes in order (all of them: nothing may follow). Returns the text and what `read` made
/// of it; an error reads `"{unreadable}: {reason}"`.
pub fn read_tables<T>(
    bytes: &[u8],
    header: &str,
    unreadable: &str,
    read: impl FnOnce(&str, &mut Tables) -> Result<T, String>,
) -> Result<(String, T), String> {
    let unreadable = |e: String| format!("{unreadable}: {e}");
    let text = std::str::from_utf8(bytes).map_err(|_| unreadable("not text".into()))?.to_string();
    let mut tables = Tables::new(&text, header).map_err(unreadable)?;
    let value = read(&text, &mut tables).map_err(unreadable)?;
    tables.end().map_err(unreadable)?;
    Ok((text, value))
}

/// Reads the tables of a text in order, checking each as it goes.
pub struct Tables<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Tables<'t> {
    /// Starts after the header line, which must be `header`.
    pub fn new(text: &'t str, header: &str) -> Result<Tables<'t>, String> {
        match text.split_once('\n') {
            Some((first, _)) if first == header => Ok(Tables { text, at: header.len() + 1 }),
            _ => Err(format!("expected {header:?} first")),
        }
    }

    fn line(&mut self) -> Option<(usize, usize)> {
        let start = self.at;
        let end = start + self.text.get(start..)?.find('\n')?;
        self.at = end + 1;
        Some((start, end))
    }

    /// The next table, which must be called `name`; its lines must be sorted by their first field.
    pub fn next(&mut self, name: &str) -> Result<LineTable, String> {
        let (start, end) = self.line().ok_or_else(|| format!("table {name} missing"))?;
        let count = self.text[start..end]
            .strip_prefix('@')
            .and_then(|rest| rest.strip_prefix(name))
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|count| count.parse::<usize>().ok())
            .ok_or_else(|| format!("expected table {name}, found {:?}", self.text[start..end].chars().take(40).collect::<String>()))?;
        if self.text.len() > u32::MAX as usize {
            return Err("too large".into());
        }
        // At most one line per byte left: a forged count cannot reserve more.
        let mut lines = Vec::with_capacity(count.min(self.text.len() - self.at));
        for _ in 0..count {
            let (start, end) = self.line().ok_or_else(|| format!("table {name} ends early"))?;
            if let Some(&(s, e)) = lines.last() {
                if key_of(&self.text[s as usize..e as usize]).cmp(key_of(&self.text[start..end])) == Ordering::Greater {
                    return Err(format!("table {name} is not sorted"));
                }
            }
            lines.push((start as u32, end as u32));
        }
        Ok(LineTable { lines })
    }

    /// Checks that nothing follows the last table.
    pub fn end(self) -> Result<(), String> {
        if self.at == self.text.len() {
            Ok(())
        } else {
            Err("unexpected text after the last table".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_many_lines_are_found_whole_and_bad_tables_refused() {
        let mut text = String::from("t 1\n");
        write_table(&mut text, "rules", vec!["b\t2".into(), "a\t1".into(), "b\t1".into(), "c".into()]);
        let mut tables = Tables::new(&text, "t 1").unwrap();
        let rules = tables.next("rules").unwrap();
        tables.end().unwrap();
        assert_eq!(rules.find(&text, "b").collect::<Vec<_>>(), ["b\t1", "b\t2"]);
        assert_eq!(rules.find(&text, "c").collect::<Vec<_>>(), ["c"]);
        assert_eq!(rules.find(&text, "d").count(), 0);
        for (bad, reason) in [
            ("t 1\n@rules 2\nb\na\n", "not sorted"),
            ("t 1\n@rules 3\na\nb\n", "ends early"),
            ("t 1\n@rulés 1\na\n", "expected table rules"),
            ("t 2\n@rules 0\n", "expected \"t 1\""),
        ] {
            let error = Tables::new(bad, "t 1").and_then(|mut t| t.next("rules").map(|_| ())).unwrap_err();
            assert!(error.contains(reason), "{bad:?}: {error}");
        }
        assert!(Tables::new("t 1\n@rules 0\nmore\n", "t 1").and_then(|mut t| { t.next("rules")?; t.end() }).is_err());
    }
}
