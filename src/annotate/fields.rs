//! The fields a log line carries codes in, and which tables each one consults.
//!
//! [`FIELDS`] is the whole recogniser as data: the word that introduces a field, where
//! its code sits relative to that word, and an ordered list of [`Rule`]s naming the
//! tables to look the code up in and when. The first rule whose condition holds and
//! whose table knows the code decides what the code is; a code no rule finds is not
//! annotated.

use crate::catalog::Kind;

/// One field a code can come from.
#[derive(Debug)]
pub struct Field {
    /// What annotations call it (`errno`, `vio_errno`, `Got error`).
    pub label: &'static str,
    /// The literal the scanner looks for.
    pub trigger: &'static str,
    pub shape: Shape,
    pub consult: &'static [Rule],
}

/// Where the code is, relative to the trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `errno: 104`, `Got error 28`, `server_errno=2013`: after the trigger, one to three
    /// of `:`, `=` and space, then the digits.
    Follows,
    /// `ERROR 1045 (28000): …`, the mariadb client's report: as [`Shape::Follows`], and a
    /// SQLSTATE in parentheses right after the code.
    FollowsWithSqlstate,
    /// `(111 "Connection refused")`, what the server's `%M`/`%iE` print for an OS error
    /// when no field name precedes it: the code sits between `(` and the trigger ` "`.
    QuotedInParens,
    /// `… socket '/run/mysqld/mysqld.sock' (2)`: the client library's `(%d)` after a
    /// quoted host or socket; the trigger is `' (`, the code follows, then `)`.
    InParensAfterQuote,
    /// `[MY-012592]`, `Error_code: MY-001062`: MySQL's code right after the trigger.
    Attached,
    /// `(conn=810, no: 1062, SQLState: 23000)` (MariaDB's connectors): the code after
    /// `no: `, before the trigger.
    NoBeforeSqlstate,
    /// `SQLSTATE[HY000] [2002] Connection refused`, `SQLSTATE[23000]: Integrity constraint
    /// violation: 1062 Duplicate entry …` (PHP's PDO): after the state, the code in
    /// brackets, or after the state's class text and its colon.
    PdoSqlstate,
    /// `(HY000/2002)` (PHP's mysqli), `HY000: 126: Incorrect key file …` (JDBC): a
    /// SQLSTATE, `/` or `: `, the code. The trigger is the state's last bytes and the
    /// separator (`000/`); the state before it is checked.
    AfterSqlstate,
    /// `ECONNREFUSED` (Node's `Error: connect ECONNREFUSED`, `code: 'ECONNREFUSED'`): an
    /// errno's name standing for its number on this platform.
    ErrnoName,
    /// `code: 'ER_DUP_ENTRY'` (Node's drivers): an error's name in quotes; the name is the
    /// candidate's quoted text, its code found by [`Table::Named`].
    QuotedName,
}

/// Look the code up in `table` when `when` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub table: Table,
    pub when: When,
}

/// Where a field's code is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One of the flavor's tables.
    Catalog(Kind),
    /// InnoDB's file error codes, or an errno it offset (see [`super::innodb`]).
    InnoDbFile,
    /// MySQL's codes (see [`super::mysql`]).
    MySql,
    /// The signals a crashing server reports (see [`super::signals`]).
    Signal,
    /// The resolver's codes in a host-lookup error (see [`super::resolver`]).
    Resolver,
    /// The error a name names, in the flavor's symbols, else in MySQL's.
    Named,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// A quoted text follows the code (`errno: 13 "Permission denied"`) and it is this
    /// table's message for the code: the server printed it with `%M`/`%iE`.
    QuotedTextIsMessage,
    /// A quoted text follows the code. `%M`/`%iE` take the text from my_strerror, which
    /// prefers the handler's message for handler codes, so a code both tables know is the
    /// handler's.
    Quoted,
    /// The line mentions a storage engine, a handler or a table, where errors ≥ 120 are
    /// handler codes (`Got error 127 when reading table './db/t1'`).
    LineMentionsEngine,
    /// The line contains this text (`Unable to lock ./ibdata1 error: 11` is an errno).
    LineContains(&'static str),
    /// The code is in MySQL's error-log range, which no MariaDB table reaches
    /// (`Last_IO_Errno: 13114` from a MySQL 8 replica).
    MySqlErrorLog,
    /// The line does not say the number is a program's exit status
    /// ([`EXIT_STATUS_WORDS`]): Galera's SST scripts write `innobackupex finished with
    /// error: 2`, which is no errno.
    NotExitStatus,
}

