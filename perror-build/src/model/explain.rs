//! `data/explain/<kind>-<code>.md`: the write-ups behind `--explain` (format in
//! data/README.md).

use crate::source::Source;
use crate::tsv::DataError;

/// One file of `data/explain/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteUp {
    /// `server-1158`.
    pub key: String,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Doc(Doc),
    /// `see: <key>`: shares another error's write-up, which is a [`Body::Doc`].
    See(String),
}

/// A write-up: a summary and the bullets of its three sections, each bullet one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub summary: String,
    pub causes: Vec<String>,
    pub find_out: Vec<String>,
    pub fix: Vec<String>,
}

const SECTIONS: [&str; 3] = ["## Possible causes", "## Finding out more", "## Fixing it"];
const KINDS: [&str; 6] = ["os", "handler", "server", "client", "global", "bdb"];

/// Every write-up, in file-name order; each `see:` names a write-up with a body.
pub(crate) fn load(source: &dyn Source) -> Result<Vec<WriteUp>, DataError> {
    let mut names = source.list("explain").map_err(|e| DataError {
        file: "data/explain".into(),
        line: 0,
        reason: e.to_string(),
    })?;
    names.sort();
    let write_ups = names
        .iter()
        .map(|name| write_up(source, name))
        .collect::<Result<Vec<_>, _>>()?;
    for w in &write_ups {
        let Body::See(target) = &w.body else { continue };
        let is_doc = |d: &WriteUp| d.key == *target && matches!(d.body, Body::Doc(_));
        if !write_ups.iter().any(is_doc) {
            return Err(DataError {
                file: format!("data/explain/{}.md", w.key),
                line: 1,
                reason: format!("see: {target} is not a write-up"),
            });
        }
    }
    Ok(write_ups)
}

fn write_up(source: &dyn Source, name: &str) -> Result<WriteUp, DataError> {
    let err = |line: usize, reason: String| DataError {
        file: format!("data/explain/{name}"),
        line,
        reason,
    };
    let Some(key) = name.strip_suffix(".md") else {
        return Err(err(0, "only <kind>-<code>.md files belong here".into()));
    };
    let valid_key = key
        .split_once('-')
        .is_some_and(|(kind, code)| KINDS.contains(&kind) && code.parse::<i32>().is_ok());
    if !valid_key {
        return Err(err(
            0,
            "the name must be <kind>-<code>.md, e.g. server-1158.md".into(),
        ));
    }
    let text = source
        .read(&format!("explain/{name}"))
        .map_err(|e| err(0, e.to_string()))?;
    let see = text
        .strip_prefix("see: ")
        .and_then(|t| t.strip_suffix('\n'));
    let body = match see {
        Some(target) => Body::See(target.to_string()),
        None => Body::Doc(parse_doc(&text).map_err(|(line, reason)| err(line, reason))?),
    };
    Ok(WriteUp {
        key: key.to_string(),
        body,
    })
}

/// A write-up's text: a one-line summary, then the three headings in order, each with
/// `- ` bullets (continued on lines indented by two spaces). The error is (line, reason),
/// line 0 for the file as a whole.
pub fn parse_doc(text: &str) -> Result<Doc, (usize, String)> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let summary = match lines.next() {
        Some((_, l)) if !l.is_empty() && !l.starts_with('#') => l.to_string(),
        _ => return Err((1, "the first line must be a one-line summary".into())),
    };
    let mut sections: Vec<Vec<String>> = Vec::new();
    for (n, line) in lines.filter(|(_, l)| !l.is_empty()) {
        add_line(&mut sections, line).map_err(|reason| (n, reason))?;
    }
    if sections.len() != 3 || sections.iter().any(Vec::is_empty) {
        return Err((
            0,
            format!("needs the three sections {SECTIONS:?}, each with bullets"),
        ));
    }
    let [causes, find_out, fix] = <[Vec<String>; 3]>::try_from(sections).expect("three, checked");
    Ok(Doc {
        summary,
        causes,
        find_out,
        fix,
    })
}

