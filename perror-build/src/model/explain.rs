//! `data/explain/<kind>-<code>[.<family>].md`: the write-ups behind `--explain` (format
//! and writing rules in data/explain/README.md).
//!
//! A write-up is written for one product family or for both. "The same error code" does
//! not mean "the same advice": MariaDB and MySQL differ in variables, privileges,
//! statements and tools, so each write-up says whom it is for (its file name), and a
//! both-family one spells what differs as `{{mariadb:…|mysql:…}}`, resolved per family
//! here, at build time ([`Doc::for_product`]).

use crate::source::Source;
use crate::tsv::DataError;

/// The product family a write-up is written for (catalog::Family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Product {
    MariaDb,
    MySql,
}

impl Product {
    pub const ALL: [Product; 2] = [Product::MariaDb, Product::MySql];

    /// The spelling in file names and in `{{mariadb:…|mysql:…}}`.
    pub fn as_str(self) -> &'static str {
        match self {
            Product::MariaDb => "mariadb",
            Product::MySql => "mysql",
        }
    }

    fn parse(text: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// One file of `data/explain/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteUp {
    /// `server-1158`: the error it is about.
    pub key: String,
    /// The family it is written for; `None` for both (`server-1158.md`).
    pub product: Option<Product>,
    pub front: FrontMatter,
    pub body: Body,
}

impl WriteUp {
    /// The file's name under data/explain/.
    pub fn file_name(&self) -> String {
        match self.product {
            Some(p) => format!("{}.{}.md", self.key, p.as_str()),
            None => format!("{}.md", self.key),
        }
    }

    /// Whether it is shown under a flavor of `product` named `flavor`.
    pub fn shown_for(&self, product: Product, flavor: &str) -> bool {
        self.product.is_none_or(|p| p == product)
            && (self.front.flavors.is_empty() || self.front.flavors.iter().any(|f| f == flavor))
    }
}

/// What a write-up says about itself, between `---` lines at its top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The official pages its facts come from (`sources:`), at least one.
    pub sources: Vec<String>,
    /// `flavors:`: only these flavors (a fact that holds for one release); empty for
    /// every flavor of its family.
    pub flavors: Vec<String>,
    /// `defaults:`: every default the text states, checked against the real servers.
    pub defaults: Vec<StatedDefault>,
    /// `absent: …`: names the text mentions as missing from the servers it is shown for
    /// (`mysql_native_password`, removed in MySQL 9.0): checked to be absent there.
    pub absent: Vec<String>,
}

/// `- max_allowed_packet = 16777216` (the default is that value) or `- sql_mode ~
/// STRICT_TRANS_TABLES` (the default contains it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedDefault {
    pub variable: String,
    pub value: String,
    /// `~`: the default contains `value` (a list such as `sql_mode`).
    pub contains: bool,
    /// The file's line, for error messages.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// The write-up, with its `{{mariadb:…|mysql:…}}` alternatives unresolved, and the
    /// file line of every bullet (for checks that name a line).
    Doc(Doc),
    /// `see: <key>`: shares another error's write-up of the same family, which is a
    /// [`Body::Doc`].
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

impl Doc {
    /// The text shown under `product`'s flavors: every `{{mariadb:…|mysql:…}}` replaced
    /// by that product's branch.
    pub fn for_product(&self, product: Product) -> Doc {
        let each = |v: &[String]| v.iter().map(|t| resolve(t, product)).collect();
        Doc {
            summary: resolve(&self.summary, product),
            causes: each(&self.causes),
            find_out: each(&self.find_out),
            fix: each(&self.fix),
        }
    }
}

const SECTIONS: [&str; 3] = ["## Possible causes", "## Finding out more", "## Fixing it"];
/// The kinds of data/explain/'s file names; their order numbers them in the catalog's
/// keys (src/catalog.rs has the same list, and perror-build's tests compare them).
pub const KINDS: [&str; 7] = [
    "os", "handler", "server", "client", "global", "bdb", "innodb",
];