/// What says a number is an exit status rather than an errno.
pub const EXIT_STATUS_WORDS: &[&str] = &[
    "finished with error",
    "exited with error",
    "exit status",
    "exit code",
];

/// The label of MySQL's `[MY-NNNNNN]`.
pub const MYSQL_LABEL: &str = "MySQL code";

/// The words that make [`When::LineMentionsEngine`] hold.
pub const ENGINE_WORDS: &[&str] = &["engine", "handler", "table", "Table"];

const fn rule(table: Kind, when: When) -> Rule {
    Rule {
        table: Table::Catalog(table),
        when,
    }
}

use Kind::{Client, Handler, Os, Server};
use When::{
    Always, LineContains, LineMentionsEngine, MySqlErrorLog, NotExitStatus, Quoted,
    QuotedTextIsMessage,
};

/// What `%M`/`%iE` print, through my_strerror: the handler's text for its codes, the
/// OS's otherwise. The quoted text settles it when it is one of the two; a code with no
/// quoted text is an OS code unless only the handler knows it.
const MY_STRERROR: &[Rule] = &[
    rule(Handler, QuotedTextIsMessage),
    rule(Os, QuotedTextIsMessage),
    rule(Handler, Quoted),
    rule(Os, Always),
    rule(Handler, Always),
];

/// `errno: N`: as [`MY_STRERROR`], but a handler code when the line names an engine, and
/// replication's MariaDB codes (`errno: 2003`, above any errno) where no OS text exists.
const ERRNO: &[Rule] = &[
    rule(Handler, QuotedTextIsMessage),
    rule(Os, QuotedTextIsMessage),
    rule(Handler, Quoted),
    rule(Handler, LineMentionsEngine),
    rule(Os, Always),
    rule(Handler, Always),
    rule(Server, Always),
    rule(Client, Always),
];

/// `Got error N`: what an engine or the OS reported (`… from storage engine InnoDB`,
/// `… when reading table …`), or a MariaDB code (`Got error 1236 from master`).
const GOT_ERROR: &[Rule] = &[
    rule(Handler, QuotedTextIsMessage),
    rule(Os, QuotedTextIsMessage),
    rule(Handler, Quoted),
    rule(Handler, LineMentionsEngine),
    rule(Server, Always),
    rule(Client, Always),
    rule(Os, Always),
    rule(Handler, Always),
];

/// Replication and the client report MariaDB codes: the server's, or the client
/// library's for connection failures (2003, 2013); a MySQL replica, MySQL's error-log
/// codes.
const SERVER_OR_CLIENT: &[Rule] = &[
    rule(Server, Always),
    rule(Client, Always),
    Rule {
        table: Table::MySql,
        when: MySqlErrorLog,
    },
];

/// `error N`: as [`SERVER_OR_CLIENT`], but InnoDB's `Unable to lock ./ibdata1, error: 11`
/// prints the errno of `fcntl(F_SETLK)` (EAGAIN: another mysqld holds the files), a
/// handler's code reaches clients as it is when a table is named (`General error: 126
/// Incorrect key file for table …`), and a number no server or client table has is the
/// errno the failed call set: `preallocating 1048576 bytes for file ./ibtmp1 failed with
/// error 28`, Aria's `Can't lock aria control file '…' for exclusive use, error: 11`.
const ERROR: &[Rule] = &[
    rule(Os, LineContains("Unable to lock")),
    rule(Server, Always),
    rule(Client, Always),
    Rule {
        table: Table::MySql,
        when: MySqlErrorLog,
    },
    rule(Handler, LineMentionsEngine),
    rule(Os, NotExitStatus),
];

