//! When a log line was written and at which level, as its prefix says: what an incident
//! review sorts and filters by (`--annotate --json`, `--top`'s first and last seen).
//!
//! The forms, wherever they start in the line's first bytes (a `docker compose` or
//! `kubectl` prefix may come first):
//!
//! | writer | time | level |
//! | --- | --- | --- |
//! | MariaDB 10+ | `2024-04-19 17:02:11` (` 9:55:34`: the hour space-padded) | `[Note]`, `[Warning]`, `[ERROR]` |
//! | MySQL 5.7, 8, 9 | `2021-11-08T15:47:07.123456Z` (or with an offset) | `[Note]`, `[System]`, `[Warning]`, `[ERROR]` |
//! | MySQL 5.5 and older, MariaDB 5.5–10.0 | `130928 22:56:26` | as MariaDB's |
//! | syslog, journalctl | `Dec 12 13:57:06` (the server's own time after it wins) | the server's |
//!
//! A line may carry two times (a journal's, then the server's): the server's, the more
//! precise, is taken.

use std::ops::Range;

/// How far into a line its time and level are looked for.
const PREFIX: usize = 120;

/// The levels MariaDB and MySQL write, in brackets.
const LEVELS: &[&[u8]] = &[
    b"[ERROR]",
    b"[Error]",
    b"[Warning]",
    b"[Note]",
    b"[System]",
    b"[Info]",
];

/// Where a line's time and level are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    pub time: Option<Range<usize>>,
    /// The level without its brackets.
    pub level: Option<Range<usize>>,
}

pub fn of(line: &[u8]) -> Stamp {
    let head = &line[..line.len().min(PREFIX)];
    let time = (0..head.len())
        .find_map(|at| iso_date_time(head, at).or_else(|| short_date_time(head, at)))
        .or_else(|| (0..head.len()).find_map(|at| syslog_time(head, at)));
    let level = memchr::memchr_iter(b'[', head).find_map(|at| {
        LEVELS
            .iter()
            .find(|l| head[at..].starts_with(l))
            .map(|l| at + 1..at + l.len() - 1)
    });
    Stamp { time, level }
}

fn digits(s: &[u8], at: usize, n: usize) -> bool {
    s.get(at..at + n)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

/// Not inside a longer number or word.
fn starts_word(s: &[u8], at: usize) -> bool {
    at == 0 || !s[at - 1].is_ascii_alphanumeric()
}

/// `H:MM:SS` or `HH:MM:SS` at `at` (a space-padded hour included), and its end.
fn clock(s: &[u8], at: usize) -> Option<usize> {
    // Two digits, or one after a space (MariaDB pads the hour), or one alone.
    let two = digits(s, at, 2) || (s.get(at) == Some(&b' ') && digits(s, at + 1, 1));
    let hour = if two {
        at + 2
    } else if digits(s, at, 1) {
        at + 1
    } else {
        return None;
    };
    let ok = s.get(hour) == Some(&b':')
        && digits(s, hour + 1, 2)
        && s.get(hour + 3) == Some(&b':')
        && digits(s, hour + 4, 2);
    ok.then_some(hour + 6)
}

/// `2024-04-19 17:02:11`, `2021-11-08T15:47:07.123456Z`, `…+01:00`.
fn iso_date_time(s: &[u8], at: usize) -> Option<Range<usize>> {
    let date = starts_word(s, at)
        && digits(s, at, 4)
        && s.get(at + 4) == Some(&b'-')
        && digits(s, at + 5, 2)
        && s.get(at + 7) == Some(&b'-')
        && digits(s, at + 8, 2)
        && matches!(s.get(at + 10), Some(b' ' | b'T'));
    if !date {
        return None;
    }
    let mut end = clock(s, at + 11)?;
    if s.get(end) == Some(&b'.') {
        end += 1 + s[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    }
    match s.get(end) {
        Some(b'Z') => end += 1,
        Some(b'+' | b'-') if digits(s, end + 1, 2) => {
            end += 3;
            if s.get(end) == Some(&b':') && digits(s, end + 1, 2) {
                end += 3;
            } else if digits(s, end, 2) {
                end += 2;
            }
        }
        _ => {}
    }
    Some(at..end)
}

/// `130928 22:56:26`, ` 80902 15:52:57` (MySQL 5.x's YYMMDD, the year's tens dropped).
fn short_date_time(s: &[u8], at: usize) -> Option<Range<usize>> {
    if !starts_word(s, at) || !digits(s, at, 6) || s.get(at + 6) != Some(&b' ') {
        return None;
    }
    let mut clock_at = at + 7;
    if s.get(clock_at) == Some(&b' ') {
        clock_at += 1;
    }
    Some(at..clock(s, clock_at)?)
}

/// `Dec 12 13:57:06`: syslog's and journalctl's.
fn syslog_time(s: &[u8], at: usize) -> Option<Range<usize>> {
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    if !starts_word(s, at) || !MONTHS.iter().any(|m| s[at..].starts_with(m)) {
        return None;
    }
    let day = at + 4;
    if s.get(at + 3) != Some(&b' ') {
        return None;
    }
    // The day: two digits, or one after a space (`Jan  3`).
    let day_ok = digits(s, day, 2) || (s.get(day) == Some(&b' ') && digits(s, day + 1, 1));
    if !day_ok || s.get(day + 2) != Some(&b' ') {
        return None;
    }
    let clock_at = day + 3;
    Some(at..clock(s, clock_at)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(line: &str) -> (Option<&str>, Option<&str>) {
        let s = of(line.as_bytes());
        (s.time.map(|r| &line[r]), s.level.map(|r| &line[r]))
    }

    #[test]
    fn every_prefix_of_the_table() {
        assert_eq!(
            parts("2024-04-19 17:02:11 20090 [Warning] Aborted connection"),
            (Some("2024-04-19 17:02:11"), Some("Warning"))
        );
        assert_eq!(
            parts("2024-04-16  9:55:34 0 [Note] mariadbd: ready for connections."),
            (Some("2024-04-16  9:55:34"), Some("Note"))
        );
        assert_eq!(
            parts("2021-11-08T15:47:07.338825Z 0 [ERROR] [MY-010119] [Server] Aborting"),
            (Some("2021-11-08T15:47:07.338825Z"), Some("ERROR"))
        );
        assert_eq!(
            parts("2024-10-11T05:41:26.347570-00:00 3 [Note] [MY-011825] [Xtrabackup] x"),
            (Some("2024-10-11T05:41:26.347570-00:00"), Some("Note"))
        );
        assert_eq!(
            parts("130928 22:56:26 [Warning] Aborted connection 2"),
            (Some("130928 22:56:26"), Some("Warning"))
        );
        assert_eq!(
            parts("Dec 12 13:57:06 host mysqld[16538]: 2018-12-12 13:57:06 1396 [ERROR] WSREP: x"),
            (Some("2018-12-12 13:57:06"), Some("ERROR"))
        );
        assert_eq!(
            parts("Jan  3 01:02:03 host mysqld: Got signal 11"),
            (Some("Jan  3 01:02:03"), None)
        );
        assert_eq!(
            parts("mysql_1  | 2015-11-28T02:50:01.238745Z 3 [Note] Aborted"),
            (Some("2015-11-28T02:50:01.238745Z"), Some("Note"))
        );
        assert_eq!(parts("ERROR 1045 (28000): Access denied"), (None, None));
        assert_eq!(
            parts("version 12024-04-19 17:02:11"),
            (None, None),
            "inside a number"
        );
    }
}
