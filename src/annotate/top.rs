//! `--top[=N]`: how often each code occurs, as a table with a bar per row scaled to the
//! largest count.
//!
//! A code counts once per line it appears in, whatever the number of fields naming it
//! there: a replication error that gives 1062 as `Error_code` and again as `Internal
//! MariaDB error code` is one event.

use std::io::{self, Write};

use super::CodeKind;
use super::color::Palette;
use super::meanings::Meanings;
use crate::json;
use rustc_hash::FxHashMap as FastMap;

/// The longest bar, for the most frequent code.
pub const BAR_WIDTH: usize = 20;

#[derive(Debug, Default)]
pub struct Tally {
    counts: FastMap<(CodeKind, i32), Seen>,
}

/// How often a code was seen, and the timestamps of the first and last lines with one.
#[derive(Debug, Default)]
struct Seen {
    count: u64,
    first: Option<String>,
    last: Option<String>,
}

/// One row of the table.
struct Row<'a> {
    count: u64,
    kind: CodeKind,
    code: i32,
    first: Option<&'a str>,
    last: Option<&'a str>,
}

impl Tally {
    /// Counts `code` once more, on a line written at `time` (as the line writes it).
    pub fn add(&mut self, kind: CodeKind, code: i32, time: Option<&str>) {
        let seen = self.counts.entry((kind, code)).or_default();
        seen.count += 1;
        if let Some(time) = time {
            if seen.first.is_none() {
                seen.first = Some(time.to_string());
            }
            let last = seen.last.get_or_insert_with(String::new);
            last.clear();
            last.push_str(time);
        }
    }