/// A driver's code, in a tuple or after a SQLSTATE: the server's or the client library's;
/// else a handler's when the line names a table (`HY000: 126: Incorrect key file for
/// table`), else an errno whose text is quoted beside it (`BrokenPipeError(32, 'Broken
/// pipe')`).
const DRIVER: &[Rule] = &[
    rule(Os, QuotedTextIsMessage),
    rule(Server, Always),
    rule(Client, Always),
    Rule {
        table: Table::MySql,
        when: MySqlErrorLog,
    },
    rule(Handler, LineMentionsEngine),
];

/// Galera's applier reports the handler's code of the row event that failed: `Update_rows
/// apply warning: 120, 2140` (HA_ERR_KEY_NOT_FOUND, then the seqno), `Write_rows_v1 apply
/// failed: 121, seqno 7`.
const APPLY: &[Rule] = &[rule(Handler, Always), rule(Server, Always)];

/// `mysqld got signal 11 ;`: the signal that crashed the server.
const SIGNAL: &[Rule] = &[Rule {
    table: Table::Signal,
    when: Always,
}];

/// InnoDB's `OS error N` is its own file code or an offset errno.
const INNODB_FILE: &[Rule] = &[Rule {
    table: Table::InnoDbFile,
    when: Always,
}];

/// `[MY-NNNNNN]`: MySQL's.
const MYSQL: &[Rule] = &[Rule {
    table: Table::MySql,
    when: Always,
}];

/// The client library's `(%d)` after the host or socket of a connection error is the
/// errno of `connect()`: `Can't connect to … (111)`; after the host of an unknown-host
/// error it is the resolver's code (`Unknown MySQL server host 'db' (-2)`: getaddrinfo's
/// EAI_NONAME; Windows' `(11001)`: WSAHOST_NOT_FOUND). Other `'…' (N)` are not codes.
const CONNECT_ERRNO: &[Rule] = &[
    rule(Os, LineContains("connect to")),
    Rule {
        table: Table::Resolver,
        when: LineContains("server host"),
    },
];

/// The network layer's last error (`vio_errno`) is always a server code (ER_NET_*).
const SERVER: &[Rule] = &[rule(Server, Always)];

/// InnoDB's own reports of the OS's errno.
const OS: &[Rule] = &[rule(Os, Always)];

const fn field(label: &'static str, shape: Shape, consult: &'static [Rule]) -> Field {
    Field {
        label,
        trigger: label,
        shape,
        consult,
    }
}

