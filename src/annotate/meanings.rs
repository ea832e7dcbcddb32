//! What codes mean, looked up once each: a log repeats the same few codes millions of
//! times, and an OS code's text costs two `strerror_r` calls.

use std::io::{self, Write};

use memchr::memmem;

use super::fields::{ENGINE_WORDS, EXIT_STATUS_WORDS, Rule, Table, When};
use super::innodb::{self, Dialect, FileCode};
use super::resolver::{self, ResolverCode};
use super::signals::{self, Signal};
use super::{CodeKind, mysql};
use crate::catalog::{Family, Flavor, Kind};
use crate::json;
use crate::lookup::{self, Match};
use crate::render;
use rustc_hash::FxHashMap as FastMap;

/// Past this many distinct (kind, code) pairs the cache starts again, so that a log full
/// of random numbers cannot grow it without bound.
const MAX_CACHED: usize = 4096;

pub struct Meanings {
    flavor: &'static Flavor,
    cache: FastMap<(Kind, i32), Option<Match>>,
    /// Write-up summaries, found once per code: the lookup formats a key and searches.
    summaries: FastMap<(CodeKind, i32), Option<&'static str>>,
}

/// What one code means, whichever table it comes from.
#[derive(Debug, Clone, Copy)]
pub enum Meaning<'a> {
    /// A match of the flavor's tables, worded as the flavor's perror words it.
    Table(&'a Match, &'static Flavor),
    InnoDbFile(&'static FileCode),
    MySql(mysql::Meaning),
    Signal(&'static Signal),
    Resolver(&'static ResolverCode),
}

impl Meaning<'_> {
    /// The kind as `--json` and `--top` name it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Meaning::Table(m, _) => m.kind().as_str(),
            Meaning::InnoDbFile(_) => "innodb",
            Meaning::MySql(_) => "mysql",
            Meaning::Signal(_) => "signal",
            Meaning::Resolver(_) => "resolver",
        }
    }

    pub fn code(&self) -> i32 {
        match self {
            Meaning::Table(m, _) => m.code(),
            Meaning::InnoDbFile(c) => c.code,
            Meaning::MySql(m) => m.code,
            Meaning::Signal(s) => s.code,
            Meaning::Resolver(c) => c.code,
        }
    }

    pub fn name(&self) -> Option<&'static str> {
        match self {
            Meaning::Table(m, _) => m.name(),
            Meaning::InnoDbFile(c) => Some(c.name),
            Meaning::MySql(m) => m.name,
            Meaning::Signal(s) => Some(s.name),
            Meaning::Resolver(c) => Some(c.name),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Meaning::Table(m, _) => m.message(),
            Meaning::InnoDbFile(c) => c.message,
            Meaning::MySql(m) => m.message,
            Meaning::Signal(s) => s.message,
            Meaning::Resolver(c) => c.message,
        }
    }

    /// The one-line summary of the error's write-up (`--explain`), if it has one: what an
    /// annotation says of a message whose filled-in text is already in the line.
    pub fn summary(&self) -> Option<&'static str> {
        let (family, kind, code) = match self {
            Meaning::Table(m, flavor) => (flavor.family(), m.kind(), m.code()),
            Meaning::MySql(m) => (Family::MySql, Kind::Server, m.code),
            _ => return None,
        };
        match crate::catalog::explanation(family, kind, code)?.1 {
            crate::catalog::Explanation::Doc(doc) => Some(doc.summary()),
            crate::catalog::Explanation::See(_) => None,
        }
    }

    /// perror's `-v` words before the code: `OS error code 104`, `MySQL error code
    /// MY-012592`.
    pub fn write_verbose_code(&self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Meaning::Table(m, flavor) => {
                return render::lines_of(flavor).write_code_title(out, m.kind(), m.code());
            }
            Meaning::InnoDbFile(_) => {
                out.write_all(render::INNODB_FILE_CODE_TITLE.as_bytes())?;
                out.write_all(b" ")?;
            }
            Meaning::Signal(_) => out.write_all(SIGNAL_TITLE.as_bytes())?,
            Meaning::Resolver(_) => out.write_all(RESOLVER_TITLE.as_bytes())?,
            Meaning::MySql(m) => {
                for part in [render::MYSQL_CODE_TITLE, " ", &mysql::display(m.code)] {
                    out.write_all(part.as_bytes())?;
                }
                return Ok(());
            }
        }
        write_decimal(out, self.code())
    }

    /// The `--json` shape of a lookup, with `kind` `innodb` or `mysql` for those.
    pub fn json(&self) -> json::MatchJson<'_> {
        match self {
            Meaning::Table(m, flavor) => json::of_match(m, flavor),
            other => json::of_other_code(
                other.kind_name(),
                other.code(),
                other.name(),
                other.message(),
            ),
        }
    }
}