    /// The `n` most frequent codes, most frequent first; ties in kind and code order so
    /// the output is the same from run to run.
    fn top(&self, n: usize) -> Vec<Row<'_>> {
        let mut rows: Vec<Row> = self
            .counts
            .iter()
            .map(|(&(kind, code), seen)| Row {
                count: seen.count,
                kind,
                code,
                first: seen.first.as_deref(),
                last: seen.last.as_deref(),
            })
            .collect();
        rows.sort_unstable_by_key(|r| (std::cmp::Reverse(r.count), r.kind, r.code));
        rows.truncate(n);
        rows
    }

    /// The table: `count`, a bar, `kind`, `code`, `name`, `first seen`, `last seen`,
    /// `message`, columns aligned.
    pub fn write(
        &self,
        n: usize,
        meanings: &mut Meanings,
        p: Palette,
        out: &mut impl Write,
    ) -> io::Result<()> {
        let rows = self.top(n);
        let cells: Vec<[String; 7]> = rows
            .iter()
            .map(|r| {
                let m = meanings.get(r.kind, r.code);
                [
                    r.count.to_string(),
                    m.map_or("-", |m| m.kind_name()).to_string(),
                    r.code.to_string(),
                    m.and_then(|m| m.name()).unwrap_or("-").to_string(),
                    r.first.unwrap_or("-").to_string(),
                    r.last.unwrap_or("-").to_string(),
                    m.map(|m| m.message().to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        let header = [
            "count",
            "kind",
            "code",
            "name",
            "first seen",
            "last seen",
            "message",
        ];
        let width = |col: usize| {
            cells
                .iter()
                .map(|c| c[col].chars().count())
                .chain([header[col].len()])
                .max()
                .unwrap_or(0)
        };
        let (count_w, kind_w, code_w, name_w) = (width(0), width(1), width(2), width(3));
        let (first_w, last_w) = (width(4), width(5));
        writeln!(
            out,
            "{}{:>count_w$}  {:BAR_WIDTH$}  {:kind_w$}  {:>code_w$}  {:name_w$}  {:first_w$}  {:last_w$}  {}{}",
            p.header,
            header[0],
            "",
            header[1],
            header[2],
            header[3],
            header[4],
            header[5],
            header[6],
            p.reset
        )?;
        let largest = rows.first().map_or(1, |r| r.count.max(1));
        for (row, [count, kind, code, name, first, last, message]) in rows.iter().zip(&cells) {
            let bar = "#".repeat(bar_len(row.count, largest));
            writeln!(
                out,
                "{count:>count_w$}  {}{bar:BAR_WIDTH$}{}  {kind:kind_w$}  {code:>code_w$}  {name:name_w$}  {first:first_w$}  {last:last_w$}  {message}",
                p.bar, p.reset
            )?;
        }
        Ok(())
    }

    /// The same rows as JSON Lines: `{"count": N, "match": {…}}`.
    pub fn write_json(
        &self,
        n: usize,
        meanings: &mut Meanings,
        out: &mut impl Write,
    ) -> io::Result<()> {
        for row in self.top(n) {
            let Some(m) = meanings.get(row.kind, row.code) else {
                continue;
            };
            let seen = [row.first, row.last];
            json::write_line(out, &json::of_top_row(row.count, seen, m.json()))?;
        }
        Ok(())
    }
}

/// A bar of up to [`BAR_WIDTH`] characters in proportion to `count`; never empty, so
/// every row shows.
fn bar_len(count: u64, largest: u64) -> usize {
    let scaled = (u128::from(count) * BAR_WIDTH as u128).div_ceil(u128::from(largest.max(1)));
    usize::try_from(scaled)
        .unwrap_or(BAR_WIDTH)
        .clamp(1, BAR_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Flavor, Kind};

    #[test]
    fn bars_scale_to_the_largest() {
        assert_eq!(bar_len(100, 100), BAR_WIDTH);
        assert_eq!(bar_len(50, 100), BAR_WIDTH / 2);
        assert_eq!(bar_len(1, 1_000_000), 1);
        assert_eq!(bar_len(u64::MAX, u64::MAX), BAR_WIDTH);
    }

    /// The objects of `--top --json`'s output, one per line.
    fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
        out.split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect()
    }

    #[test]
    fn innodb_and_mysql_codes_have_rows_too() {
        let mut t = Tally::default();
        t.add(CodeKind::InnoDbFile, 71, None);
        t.add(CodeKind::MySql, 12592, None);
        let mut m = Meanings::new(Flavor::find("mariadb-11.8").unwrap());
        let mut out = Vec::new();
        t.write_json(10, &mut m, &mut out).unwrap();
        let rows = json_lines(&out);
        let kinds: Vec<(&str, i64, Option<&str>)> = rows
            .iter()
            .map(|r| {
                let m = &r["match"];
                (
                    m["kind"].as_str().unwrap(),
                    m["code"].as_i64().unwrap(),
                    m["name"].as_str(),
                )
            })
            .collect();
        // A MySQL code is named from MySQL's tables, whatever the flavor.
        let mysql = Flavor::find("mysql-9.7").unwrap();
        assert_eq!(
            kinds,
            [
                ("innodb", 71, Some("OS_FILE_NOT_FOUND")),
                ("mysql", 12592, mysql.server.get(12592).map(|e| e.name()))
            ]
        );
    }

    #[test]
    fn first_and_last_seen_are_the_times_of_the_first_and_last_lines_with_one() {
        let mut t = Tally::default();
        t.add(CodeKind::Table(Kind::Os), 28, None);
        t.add(CodeKind::Table(Kind::Os), 28, Some("2024-04-19 17:02:11"));
        t.add(CodeKind::Table(Kind::Os), 28, Some("2024-04-19 18:00:00"));
        t.add(CodeKind::Table(Kind::Os), 28, None);
        t.add(CodeKind::Table(Kind::Os), 13, None);
        let mut m = Meanings::new(Flavor::find("mariadb-11.8").unwrap());
        let mut out = Vec::new();
        t.write_json(10, &mut m, &mut out).unwrap();
        let rows = json_lines(&out);
        assert_eq!(rows[0]["count"], 4);
        assert_eq!(rows[0]["first_seen"], "2024-04-19 17:02:11");
        assert_eq!(rows[0]["last_seen"], "2024-04-19 18:00:00");
        assert!(rows[1]["first_seen"].is_null());
        let mut text = Vec::new();
        t.write(10, &mut m, Palette::PLAIN, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let header = text.lines().next().unwrap();
        assert!(header.contains("name    first seen  "), "{text}");
        assert!(header.contains("  last seen  "), "{text}");
        assert!(
            text.contains("2024-04-19 17:02:11  2024-04-19 18:00:00  No space left"),
            "{text}"
        );
    }

    #[test]
    fn table_is_ordered_by_count_then_kind_and_code() {
        let mut t = Tally::default();
        for _ in 0..4 {
            t.add(
                CodeKind::Table(Kind::Server),
                1158,
                Some("2024-04-19 17:02:11"),
            );
        }
        t.add(CodeKind::Table(Kind::Os), 104, None);
        t.add(CodeKind::Table(Kind::Os), 104, None);
        t.add(CodeKind::Table(Kind::Server), 1062, None);
        t.add(CodeKind::Table(Kind::Os), 13, None);
        let mut m = Meanings::new(Flavor::find("mariadb-11.8").unwrap());
        let mut out = Vec::new();
        t.write(3, &mut m, Palette::PLAIN, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with("count  "), "{text}");
        assert!(
            lines[1].starts_with("    4  ####################  server  1158  ER_NET_READ_ERROR  "),
            "{text}"
        );
        assert!(
            lines[2].starts_with("    2  ##########            os       104  ECONNRESET  "),
            "{text}"
        );
        assert!(
            lines[3].starts_with("    1  #####                 os        13  EACCES  "),
            "{text}"
        );
    }
}