/// Adds a non-empty line after the summary: a heading, a bullet or a continuation.
fn add_line(sections: &mut Vec<Vec<String>>, line: &str) -> Result<(), String> {
    if line.starts_with("## ") {
        let expected = SECTIONS.get(sections.len());
        if expected != Some(&line) {
            return Err(format!(
                "expected the heading {:?}",
                expected.unwrap_or(&"(none)")
            ));
        }
        sections.push(Vec::new());
    } else if let Some(bullet) = line.strip_prefix("- ") {
        let section = sections
            .last_mut()
            .ok_or("a bullet before the first heading")?;
        section.push(bullet.to_string());
    } else if let Some(more) = line.strip_prefix("  ") {
        let bullet = sections
            .last_mut()
            .and_then(|s| s.last_mut())
            .ok_or("a continuation line without a bullet")?;
        bullet.push(' ');
        bullet.push_str(more.trim_start());
    } else {
        return Err(
            "expected a heading, a '- ' bullet or a continuation indented by two spaces".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use crate::source::Memory;

    #[test]
    fn the_fixture_loads_in_file_name_order() {
        let all = load(&fixture::data()).unwrap();
        let keys: Vec<&str> = all.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(keys, ["handler-120", "server-1000", "server-1002"]);
        assert_eq!(all[2].body, Body::See("server-1000".into()));
        let Body::Doc(doc) = &all[1].body else {
            panic!("server-1000 is a doc")
        };
        assert_eq!(
            doc,
            &Doc {
                summary: "Summary of it.".into(),
                causes: vec!["cause one continued".into(), "cause two".into()],
                find_out: vec!["look".into()],
                fix: vec!["fix it".into()],
            }
        );
    }

    fn error(name: &str, text: &str) -> String {
        let data = fixture::data().with(&format!("explain/{name}"), text);
        load(&data).unwrap_err().to_string()
    }

    #[test]
    fn bad_write_ups_name_file_and_line() {
        let f = "data/explain/server-5.md";
        for (name, text, want) in [
            ("server-1.txt", "", "data/explain/server-1.txt:0: only <kind>-<code>.md files belong here".to_string()),
            ("foo-1.md", "x\n", "data/explain/foo-1.md:0: the name must be <kind>-<code>.md, e.g. server-1158.md".into()),
            ("server-x.md", "x\n", "data/explain/server-x.md:0: the name must be <kind>-<code>.md, e.g. server-1158.md".into()),
            ("server-5.md", "see: server-4\n", format!("{f}:1: see: server-4 is not a write-up")),
            ("server-5.md", "see: server-1002\n", format!("{f}:1: see: server-1002 is not a write-up")),
            ("server-5.md", "# x\n", format!("{f}:1: the first line must be a one-line summary")),
            ("server-5.md", "", format!("{f}:1: the first line must be a one-line summary")),
            ("server-5.md", "x\n## Fixing it\n", format!("{f}:2: expected the heading \"## Possible causes\"")),
            ("server-5.md", "x\n- b\n", format!("{f}:2: a bullet before the first heading")),
            ("server-5.md", "x\n## Possible causes\n  c\n", format!("{f}:3: a continuation line without a bullet")),
            ("server-5.md", "x\n## Possible causes\nzz\n", format!("{f}:3: expected a heading, a '- ' bullet or a continuation indented by two spaces")),
            ("server-5.md", "x\n## Possible causes\n- a\n", format!("{f}:0: needs the three sections {SECTIONS:?}, each with bullets")),
        ] {
            assert_eq!(error(name, text), want, "{name}: {text:?}");
        }
    }

    #[test]
    fn a_fourth_heading_is_refused() {
        let text = format!(
            "{}## More\n- x\n",
            "s\n## Possible causes\n- a\n## Finding out more\n- b\n## Fixing it\n- c\n"
        );
        assert_eq!(
            parse_doc(&text),
            Err((8, "expected the heading \"(none)\"".into()))
        );
    }

    #[test]
    fn an_unreadable_directory_is_an_error() {
        struct NoDir;
        impl Source for NoDir {
            fn read(&self, _: &str) -> std::io::Result<String> {
                unreachable!()
            }
            fn exists(&self, _: &str) -> bool {
                false
            }
            fn list(&self, _: &str) -> std::io::Result<Vec<String>> {
                Err(std::io::Error::other("gone"))
            }
        }
        assert_eq!(
            load(&NoDir).unwrap_err().to_string(),
            "data/explain:0: gone"
        );
        assert_eq!(load(&Memory::default()).unwrap(), []);
    }
}