/// Every field, most specific first where triggers overlap: when two fields claim the
/// same number, the one whose trigger starts earlier wins (`Got error 5` over `error 5`).
pub static FIELDS: &[Field] = &[
    field("errno", Shape::Follows, ERRNO),
    field("vio_errno", Shape::Follows, SERVER),
    field("Errcode", Shape::Follows, MY_STRERROR),
    Field {
        label: "strerror",
        trigger: " \"",
        shape: Shape::QuotedInParens,
        consult: MY_STRERROR,
    },
    field("Got error", Shape::Follows, GOT_ERROR),
    field("Got fatal error", Shape::Follows, SERVER_OR_CLIENT),
    field("error", Shape::Follows, ERROR),
    // `failed with error code = 1205` (MySQL's DD upgrade), `error code 11`.
    field("error code", Shape::Follows, ERROR),
    field("Error", Shape::Follows, SERVER_OR_CLIENT),
    field("ERROR", Shape::FollowsWithSqlstate, SERVER_OR_CLIENT),
    field("Error_code", Shape::Follows, SERVER_OR_CLIENT),
    field("server_errno", Shape::Follows, SERVER_OR_CLIENT),
    field("Last_Errno", Shape::Follows, SERVER_OR_CLIENT),
    field("Last_IO_Errno", Shape::Follows, SERVER_OR_CLIENT),
    field("Last_SQL_Errno", Shape::Follows, SERVER_OR_CLIENT),
    field(
        "Internal MariaDB error code",
        Shape::Follows,
        SERVER_OR_CLIENT,
    ),
    field("OS error number", Shape::Follows, OS),
    field("Operating system error number", Shape::Follows, OS),
    field("Error number", Shape::Follows, OS),
    // MariaDB's `InnoDB: IO Error: 13 during write of 16384 bytes`.
    field("IO Error", Shape::Follows, OS),
    // The client's `Lost connection to server at '…', system error: 104`.
    field("system error", Shape::Follows, OS),
    // Python's `[Errno 32] Broken pipe`, `[Errno 111] Connection refused`.
    field("Errno", Shape::Follows, OS),
    field("apply warning", Shape::Follows, APPLY),
    field("apply failed", Shape::Follows, APPLY),
    field("got signal", Shape::Follows, SIGNAL),
    // ER_GOT_SIGNAL, `mariadbd: Got signal 11. Aborting!`.
    field("Got signal", Shape::Follows, SIGNAL),
    // MariaDB's Node and Java connectors: `(conn=810, no: 1062, SQLState: 23000)`. The
    // trigger is the rarer word after the code.
    Field {
        label: "no",
        trigger: ", SQLState: ",
        shape: Shape::NoBeforeSqlstate,
        consult: SERVER_OR_CLIENT,
    },
    // HY000, the state of every error without one of its own, is the one these forms
    // carry a code with no message of its own beside (`SQLSTATE[HY000] [2002] Connection
    // refused`); under other states the message says which error it is.
    Field {
        label: "SQLSTATE",
        trigger: "Y000]",
        shape: Shape::PdoSqlstate,
        consult: DRIVER,
    },
    Field {
        label: "SQLSTATE",
        trigger: "Y000/",
        shape: Shape::AfterSqlstate,
        consult: DRIVER,
    },
    Field {
        label: "SQLSTATE",
        trigger: "Y000: ",
        shape: Shape::AfterSqlstate,
        consult: DRIVER,
    },
    Field {
        label: super::innodb::LABEL,
        trigger: "OS error",
        shape: Shape::Follows,
        consult: INNODB_FILE,
    },
    Field {
        label: MYSQL_LABEL,
        trigger: "MY-",
        shape: Shape::Attached,
        consult: MYSQL,
    },
    Field {
        label: "connect errno",
        trigger: "' (",
        shape: Shape::InParensAfterQuote,
        consult: CONNECT_ERRNO,
    },
    Field {
        label: "name",
        trigger: "'ER_",
        shape: Shape::QuotedName,
        consult: &[Rule {
            table: Table::Named,
            when: Always,
        }],
    },
    errno_name("ECONNREFUSED"),
    errno_name("ECONNRESET"),
    errno_name("ECONNABORTED"),
    errno_name("ETIMEDOUT"),
];

/// The errno names drivers print instead of numbers (Node's `connect ECONNREFUSED`): the
/// errors of a connection to a server, which is what a database client meets. (Each
/// needle costs the first pass: see `scan::Needle::templates_around`.)
const fn errno_name(name: &'static str) -> Field {
    Field {
        label: ERRNO_NAME_LABEL,
        trigger: name,
        shape: Shape::ErrnoName,
        consult: OS,
    }
}

/// The label of an errno given by its name.
pub const ERRNO_NAME_LABEL: &str = "errno name";

/// What the first pass looks for: every field's trigger contains one of these, and every
/// bare `(N "…")` a digit before ` "`. Fewer, longer needles than the triggers themselves
/// (` "` alone, or `error`'s common first bytes) let the SIMD search skip more. The order
/// matters to its speed, not to what is found: Teddy puts the needles into eight buckets
/// by their index, and a bucket whose needles share few bytes stops on fewer places. This
/// order was measured best (with callgrind) on the benchmark's log and the real-log
/// corpus together (`de: 'ER_` first cost least of the places tried for it); `scan`'s
/// short template anchors follow it.
pub const NEEDLES: &[&str] = &[
    // Node's `code: 'ER_DUP_ENTRY'`: the quote alone is too common a first byte.
    "de: 'ER_",
    "rror",
    "1 \"",
    "rrcode",
    "RROR",
    "3 \"",
    "6 \"",
    "ECONN",
    "MY-",
    "rrno",
    "8 \"",
    "2 \"",
    "' (",
    "ot signal",
    "7 \"",
    "ETIMEDOUT",
    "Y000",
    "apply ",
    "5 \"",
    "9 \"",
    "4 \"",
    "SQLState",
    "0 \"",
];