/// The words before a signal's and a resolver code's number, as perror's `-v` has them
/// before an OS error's (`OS error code 104`).
const SIGNAL_TITLE: &str = "Signal ";
const RESOLVER_TITLE: &str = "Resolver error code ";

/// `n` in decimal, without the formatting machinery.
fn write_decimal(out: &mut impl Write, n: i32) -> io::Result<()> {
    let mut buf = [0u8; 11];
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    out.write_all(&buf[at..])
}

/// What [`Meanings::resolve`] found a field's code to be: its kind, the code in that
/// kind (InnoDB's offset errnos lose their offset) and the label to give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub kind: CodeKind,
    pub code: i32,
    pub label: Option<&'static str>,
}

/// What the rules may ask about the line, worked out once and only if asked.
pub struct LineFacts<'a> {
    text: &'a [u8],
    engine: Option<bool>,
    dialect: Option<Dialect>,
    /// The line's tags name a MySQL code (`[MY-…]`), when the caller has read them.
    mysql_tagged: Option<bool>,
}

impl<'a> LineFacts<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        LineFacts {
            text,
            engine: None,
            dialect: None,
            mysql_tagged: None,
        }
    }

    /// The same, knowing whether the line's tags hold a `[MY-…]` code.
    pub fn with_mysql_tag(text: &'a [u8], tagged: bool) -> Self {
        LineFacts {
            mysql_tagged: Some(tagged),
            ..LineFacts::new(text)
        }
    }

    /// Whether MySQL 8 or later wrote the line: its tags say so when they were read
    /// (a `[MY-…]` code, which every such line has); else the whole line is searched.
    fn written_by_mysql(&mut self) -> bool {
        match self.mysql_tagged {
            Some(tagged) => tagged,
            None => self.dialect() == Dialect::MySql,
        }
    }

    fn mentions_engine(&mut self) -> bool {
        let text = self.text;
        *self.engine.get_or_insert_with(|| {
            ENGINE_WORDS
                .iter()
                .any(|w| memmem::find(text, w.as_bytes()).is_some())
        })
    }

    fn dialect(&mut self) -> Dialect {
        let text = self.text;
        *self.dialect.get_or_insert_with(|| innodb::dialect(text))
    }

    fn contains(&self, what: &str) -> bool {
        memmem::find(self.text, what.as_bytes()).is_some()
    }
}

impl Meanings {
    pub fn new(flavor: &'static Flavor) -> Self {
        Meanings {
            flavor,
            cache: FastMap::default(),
            summaries: FastMap::default(),
        }
    }

