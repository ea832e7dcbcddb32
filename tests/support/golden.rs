//! The golden-file format, shared by the generator (`cargo xtask golden`, which runs the
//! reference binaries) and the tests that check perror against the files.
//!
//! A golden file is a header line (`#` …) and then cases:
//! ```text
//! case <name>
//! arg <escaped argument>          one per argument, in order
//! arg-seq <first> <last>          the arguments first, first+1, …, last (in decimal)
//! status <exit status>
//! out <escaped line>              one per stdout line; `out~` for a last line without \n
//! out@os-verbose <code>           an OS line: `OS error code %3d:  <strerror>`
//! out@os-silent <code>            an OS line in -s mode: `<strerror>`
//! err <escaped line>              one per stderr line
//! both <escaped line>             stdout and stderr read from one pipe (`combined` cases);
//!                                 `both@os-…` as for out
//! end
//! ```
//! OS lines are tokens because their text comes from the C library: the test fills them in
//! from the host's libc (and leaves them out where the host has no text for the code).
//! Escapes: `\\`, `\xHH` for control bytes and bytes that are not UTF-8; nothing else.

#![allow(dead_code)]

use std::collections::HashMap;

/// One line of expected stdout (or combined output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Bytes, with whether a line feed ended them.
    Text(Vec<u8>, bool),
    Os {
        code: i32,
        verbose: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Case {
    pub name: String,
    pub args: Vec<Vec<u8>>,
    /// stdout and stderr went to one pipe; `both` holds what it read.
    pub combined: bool,
    pub status: i32,
    pub out: Vec<Line>,
    pub err: Vec<Line>,
    pub both: Vec<Line>,
}

pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    out.push_str(&format!("\\x{:02X}", c as u32))
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

pub fn unescape(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'\\') => {
                out.push(b'\\');
                i += 2;
            }
            Some(b'x') => {
                let hex = s
                    .get(i + 2..i + 4)
                    .ok_or_else(|| format!("short \\x escape in {s:?}"))?;
                out.push(
                    u8::from_str_radix(hex, 16).map_err(|_| format!("bad \\x escape in {s:?}"))?,
                );
                i += 4;
            }
            Some(b's') => {
                out.push(b' ');
                i += 2;
            }
            Some(b't') => {
                out.push(b'\t');
                i += 2;
            }
            _ => return Err(format!("bad escape in {s:?}")),
        }
    }
    Ok(out)
}

/// Reads a corpus of argument lists: one per line, arguments separated by one space;
/// `\s` is a space inside an argument, `""` alone an empty argument, `#` starts a comment.
pub fn corpus(text: &str) -> Result<Vec<Vec<Vec<u8>>>, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.split(' ')
                .map(|a| {
                    if a == "\"\"" {
                        Ok(Vec::new())
                    } else {
                        unescape(a)
                    }
                })
                .collect()
        })
        .collect()
}

/// Splits output into lines, remembering whether the last one ended with a line feed.
pub fn text_lines(bytes: &[u8]) -> Vec<Line> {
    let mut lines: Vec<Line> = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(|l| match l.strip_suffix(b"\n") {
            Some(l) => Line::Text(l.to_vec(), true),
            None => Line::Text(l.to_vec(), false),
        })
        .collect();
    if bytes.is_empty() {
        lines.clear();
    }
    lines
}

/// Turns the OS lines of `stdout` into tokens. Verbose OS lines say their code; a silent
/// one is recognised as the reference libc's text (`os_texts`) of one of `codes`.
pub fn tokenize_os(lines: Vec<Line>, codes: &[i32], os_texts: &HashMap<i32, Vec<u8>>) -> Vec<Line> {
    lines
        .into_iter()
        .map(|line| {
            let Line::Text(text, true) = &line else {
                return line;
            };
            if let Some(code) = verbose_os_code(text) {
                return Line::Os {
                    code,
                    verbose: true,
                };
            }
            match codes.iter().find(|c| os_texts.get(c) == Some(text)) {
                Some(&code) => Line::Os {
                    code,
                    verbose: false,
                },
                None => line,
            }
        })
        .collect()
}

/// The code of an `OS error code %3d:  text` line.
pub fn verbose_os_code(line: &[u8]) -> Option<i32> {
    let rest = line.strip_prefix(b"OS error code ")?;
    let colon = rest.iter().position(|&b| b == b':')?;
    std::str::from_utf8(&rest[..colon])
        .ok()?
        .trim_start()
        .parse()
        .ok()
}