/// What [`parse`] found for one trigger occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Where the field's evidence begins (the trigger, or `(` for a bare quoted code).
    pub start: usize,
    /// The code's digits.
    pub digits: std::ops::Range<usize>,
    pub code: i32,
    /// The text between the quotes after the code (`errno: 13 "Permission denied"`).
    pub quoted: Option<std::ops::Range<usize>>,
    /// Where the match ends.
    pub end: usize,
}

/// The most digits a code may have: i32's ten.
const MAX_DIGITS: usize = 10;
/// MySQL writes its codes with six digits.
const MYSQL_DIGITS: usize = 6;
/// How many `:`, `=` and spaces may separate a trigger from its code.
const MAX_SEPARATORS: usize = 3;

/// Reads the field introduced by `field.trigger` at `at` in `line`, if the bytes there
/// really are that field with a code.
pub fn parse(field: &Field, line: &[u8], at: usize) -> Option<Candidate> {
    let trigger_end = at + field.trigger.len();
    match field.shape {
        Shape::Follows | Shape::FollowsWithSqlstate => {
            if at > 0 && is_word_byte(line[at - 1]) && is_word_byte(line[at]) {
                return None;
            }
            let separators = line[trigger_end..]
                .iter()
                .take(MAX_SEPARATORS + 1)
                .take_while(|b| matches!(b, b' ' | b':' | b'='))
                .count();
            if !(1..=MAX_SEPARATORS).contains(&separators) {
                return None;
            }
            let digits_start = trigger_end + separators;
            let (digits, code) = digits_at(line, digits_start)?;
            // Codes are printed with `%d`: a number with a leading zero (OpenSSL's
            // `error:00000001:lib(0)`) is none.
            if !ends_cleanly(line, digits.end) || (digits.len() > 1 && line[digits.start] == b'0') {
                return None;
            }
            let mut end = digits.end;
            if field.shape == Shape::FollowsWithSqlstate {
                end = sqlstate_after(line, end)?;
            }
            let quoted = quoted_after(line, digits.end);
            if let Some(q) = &quoted {
                end = end.max(q.end + 1);
            }
            Some(Candidate {
                start: at,
                digits,
                code,
                quoted,
                end,
            })
        }
        Shape::Attached => {
            if at > 0 && is_word_byte(line[at - 1]) {
                return None;
            }
            let (digits, code) = digits_at(line, trigger_end)?;
            if digits.len() > MYSQL_DIGITS || !ends_cleanly(line, digits.end) {
                return None;
            }
            Some(Candidate {
                start: at,
                end: digits.end,
                digits,
                code,
                quoted: None,
            })
        }
        Shape::InParensAfterQuote => {
            // The resolver's codes are negative in glibc (`(-2)`).
            let negative = line.get(trigger_end) == Some(&b'-');
            let (digits, code) = digits_at(line, trigger_end + usize::from(negative))?;
            let code = if negative { -code } else { code };
            if line.get(digits.end) != Some(&b')') {
                return None;
            }
            Some(Candidate {
                start: at + 2,
                end: digits.end + 1,
                digits,
                code,
                quoted: None,
            })
        }
        Shape::NoBeforeSqlstate => {
            let digits_start = digits_before(line, at)?;
            if !line[..digits_start].ends_with(b"no: ") {
                return None;
            }
            let (digits, code) = digits_at(line, digits_start)?;
            Some(Candidate {
                start: digits_start - b"no: ".len(),
                end: trigger_end,
                digits,
                code,
                quoted: None,
            })
        }
        Shape::PdoSqlstate => {
            // `SQLSTATE[HY000]`, then ` [N]` or `: class text: N`.
            let state_start = (at + STATE_TAIL).checked_sub(SQLSTATE_LEN)?;
            if !line[..state_start].ends_with(PDO_PREFIX) {
                return None;
            }
            let rest = trigger_end;
            let digits_start = if line[rest..].starts_with(b" [") {
                rest + 2
            } else if line[rest..].starts_with(b": ") {
                // PDO's `%s: %s: %d %s`: the class text has no colon of its own.
                let class = &line[rest + 2..line.len().min(rest + 2 + MAX_CLASS_TEXT)];
                rest + 2 + memchr::memmem::find(class, b": ")? + 2
            } else {
                return None;
            };
            let (digits, code) = digits_at(line, digits_start)?;
            if !ends_cleanly(line, digits.end) {
                return None;
            }
            Some(Candidate {
                start: state_start - PDO_PREFIX.len(),
                end: digits.end,
                digits,
                code,
                quoted: None,
            })
        }
        Shape::AfterSqlstate => {
            // A state's five bytes end with the trigger's `000`; before them a `(` or a
            // word boundary.
            let state_start = (at + STATE_TAIL).checked_sub(SQLSTATE_LEN)?;
            let state = &line[state_start..state_start + SQLSTATE_LEN];
            let bounded = state_start == 0 || !is_word_byte(line[state_start - 1]);
            if !is_sqlstate(state) || !bounded || !state.iter().any(u8::is_ascii_uppercase) {
                return None;
            }
            let (digits, code) = digits_at(line, trigger_end)?;
            // `(HY000/2002)` closes; `HY000: 126: …` goes on with a colon.
            let closes = match line[trigger_end - 1] {
                b'/' => line.get(digits.end) == Some(&b')'),
                _ => line.get(digits.end) == Some(&b':'),
            };
            closes.then_some(Candidate {
                start: state_start,
                end: digits.end + 1,
                digits,
                code,
                quoted: None,
            })
        }
        Shape::QuotedName => {
            // `'ER_DUP_ENTRY'`: letters, digits and underscores up to the closing quote.
            let name_start = at + 1;
            let len = line[name_start..]
                .iter()
                .take(MAX_NAME + 1)
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            let end = name_start + len;
            if len > MAX_NAME || line.get(end) != Some(&b'\'') {
                return None;
            }
            Some(Candidate {
                start: at,
                end: end + 1,
                digits: name_start..end,
                code: 0,
                quoted: Some(name_start..end),
            })
        }
        Shape::ErrnoName => {
            let bounded = |b: Option<&u8>| !b.is_some_and(|&b| is_word_byte(b));
            if !bounded(at.checked_sub(1).map(|i| &line[i])) || !bounded(line.get(trigger_end)) {
                return None;
            }
            let code = crate::os_error::errno_names()
                .iter()
                .find(|(name, _)| *name == field.trigger)?
                .1;
            Some(Candidate {
                start: at,
                end: trigger_end,
                digits: at..trigger_end,
                code,
                quoted: None,
            })
        }
        Shape::QuotedInParens => {
            // `(` digits ` "` text `")`.
            let digits_start = at
                - line[..at]
                    .iter()
                    .rev()
                    .take(MAX_DIGITS + 1)
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            if digits_start == at || digits_start == 0 || line[digits_start - 1] != b'(' {
                return None;
            }
            let (digits, code) = digits_at(line, digits_start)?;
            let quoted = quoted_after(line, digits.end)?;
            if line.get(quoted.end + 1) != Some(&b')') {
                return None;
            }
            Some(Candidate {
                start: digits_start - 1,
                end: quoted.end + 2,
                digits,
                code,
                quoted: Some(quoted),
            })
        }
    }
}