/// Every write-up, in file-name order; each `see:` names a write-up with a body for
/// every family the `see:` is shown for.
pub(crate) fn load(source: &dyn Source) -> Result<Vec<WriteUp>, DataError> {
    let mut names = source.list("explain").map_err(|e| DataError {
        file: "data/explain".into(),
        line: 0,
        reason: e.to_string(),
    })?;
    // The writing guide, the evidence ranking and the checker's word list live beside
    // the write-ups.
    names.retain(|n| !["README.md", "evidence.tsv", "not-server-names.txt"].contains(&n.as_str()));
    names.sort();
    let write_ups = names
        .iter()
        .map(|name| write_up(source, name))
        .collect::<Result<Vec<_>, _>>()?;
    check_families(&write_ups)?;
    Ok(write_ups)
}

/// A write-up's `flavors:` names registered flavors of its own family.
pub(crate) fn check_flavors(
    write_ups: &[WriteUp],
    flavors: &[super::Flavor],
) -> Result<(), DataError> {
    for w in write_ups {
        for name in &w.front.flavors {
            let known = flavors.iter().any(|f| {
                f.name == *name && w.product.is_none_or(|p| p == f.version_style.product())
            });
            if !known {
                return Err(DataError {
                    file: format!("data/explain/{}", w.file_name()),
                    line: 0,
                    reason: format!("flavors: {name} is no flavor of the write-up's family"),
                });
            }
        }
    }
    Ok(())
}

/// One error has at most one write-up per family, and a `see:` reaches a write-up with a
/// body in every family it is shown for.
fn check_families(write_ups: &[WriteUp]) -> Result<(), DataError> {
    let err = |w: &WriteUp, reason: String| DataError {
        file: format!("data/explain/{}", w.file_name()),
        line: 1,
        reason,
    };
    for (i, w) in write_ups.iter().enumerate() {
        let families = |x: &WriteUp| -> Vec<Product> {
            Product::ALL
                .into_iter()
                .filter(|p| x.product.is_none_or(|q| q == *p))
                .collect()
        };
        for other in &write_ups[..i] {
            let overlap = families(w).iter().any(|p| families(other).contains(p));
            if other.key == w.key && overlap {
                return Err(err(
                    w,
                    format!(
                        "{} is about the same error for the same family",
                        other.file_name()
                    ),
                ));
            }
        }
        let Body::See(target) = &w.body else { continue };
        for p in families(w) {
            let is_doc = |d: &&WriteUp| {
                d.key == *target
                    && d.product.is_none_or(|q| q == p)
                    && matches!(d.body, Body::Doc(_))
            };
            if !write_ups.iter().any(|d| is_doc(&d)) {
                return Err(err(
                    w,
                    format!("see: {target} is not a write-up for {}", p.as_str()),
                ));
            }
        }
    }
    Ok(())
}

fn write_up(source: &dyn Source, name: &str) -> Result<WriteUp, DataError> {
    let err = |line: usize, reason: String| DataError {
        file: format!("data/explain/{name}"),
        line,
        reason,
    };
    let Some(stem) = name.strip_suffix(".md") else {
        return Err(err(
            0,
            "only <kind>-<code>[.<family>].md files belong here".into(),
        ));
    };
    let (key, product) = match stem.split_once('.') {
        Some((key, family)) => match Product::parse(family) {
            Some(p) => (key, Some(p)),
            None => {
                return Err(err(
                    0,
                    format!("{family:?} is not a family (mariadb, mysql)"),
                ));
            }
        },
        None => (stem, None),
    };
    let valid_key = key
        .split_once('-')
        .is_some_and(|(kind, code)| KINDS.contains(&kind) && code.parse::<i32>().is_ok());
    if !valid_key {
        return Err(err(
            0,
            "the name must be <kind>-<code>[.<family>].md, e.g. server-1158.md or server-1236.mysql.md"
                .into(),
        ));
    }
    let text = source
        .read(&format!("explain/{name}"))
        .map_err(|e| err(0, e.to_string()))?;
    let see = text
        .strip_prefix("see: ")
        .and_then(|t| t.strip_suffix('\n'));
    let (front, body) = match see {
        Some(target) => (FrontMatter::default(), Body::See(target.to_string())),
        None => {
            let (front, rest, first_line) =
                parse_front(&text).map_err(|(line, reason)| err(line, reason))?;
            let doc = parse_doc(rest).map_err(|(line, reason)| {
                err(if line == 0 { 0 } else { line + first_line - 1 }, reason)
            })?;
            (front, Body::Doc(doc))
        }
    };
    Ok(WriteUp {
        key: key.to_string(),
        product,
        front,
        body,
    })
}