    /// The flavor whose tables are consulted.
    pub fn flavor(&self) -> &'static Flavor {
        self.flavor
    }

    /// Whether a message of the flavor's `kind` table, found on a line MySQL wrote, is the
    /// same error in MySQL's numbering (so annotated as MySQL's): always in a MySQL
    /// flavor; in a MariaDB one, where MySQL's tables name the code as MariaDB's do.
    pub fn as_mysql(&self, kind: Kind, code: i32) -> bool {
        if self.flavor.family() == Family::MySql {
            return true;
        }
        let name = match kind {
            Kind::Server => self.flavor.server.get(code).map(|e| e.name()),
            _ => self
                .flavor
                .table(kind)
                .and_then(|t| t.get(code))
                .map(|e| e.name()),
        };
        mysql::has_tables() && name.is_some_and(|name| mysql::same_error(code, name))
    }

    /// The one-line summary of the write-up of `code` of `kind`, if it has one.
    pub fn summary(&mut self, kind: CodeKind, code: i32) -> Option<&'static str> {
        if let Some(&known) = self.summaries.get(&(kind, code)) {
            return known;
        }
        if self.summaries.len() >= MAX_CACHED {
            self.summaries.clear();
        }
        let summary = self.get(kind, code).and_then(|m| m.summary());
        self.summaries.insert((kind, code), summary);
        summary
    }

    /// What `code` means in `kind`'s table, if it is there.
    pub fn get(&mut self, kind: CodeKind, code: i32) -> Option<Meaning<'_>> {
        match kind {
            CodeKind::Table(kind) => {
                let flavor = self.flavor;
                self.table(kind, code).map(|m| Meaning::Table(m, flavor))
            }
            CodeKind::InnoDbFile => innodb::FILE_CODES
                .iter()
                .find(|c| c.code == code)
                .map(Meaning::InnoDbFile),
            CodeKind::MySql => Some(Meaning::MySql(mysql::meaning(code))),
            CodeKind::Signal => signals::find(code).map(Meaning::Signal),
            CodeKind::Resolver => resolver::find(code).map(Meaning::Resolver),
        }
    }

    fn table(&mut self, kind: Kind, code: i32) -> Option<&Match> {
        if self.cache.len() >= MAX_CACHED && !self.cache.contains_key(&(kind, code)) {
            self.cache.clear();
        }
        let flavor = self.flavor;
        self.cache
            .entry((kind, code))
            .or_insert_with(|| lookup::by_kind(flavor, kind, code))
            .as_ref()
    }

    /// The table a field's code belongs to: the first rule whose condition holds and
    /// whose table knows the code. `quoted` is the text quoted after the code, if any;
    /// `facts` answers what rules ask about the line.
    pub fn resolve(
        &mut self,
        rules: &[Rule],
        code: i32,
        quoted: Option<&[u8]>,
        facts: &mut LineFacts<'_>,
    ) -> Option<Resolved> {
        rules.iter().find_map(|rule| {
            let holds = match rule.when {
                When::Always => true,
                When::Quoted => quoted.is_some(),
                When::LineMentionsEngine => facts.mentions_engine(),
                When::LineContains(text) => facts.contains(text),
                When::NotExitStatus => !EXIT_STATUS_WORDS.iter().any(|w| facts.contains(w)),
                When::MySqlErrorLog => mysql::is_error_log_code(code),
                When::QuotedTextIsMessage => {
                    // No quoted text: this rule does not apply (`?` moves on to the next).
                    let text = quoted?;
                    let Table::Catalog(kind) = rule.table else {
                        return None;
                    };
                    return self
                        .table(kind, code)
                        .filter(|m| m.message().as_bytes() == text)
                        .map(|_| Resolved {
                            kind: CodeKind::Table(kind),
                            code,
                            label: None,
                        });
                }
            };
            if !holds {
                return None;
            }
            match rule.table {
                // A server code on a line MySQL wrote (`[MY-010584] … Error_code: 1062`)
                // is MySQL's: above 3000 the same number is often another error in
                // MariaDB's tables, so those are not consulted (under a MariaDB flavor, in
                // a build that has MySQL's tables).
                Table::Catalog(Kind::Server)
                    if self.flavor.family() == Family::MariaDb
                        && mysql::has_tables()
                        && facts.written_by_mysql() =>
                {
                    mysql::knows(code).then_some(Resolved {
                        kind: CodeKind::MySql,
                        code,
                        label: None,
                    })
                }
                // No errno is 0: `system error: 0` says the call set none.
                Table::Catalog(Kind::Os) if code <= 0 => None,
                Table::Catalog(kind) => self.table(kind, code).map(|_| Resolved {
                    kind: CodeKind::Table(kind),
                    code,
                    label: None,
                }),
                Table::InnoDbFile => {
                    innodb::resolve(code, facts.dialect()).map(|(kind, code, label)| Resolved {
                        kind,
                        code,
                        label: Some(label),
                    })
                }
                Table::MySql => Some(Resolved {
                    kind: CodeKind::MySql,
                    code,
                    label: None,
                }),
                Table::Signal => signals::find(code).map(|_| Resolved {
                    kind: CodeKind::Signal,
                    code,
                    label: None,
                }),
                // The `(%d)` after a host is the connect errno's place; here it holds
                // the lookup's code, and says so.
                Table::Named => {
                    let name = std::str::from_utf8(quoted?).ok()?.to_ascii_uppercase();
                    match self.flavor.symbol_entry(&name) {
                        Some((_, kind, code)) => Some(Resolved {
                            kind: CodeKind::Table(kind),
                            code,
                            label: None,
                        }),
                        // A Node client of MySQL names MySQL's errors.
                        None => mysql::code_of_name(&name).map(|code| Resolved {
                            kind: CodeKind::MySql,
                            code,
                            label: None,
                        }),
                    }
                }
                Table::Resolver => resolver::find(code).map(|_| Resolved {
                    kind: CodeKind::Resolver,
                    code,
                    label: Some(resolver::LABEL),
                }),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::fields::FIELDS;

    fn resolve(label: &str, code: i32, quoted: Option<&str>, engine: bool) -> Option<Kind> {
        let line = if engine { "x table y" } else { "x" };
        resolve_in(label, code, quoted, line).map(|r| match r.kind {
            CodeKind::Table(kind) => kind,
            other => panic!("{other:?}"),
        })
    }

    fn resolve_in(label: &str, code: i32, quoted: Option<&str>, line: &str) -> Option<Resolved> {
        let field = FIELDS.iter().find(|f| f.label == label).unwrap();
        let mut m = Meanings::new(Flavor::find("mariadb-11.8").unwrap());
        let mut facts = LineFacts::new(line.as_bytes());
        m.resolve(field.consult, code, quoted.map(str::as_bytes), &mut facts)
    }

    #[test]
    fn decimal_is_printed_as_format_would() {
        for n in [0, 7, 10, 104, -1, -31005, i32::MAX, i32::MIN] {
            let mut out = Vec::new();
            write_decimal(&mut out, n).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn unable_to_lock_prints_an_errno() {
        let line = "[ERROR] InnoDB: Unable to lock ./ibdata1, error: 11";
        let r = resolve_in("error", 11, None, line).unwrap();
        assert_eq!((r.kind, r.code), (CodeKind::Table(Kind::Os), 11));
        // Any `error N` that no server or client table has is the errno of the call.
        let r = resolve_in(
            "error",
            28,
            None,
            "preallocating 1048576 bytes failed with error 28",
        )
        .unwrap();
        assert_eq!((r.kind, r.code), (CodeKind::Table(Kind::Os), 28));
        let r = resolve_in("error", 1213, None, "error 1213").unwrap();
        assert_eq!(r.kind, CodeKind::Table(Kind::Server));
        assert_eq!(resolve_in("error", 0, None, "error 0"), None, "no errno 0");
        let sst = "WSREP_SST: [ERROR] innobackupex finished with error: 2.  Check the log";
        assert_eq!(resolve_in("error", 2, None, sst), None, "an exit status");
    }

    #[test]
    fn mysql_codes_are_never_read_in_mariadb_tables() {
        let r = resolve_in("MySQL code", 1062, None, "[MY-001062]").unwrap();
        assert_eq!((r.kind, r.code), (CodeKind::MySql, 1062));
        let r = resolve_in("Last_IO_Errno", 13114, None, "Last_IO_Errno: 13114").unwrap();
        assert_eq!(r.kind, CodeKind::MySql);
        assert_eq!(
            resolve_in("Last_IO_Errno", 1236, None, "").map(|r| r.kind),
            Some(CodeKind::Table(Kind::Server))
        );
    }

    #[test]
    fn errno_is_os_unless_the_text_says_handler() {
        assert_eq!(resolve("errno", 104, None, false), Some(Kind::Os));
        // 122 is EDQUOT to Linux and HA_ERR_LOCK_TABLE_FULL to MariaDB.
        assert_eq!(resolve("errno", 122, None, false), Some(Kind::Os));
        assert_eq!(resolve("errno", 122, None, true), Some(Kind::Handler));
        assert_eq!(
            resolve(
                "errno",
                150,
                Some("Foreign key constraint is incorrectly formed"),
                false
            ),
            Some(Kind::Handler)
        );
        assert_eq!(
            resolve("errno", 150, None, false),
            Some(Kind::Handler),
            "no OS 150"
        );
        assert_eq!(resolve("errno", 2003, None, false), Some(Kind::Client));
    }

    #[test]
    fn quoted_text_picks_the_table_that_printed_it() {
        let os_text = crate::os_error::message(122).unwrap();
        assert_eq!(
            resolve("strerror", 122, Some(&os_text), false),
            Some(Kind::Os)
        );
        assert_eq!(
            resolve("strerror", 122, Some("whatever"), false),
            Some(Kind::Handler)
        );
    }

    #[test]
    fn replication_fields_are_mariadb_codes() {
        assert_eq!(
            resolve("Last_IO_Errno", 2013, None, false),
            Some(Kind::Client)
        );
        assert_eq!(
            resolve("Last_IO_Errno", 1236, None, false),
            Some(Kind::Server)
        );
        assert_eq!(
            resolve("vio_errno", 104, None, false),
            None,
            "not a server code"
        );
        assert_eq!(resolve("Got error", 1236, None, false), Some(Kind::Server));
        assert_eq!(resolve("Got error", 28, None, false), Some(Kind::Os));
        assert_eq!(resolve("Got error", 127, None, true), Some(Kind::Handler));
    }
}