/// The longest error name looked up (MySQL's longest are about 60 bytes).
const MAX_NAME: usize = 80;

/// A SQLSTATE's length: `HY000`, `23000`, `08S01`.
const SQLSTATE_LEN: usize = 5;
/// The bytes of a state the SQLSTATE triggers start with (`Y000` of `HY000`).
const STATE_TAIL: usize = 4;
/// What PHP's PDO writes before the state.
const PDO_PREFIX: &[u8] = b"SQLSTATE[";
/// How far PDO's class text (`Integrity constraint violation`) may run before its colon.
const MAX_CLASS_TEXT: usize = 64;

fn is_sqlstate(state: &[u8]) -> bool {
    state.len() == SQLSTATE_LEN
        && state
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Where the run of digits ending at `end` starts, if there is one.
fn digits_before(line: &[u8], end: usize) -> Option<usize> {
    let len = line[..end]
        .iter()
        .rev()
        .take(MAX_DIGITS + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (len > 0 && len <= MAX_DIGITS).then_some(end - len)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// One to ten digits at `start` that make an i32.
fn digits_at(line: &[u8], start: usize) -> Option<(std::ops::Range<usize>, i32)> {
    let len = line[start..]
        .iter()
        .take(MAX_DIGITS + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > MAX_DIGITS {
        return None;
    }
    let digits = start..start + len;
    let code = std::str::from_utf8(&line[digits.clone()])
        .ok()?
        .parse()
        .ok()?;
    Some((digits, code))
}

/// A code ends at a non-word byte, and not in a version number (`error 5.5.1`).
fn ends_cleanly(line: &[u8], end: usize) -> bool {
    match line.get(end) {
        None => true,
        Some(b'.') => !line.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(&b) => !is_word_byte(b),
    }
}

/// ` (28000)` right after the code: the end of the closing parenthesis.
fn sqlstate_after(line: &[u8], end: usize) -> Option<usize> {
    let rest = line.get(end..end + 8)?;
    let state_ok = rest[2..7]
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    (rest.starts_with(b" (") && state_ok && rest[7] == b')').then_some(end + 8)
}

/// The text of ` "…"` right after the code, up to the next `"` on the line.
fn quoted_after(line: &[u8], end: usize) -> Option<std::ops::Range<usize>> {
    let open = end + 2;
    if line.get(end..open)? != b" \"" {
        return None;
    }
    let len = memchr::memchr(b'"', &line[open..])?;
    Some(open..open + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_named(label: &str) -> &'static Field {
        FIELDS.iter().find(|f| f.label == label).unwrap()
    }

    fn parse_at(label: &str, line: &str) -> Option<i32> {
        let f = field_named(label);
        let at = line.find(f.trigger)?;
        parse(f, line.as_bytes(), at).map(|c| c.code)
    }

    #[test]
    fn labels_are_unique_and_triggers_known() {
        for (i, f) in FIELDS.iter().enumerate() {
            // A label may name several triggers (`, '` and `, "` are both a driver's tuple).
            assert!(
                FIELDS[..i].iter().all(|g| g.trigger != f.trigger),
                "{}",
                f.trigger
            );
            assert!(!f.consult.is_empty(), "{}", f.label);
        }
    }

    #[test]
    fn every_trigger_holds_a_first_pass_needle() {
        for f in FIELDS {
            // As `scan::fields_around` finds them: a needle in the trigger, or ending with it.
            let needle = |s: &str| NEEDLES.iter().any(|n| s.contains(n) || n.ends_with(s));
            match f.shape {
                Shape::QuotedInParens => {
                    assert!((0..10).all(|d| needle(&format!("{d}{}", f.trigger))))
                }
                _ => assert!(needle(f.trigger), "{}", f.label),
            }
        }
    }

    #[test]
    fn follows_accepts_separators_and_rejects_words() {
        assert_eq!(parse_at("errno", "errno: 104  vio"), Some(104));
        assert_eq!(parse_at("errno", "errno=13"), Some(13));
        assert_eq!(parse_at("errno", "errno 13,"), Some(13));
        assert_eq!(parse_at("errno", "errno13"), None);
        assert_eq!(parse_at("errno", "errno:    13"), None, "too far");
        assert_eq!(parse_at("errno", "vio_errno: 1158"), None, "inside a word");
        assert_eq!(parse_at("error", "error 5.5.1"), None, "a version");
        assert_eq!(parse_at("error", "error 2013."), Some(2013));
        assert_eq!(parse_at("error", "error 12ab"), None);
        assert_eq!(parse_at("error", "error 99999999999"), None, "past i32");
        assert_eq!(
            parse_at("error", "error:00000001:lib(0)"),
            None,
            "a leading zero"
        );
    }

    #[test]
    fn quoted_text_is_kept() {
        let line = br#"(errno: 150 "Foreign key constraint is incorrectly formed")"#;
        let c = parse(field_named("errno"), line, 1).unwrap();
        assert_eq!(
            &line[c.quoted.unwrap()],
            b"Foreign key constraint is incorrectly formed"
        );
    }

    #[test]
    fn sqlstate_is_required_after_client_error() {
        assert_eq!(
            parse_at("ERROR", "ERROR 1045 (28000): Access denied"),
            Some(1045)
        );
        assert_eq!(
            parse_at("ERROR", "ERROR 2002 (HY000) at line 1"),
            Some(2002)
        );
        assert_eq!(parse_at("ERROR", "ERROR 1045 something"), None);
    }

    #[test]
    fn mysql_codes_are_attached_to_their_prefix() {
        assert_eq!(
            parse_at(MYSQL_LABEL, "[ERROR] [MY-012592] [InnoDB]"),
            Some(12592)
        );
        assert_eq!(parse_at(MYSQL_LABEL, "Error_code: MY-001062"), Some(1062));
        assert_eq!(parse_at(MYSQL_LABEL, "MY-0125920]"), None, "seven digits");
        assert_eq!(parse_at(MYSQL_LABEL, "XMY-012592"), None, "inside a word");
        assert_eq!(parse_at(MYSQL_LABEL, "MY-x"), None);
    }

    #[test]
    fn drivers_give_codes_in_tuples_and_after_sqlstates() {
        assert_eq!(
            parse_at(
                "no",
                "Error: (conn=810, no: 1062, SQLState: 23000) Duplicate"
            ),
            Some(1062)
        );
        assert_eq!(parse_at("no", "x, 1062, SQLState: 23000"), None);
        let f = |line: &str| {
            FIELDS
                .iter()
                .filter(|f| f.label == "SQLSTATE")
                .find_map(|f| parse(f, line.as_bytes(), line.find(f.trigger)?))
                .map(|c| c.code)
        };
        assert_eq!(f("SQLSTATE[HY000] [2002] Connection refused"), Some(2002));
        assert_eq!(
            f("SQLSTATE[HY000]: General error: 1005 Can't create table"),
            Some(1005)
        );
        assert_eq!(
            f("mysqli_connect(): (HY000/2002): Connection refused"),
            Some(2002)
        );
        assert_eq!(f("SQLException: HY000: 126: Incorrect key file"), Some(126));
        assert_eq!(f("SQLSTATE[HY000]: General error"), None);
        assert_eq!(f("up HY000/3000 rows"), None, "not closed");
        assert_eq!(f("XHY000/3000)"), None, "inside a word");
        assert_eq!(f("[HY000] [2002]"), None, "not PDO's");
    }

    #[test]
    fn errno_names_stand_alone() {
        let code = |line: &str| {
            FIELDS
                .iter()
                .filter(|f| f.shape == Shape::ErrnoName)
                .find_map(|f| parse(f, line.as_bytes(), line.find(f.trigger)?))
                .map(|c| c.code)
        };
        assert_eq!(
            code("Error: connect ECONNREFUSED 127.0.0.1:3306"),
            Some(libc::ECONNREFUSED)
        );
        assert_eq!(code("code: 'ETIMEDOUT',"), Some(libc::ETIMEDOUT));
        assert_eq!(code("XECONNREFUSED"), None);
        assert_eq!(code("ECONNREFUSEDX"), None);
    }

    #[test]
    fn connect_errno_is_a_number_in_parentheses_after_a_quote() {
        let line = "Can't connect to MySQL server on '10.0.0.1' (111)";
        assert_eq!(parse_at("connect errno", line), Some(111));
        let f = field_named("connect errno");
        let at = line.find("' (").unwrap();
        let c = parse(f, line.as_bytes(), at).unwrap();
        assert_eq!(&line[c.start..c.end], "(111)");
        assert_eq!(
            parse_at("connect errno", "on 'db' (111 \"Connection refused\")"),
            None
        );
        assert_eq!(parse_at("connect errno", "on 'db' (-2)"), Some(-2));
    }

    #[test]
    fn bare_quoted_code_needs_parentheses() {
        let f = field_named("strerror");
        let ok = br#"on 'db' (111 "Connection refused")"#;
        let at = memchr::memmem::find(ok, b" \"").unwrap();
        let c = parse(f, ok, at).unwrap();
        assert_eq!(
            (c.code, &ok[c.start..c.end]),
            (111, &br#"(111 "Connection refused")"#[..])
        );
        for bad in [
            &br#"errno: 111 "Connection refused")"#[..],
            br#"(111 "Connection refused""#,
            br#" "x")"#,
            br#"( "x")"#,
        ] {
            let at = memchr::memmem::find(bad, b" \"").unwrap();
            assert_eq!(parse(f, bad, at), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