/// The front matter, the text after it, and the file line that text starts on.
pub fn parse_front(text: &str) -> Result<(FrontMatter, &str, usize), (usize, String)> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err((
            1,
            "a write-up starts with its front matter: a line '---'".into(),
        ));
    };
    let Some(end) = rest.find("\n---\n") else {
        return Err((1, "the front matter has no closing '---' line".into()));
    };
    let head = &rest[..=end];
    let body = &rest[end + 5..];
    let mut front = FrontMatter::default();
    let mut list: Option<&str> = None;
    for (i, line) in head.lines().enumerate() {
        let n = i + 2;
        if let Some(item) = line.strip_prefix("- ") {
            let item = item.trim();
            match list {
                Some("sources") if item.starts_with("https://") && !item.contains(' ') => {
                    front.sources.push(item.to_string())
                }
                Some("sources") => return Err((n, format!("{item:?} is not an https URL"))),
                Some("defaults") => front.defaults.push(stated_default(item, n)?),
                _ => return Err((n, "a list item outside 'sources:' or 'defaults:'".into())),
            }
        } else if let Some(value) = line.strip_prefix("flavors:") {
            front.flavors = value
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect();
            list = None;
        } else if let Some(value) = line.strip_prefix("absent:") {
            front.absent = value.split_whitespace().map(str::to_string).collect();
            list = None;
        } else if line == "sources:" || line == "defaults:" {
            list = Some(line.trim_end_matches(':'));
        } else {
            return Err((
                n,
                "expected 'sources:', 'flavors: …', 'defaults:', 'absent: …' or a '- ' item".into(),
            ));
        }
    }
    if front.sources.is_empty() {
        return Err((1, "the front matter lists no sources".into()));
    }
    let body_line = head.lines().count() + 3;
    Ok((front, body, body_line))
}

fn stated_default(item: &str, line: usize) -> Result<StatedDefault, (usize, String)> {
    let (at, contains) = match (item.find(" = "), item.find(" ~ ")) {
        (Some(at), _) => (at, false),
        (None, Some(at)) => (at, true),
        (None, None) => {
            return Err((
                line,
                "a default is '<variable> = <value>' or '<variable> ~ <part of it>'".into(),
            ));
        }
    };
    Ok(StatedDefault {
        variable: item[..at].trim().to_string(),
        value: item[at + 3..].trim().to_string(),
        contains,
        line,
    })
}

/// `text` with every `{{mariadb:…|mysql:…}}` replaced by `product`'s branch. Checked by
/// `check_alternatives` when loaded, so a malformed one cannot reach here.
pub fn resolve(text: &str, product: Product) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find("}}") else {
            break;
        };
        let inner = &rest[at + 2..at + end];
        for branch in inner.split('|') {
            if let Some((p, t)) = branch.split_once(':')
                && Product::parse(p.trim()) == Some(product)
            {
                out.push_str(t);
            }
        }
        rest = &rest[at + end + 2..];
    }
    out.push_str(rest);
    out
}

/// An alternative names each family at most once, by name, and is closed on its line.
fn check_alternatives(line: &str) -> Result<(), String> {
    let mut rest = line;
    while let Some(at) = rest.find("{{") {
        let Some(end) = rest[at..].find("}}") else {
            return Err("'{{' without '}}' on the same line".into());
        };
        let inner = &rest[at + 2..at + end];
        if inner.contains("{{") {
            return Err("alternatives do not nest".into());
        }
        let mut seen = Vec::new();
        for branch in inner.split('|') {
            let product = branch
                .split_once(':')
                .and_then(|(p, _)| Product::parse(p.trim()));
            match product {
                Some(p) if !seen.contains(&p) => seen.push(p),
                _ => {
                    return Err(format!(
                        "{{{{{inner}}}}}: each branch is 'mariadb:TEXT' or 'mysql:TEXT', each once"
                    ));
                }
            }
        }
        rest = &rest[at + end + 2..];
    }
    if rest.contains("}}") {
        return Err("'}}' without '{{'".into());
    }
    Ok(())
}

