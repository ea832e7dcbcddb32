//! `--explain CODE|NAME…`: everything known about each argument, and for the common
//! errors a write-up of causes, how to find out more and how to fix it (data/explain/).

use std::io::Write;

use serde_json::{Value, json};

use crate::answer::{Answer, StateInfo};
use crate::catalog::{self, Explanation, Kind};
use crate::cli::Settings;
use crate::error::{Error, exit};
use crate::lookup::{self, Match};
use crate::output::eprint_bytes;
use crate::resolve::Target;

/// Where write-up bullets wrap.
const WIDTH: usize = 80;

pub fn run(s: &Settings, out: &mut impl Write) -> Result<u8, Error> {
    let lang = s.lang;
    let mut status = exit::OK;
    let mut first = true;
    for arg in &s.args {
        let mut answer = Answer::of(s.flavor, arg, true, lang);
        // A bare number also names the mysys error of that number, if there is one.
        if let Target::Code(code) = answer.target {
            answer
                .matches
                .extend(lookup::by_kind(s.flavor, Kind::Global, code));
        }
        if let Some(error) = &answer.error {
            status = exit::NOT_FOUND;
            if !s.json {
                eprint_bytes(error.as_bytes());
            }
        }
        if s.json {
            let mut v = answer.to_json(arg);
            for (m, obj) in answer
                .matches
                .iter()
                .zip(v["matches"].as_array_mut().into_iter().flatten())
            {
                obj["explanation"] = explanation_json(m);
            }
            crate::json::write_line(out, &v).map_err(Error::Write)?;
            continue;
        }
        let mut text = String::new();
        if let Some(state) = &answer.sqlstate {
            text.push_str(&state.line());
            text.push('\n');
            for m in &answer.matches {
                text.push_str(&format!(
                    "  {} {}: {}\n",
                    m.code(),
                    m.name().unwrap_or(""),
                    m.message()
                ));
            }
        } else {
            for (i, m) in answer.matches.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str(&describe(m));
            }
        }
        if text.is_empty() {
            continue;
        }
        if !first {
            text.insert(0, '\n');
        }
        first = false;
        out.write_all(text.as_bytes()).map_err(Error::Write)?;
    }
    Ok(status)
}

/// What the kind is called in prose.
fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Os => "OS error",
        Kind::Handler => "Storage engine error",
        Kind::Bdb => "Berkeley DB error",
        Kind::Server => "Server error",
        Kind::Client => "Client library error",
        Kind::Global => "mysys error",
    }
}

/// The facts about one match, then its write-up if there is one.
fn describe(m: &Match) -> String {
    let mut s = format!("{} {}", kind_title(m.kind()), m.code());
    if let Some(name) = m.name() {
        s.push_str(&format!(" ({name})"));
    }
    s.push('\n');
    let field =
        |s: &mut String, label: &str, value: &str| s.push_str(&format!("  {label:<12}{value}\n"));
    field(&mut s, "message", m.message());
    if let Some(state) = m.sqlstate() {
        let info = StateInfo::new(state);
        field(
            &mut s,
            "SQLSTATE",
            info.line().trim_start_matches("SQLSTATE "),
        );
    }
    if let Some(url) = m.url() {
        field(&mut s, "learn more", &url);
    }
    if let Some((key, Explanation::Doc(doc))) = catalog::explanation(m.kind(), m.code()) {
        if let Some((kind, code)) = key
            .split_once('-')
            .filter(|_| key != format!("{}-{}", m.kind().as_str(), m.code()))
        {
            let kind = Kind::from_name(kind).map_or(kind, |k| kind_title(k));
            field(
                &mut s,
                "write-up",
                &format!("shared with {} {code}", kind.to_lowercase()),
            );
        }
        s.push('\n');
        s.push_str(doc.summary);
        s.push('\n');
        for (title, bullets) in [
            ("Possible causes", doc.causes),
            ("Finding out more", doc.find_out),
            ("Fixing it", doc.fix),
        ] {
            s.push('\n');
            s.push_str(title);
            s.push('\n');
            for b in bullets.iter() {
                s.push_str(&wrap_bullet(b));
            }
        }
    }
    s
}

/// `  - text`, wrapped at [`WIDTH`] with continuation lines under the text.
fn wrap_bullet(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("  -");
    for word in text.split(' ') {
        if line.len() + 1 + word.len() > WIDTH && line.len() > 4 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("   ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn explanation_json(m: &Match) -> Value {
    match catalog::explanation(m.kind(), m.code()) {
        Some((key, Explanation::Doc(doc))) => json!({
            "key": key,
            "summary": doc.summary,
            "causes": doc.causes,
            "find_out": doc.find_out,
            "fix": doc.fix,
        }),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_wrap_under_their_text() {
        let text = "word ".repeat(30);
        let wrapped = wrap_bullet(text.trim_end());
        assert!(wrapped.lines().all(|l| l.len() <= WIDTH), "{wrapped}");
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ")));
        assert_eq!(
            wrapped.split_whitespace().filter(|w| *w == "word").count(),
            30
        );
    }
}