/// The bytes a list of lines stands for, with OS tokens filled in by `os_text`.
pub fn expand(lines: &[Line], os_text: &dyn Fn(i32) -> Option<String>) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        match line {
            Line::Text(t, newline) => {
                out.extend_from_slice(t);
                if *newline {
                    out.push(b'\n');
                }
            }
            Line::Os { code, verbose } => {
                if let Some(text) = os_text(*code) {
                    if *verbose {
                        out.extend_from_slice(
                            format!("OS error code {code:3}:  {text}\n").as_bytes(),
                        );
                    } else {
                        out.extend_from_slice(format!("{text}\n").as_bytes());
                    }
                }
            }
        }
    }
    out
}

fn write_lines(out: &mut String, tag: &str, lines: &[Line]) {
    for line in lines {
        match line {
            Line::Text(t, true) => out.push_str(&format!("{tag} {}\n", escape(t))),
            Line::Text(t, false) => out.push_str(&format!("{tag}~ {}\n", escape(t))),
            Line::Os {
                code,
                verbose: true,
            } => out.push_str(&format!("{tag}@os-verbose {code}\n")),
            Line::Os {
                code,
                verbose: false,
            } => out.push_str(&format!("{tag}@os-silent {code}\n")),
        }
    }
}

/// Arguments, with runs of consecutive integers written as one `arg-seq` line.
fn write_args(out: &mut String, args: &[Vec<u8>]) {
    let number = |a: &[u8]| {
        std::str::from_utf8(a)
            .ok()
            .and_then(|s| s.parse::<i32>().ok())
            .filter(|n| n.to_string().as_bytes() == a)
    };
    let mut i = 0;
    while i < args.len() {
        let mut j = i;
        if let Some(first) = number(&args[i]) {
            while j + 1 < args.len() && number(&args[j + 1]) == Some(first + (j + 1 - i) as i32) {
                j += 1;
            }
            if j - i >= 2 {
                out.push_str(&format!("arg-seq {first} {}\n", first + (j - i) as i32));
                i = j + 1;
                continue;
            }
        }
        out.push_str(&format!("arg {}\n", escape(&args[i])));
        i += 1;
    }
}

pub fn write(header: &str, cases: &[Case]) -> String {
    let mut out = format!("# {header}\n");
    for c in cases {
        out.push_str(&format!("case {}\n", c.name));
        write_args(&mut out, &c.args);
        if c.combined {
            out.push_str("combined\n");
        }
        out.push_str(&format!("status {}\n", c.status));
        write_lines(&mut out, "out", &c.out);
        write_lines(&mut out, "err", &c.err);
        write_lines(&mut out, "both", &c.both);
        out.push_str("end\n");
    }
    out
}

pub fn read(text: &str) -> Result<(String, Vec<Case>), String> {
    let mut lines = text.lines().enumerate();
    let header = lines
        .next()
        .and_then(|(_, l)| l.strip_prefix("# "))
        .ok_or("no header line")?
        .to_string();
    let mut cases = Vec::new();
    let mut case: Option<Case> = None;
    for (n, line) in lines {
        let err = |m: &str| format!("line {}: {m}: {line:?}", n + 1);
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        if tag == "case" {
            case = Some(Case {
                name: rest.to_string(),
                ..Case::default()
            });
            continue;
        }
        let c = case.as_mut().ok_or_else(|| err("outside a case"))?;
        let (list, kind) = tag.split_once('@').unwrap_or((tag, ""));
        let (list, partial) = match list.strip_suffix('~') {
            Some(l) => (l, true),
            None => (list, false),
        };
        let target = match list {
            "out" => Some(&mut c.out),
            "err" => Some(&mut c.err),
            "both" => Some(&mut c.both),
            _ => None,
        };
        match (target, kind) {
            (Some(t), "") => t.push(Line::Text(unescape(rest)?, !partial)),
            (Some(t), "os-verbose" | "os-silent") => t.push(Line::Os {
                code: rest.parse().map_err(|_| err("bad code"))?,
                verbose: kind == "os-verbose",
            }),
            (Some(_), _) => return Err(err("unknown token")),
            (None, _) => match tag {
                "arg" => c.args.push(unescape(rest)?),
                "arg-seq" => {
                    let (a, b) = rest
                        .split_once(' ')
                        .ok_or_else(|| err("arg-seq needs two numbers"))?;
                    let (a, b): (i32, i32) = (
                        a.parse().map_err(|_| err("bad number"))?,
                        b.parse().map_err(|_| err("bad number"))?,
                    );
                    c.args.extend((a..=b).map(|n| n.to_string().into_bytes()));
                }
                "combined" => c.combined = true,
                "status" => c.status = rest.parse().map_err(|_| err("bad status"))?,
                "end" => cases.push(case.take().ok_or_else(|| err("end without case"))?),
                _ => return Err(err("unknown tag")),
            },
        }
    }
    if case.is_some() {
        return Err("the last case has no end".into());
    }
    Ok((header, cases))
}