/// A write-up's text after its front matter: a one-line summary, then the three headings
/// in order, each with `- ` bullets (continued on lines indented by two spaces). The error
/// is (line, reason), line 0 for the file as a whole, lines counted from the summary.
pub fn parse_doc(text: &str) -> Result<Doc, (usize, String)> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let summary = match lines.next() {
        Some((_, l)) if !l.is_empty() && !l.starts_with('#') => l.to_string(),
        _ => return Err((1, "the first line must be a one-line summary".into())),
    };
    check_alternatives(&summary).map_err(|reason| (1, reason))?;
    let mut sections: Vec<Vec<String>> = Vec::new();
    for (n, line) in lines.filter(|(_, l)| !l.is_empty()) {
        check_alternatives(line).map_err(|reason| (n, reason))?;
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

    const FRONT: &str = "---\nsources:\n- https://example.org/a\n---\n";

    #[test]
    fn the_fixture_loads_in_file_name_order() {
        let all = load(&fixture::data()).unwrap();
        let names: Vec<String> = all.iter().map(WriteUp::file_name).collect();
        assert_eq!(
            names,
            [
                "handler-120.md",
                "server-1000.md",
                "server-1002.md",
                "server-1003.mysql.md"
            ]
        );
        assert_eq!(all[2].body, Body::See("server-1000".into()));
        assert_eq!(all[3].product, Some(Product::MySql));
        assert_eq!(all[1].front.sources, ["https://example.org/server-1000"]);
        let Body::Doc(doc) = &all[1].body else {
            panic!("server-1000 is a doc")
        };
        assert_eq!(
            doc,
            &Doc {
                summary: "Summary of it{{mariadb:, MariaDB|mysql:, MySQL}}.".into(),
                causes: vec!["cause one continued".into(), "cause two".into()],
                find_out: vec!["look".into()],
                fix: vec!["fix it".into()],
            }
        );
        assert_eq!(
            doc.for_product(Product::MySql).summary,
            "Summary of it, MySQL."
        );
        assert_eq!(
            doc.for_product(Product::MariaDb).summary,
            "Summary of it, MariaDB."
        );
    }

    #[test]
    fn alternatives_resolve_per_product_and_may_be_empty() {
        let t = "run {{mariadb:`mariadbd`|mysql:`mysqld`}} then {{mysql: more}}.";
        assert_eq!(resolve(t, Product::MariaDb), "run `mariadbd` then .");
        assert_eq!(resolve(t, Product::MySql), "run `mysqld` then  more.");
        assert_eq!(resolve("plain", Product::MySql), "plain");
    }

    #[test]
    fn write_ups_say_whom_they_are_shown_for() {
        let all = load(&fixture::data()).unwrap();
        assert!(all[1].shown_for(Product::MariaDb, "tiny-1.0"));
        assert!(all[1].shown_for(Product::MySql, "tiny-2.0"));
        assert!(!all[3].shown_for(Product::MariaDb, "tiny-1.0"));
        let only = WriteUp {
            front: FrontMatter {
                flavors: vec!["tiny-1.0".into()],
                ..FrontMatter::default()
            },
            ..all[1].clone()
        };
        assert!(only.shown_for(Product::MariaDb, "tiny-1.0"));
        assert!(!only.shown_for(Product::MariaDb, "tiny-1.5"));
    }

    #[test]
    fn front_matter_is_read() {
        let text = "---\nsources:\n- https://a.example/x\n- https://b.example/y\nflavors: m-1 m-2\n\
                    defaults:\n- max_allowed_packet = 16777216\n- sql_mode ~ STRICT_TRANS_TABLES\n---\nS\n";
        let (front, rest, line) = parse_front(text).unwrap();
        assert_eq!(front.sources.len(), 2);
        assert_eq!(front.flavors, ["m-1", "m-2"]);
        assert_eq!(
            front.defaults[1],
            StatedDefault {
                variable: "sql_mode".into(),
                value: "STRICT_TRANS_TABLES".into(),
                contains: true,
                line: 8
            }
        );
        assert_eq!((rest, line), ("S\n", 10));
    }

    fn error(name: &str, text: &str) -> String {
        let data = fixture::data().with(&format!("explain/{name}"), text);
        load(&data).unwrap_err().to_string()
    }

    #[test]
    fn bad_write_ups_name_file_and_line() {
        let f = "data/explain/server-5.md";
        let doc = |body: &str| format!("{FRONT}{body}");
        for (name, text, want) in [
            ("server-1.txt", String::new(), "data/explain/server-1.txt:0: only <kind>-<code>[.<family>].md files belong here".to_string()),
            ("foo-1.md", "x\n".into(), "data/explain/foo-1.md:0: the name must be <kind>-<code>[.<family>].md, e.g. server-1158.md or server-1236.mysql.md".into()),
            ("server-x.md", "x\n".into(), "data/explain/server-x.md:0: the name must be <kind>-<code>[.<family>].md, e.g. server-1158.md or server-1236.mysql.md".into()),
            ("server-5.oracle.md", "x\n".into(), "data/explain/server-5.oracle.md:0: \"oracle\" is not a family (mariadb, mysql)".into()),
            ("server-5.md", "see: server-4\n".into(), format!("{f}:1: see: server-4 is not a write-up for mariadb")),
            ("server-5.md", "see: server-1002\n".into(), format!("{f}:1: see: server-1002 is not a write-up for mariadb")),
            ("server-5.md", "see: server-1003\n".into(), format!("{f}:1: see: server-1003 is not a write-up for mariadb")),
            ("server-1003.md", doc("s\n## Possible causes\n- a\n## Finding out more\n- b\n## Fixing it\n- c\n"), "data/explain/server-1003.mysql.md:1: server-1003.md is about the same error for the same family".into()),
            ("server-5.md", "x\n".into(), format!("{f}:1: a write-up starts with its front matter: a line '---'")),
            ("server-5.md", "---\nsources:\n- https://x\n".into(), format!("{f}:1: the front matter has no closing '---' line")),
            ("server-5.md", "---\nflavors: a\n---\nx\n".into(), format!("{f}:1: the front matter lists no sources")),
            ("server-5.md", "---\nsources:\n- http://x\n---\nx\n".into(), format!("{f}:3: \"http://x\" is not an https URL")),
            ("server-5.md", "---\nsources:\n- https://x\nwho: me\n---\nx\n".into(), format!("{f}:4: expected 'sources:', 'flavors: …', 'defaults:', 'absent: …' or a '- ' item")),
            ("server-5.md", "---\nsources:\n- https://x\ndefaults:\n- port 3306\n---\nx\n".into(), format!("{f}:5: a default is '<variable> = <value>' or '<variable> ~ <part of it>'")),
            ("server-5.md", doc("# x\n"), format!("{f}:5: the first line must be a one-line summary")),
            ("server-5.md", doc(""), format!("{f}:5: the first line must be a one-line summary")),
            ("server-5.md", doc("x\n## Fixing it\n"), format!("{f}:6: expected the heading \"## Possible causes\"")),
            ("server-5.md", doc("x\n- b\n"), format!("{f}:6: a bullet before the first heading")),
            ("server-5.md", doc("x\n## Possible causes\n  c\n"), format!("{f}:7: a continuation line without a bullet")),
            ("server-5.md", doc("x\n## Possible causes\nzz\n"), format!("{f}:7: expected a heading, a '- ' bullet or a continuation indented by two spaces")),
            ("server-5.md", doc("x\n## Possible causes\n- a {{mariadb:b\n"), format!("{f}:7: '{{{{' without '}}}}' on the same line")),
            ("server-5.md", doc("x\n## Possible causes\n- a {{maria:b}}\n"), format!("{f}:7: {{{{maria:b}}}}: each branch is 'mariadb:TEXT' or 'mysql:TEXT', each once")),
            ("server-5.md", doc("x {{mysql:a|mysql:b}}\n"), format!("{f}:5: {{{{mysql:a|mysql:b}}}}: each branch is 'mariadb:TEXT' or 'mysql:TEXT', each once")),
            ("server-5.md", doc("x\n## Possible causes\n- a\n"), format!("{f}:0: needs the three sections {SECTIONS:?}, each with bullets")),
        ] {
            assert_eq!(error(name, &text), want, "{name}: {text:?}");
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
