//! A tiny `data/` tree for tests: `tiny-1.0`, shaped like a MariaDB flavor, and `tiny-2.0`,
//! shaped like MySQL (version style `mysql`, an error-log server file, a mixed-case name,
//! a retired name given twice). Texts are printable ASCII, so a test can read the
//! generated blob back easily.

use crate::model::Options;
use crate::source::Memory;

pub const ALL: Options = Options { translations: true };

pub fn data() -> Memory {
    FILES
        .iter()
        .fold(Memory::default(), |m, (rel, text)| m.with(rel, text))
}

/// Joins lines into a file, each ending in a line feed; fields are separated by `|` in
/// the source for legibility and become TABs.
fn tsv(lines: &[&str]) -> String {
    lines.iter().map(|l| l.replace('|', "\t") + "\n").collect()
}

/// Replaces a TSV file's lines (written with `|` for TAB).
pub fn with_tsv(rel: &str, lines: &[&str]) -> Memory {
    data().with(rel, &tsv(lines))
}

const DOC: &str = "---\nsources:\n- https://example.org/server-1000\n---\n\
                   Summary of it{{mariadb:, MariaDB|mysql:, MySQL}}.\n\n## Possible causes\n- cause one\n  continued\n- cause two\n\n\
                   ## Finding out more\n- look\n\n## Fixing it\n- fix it\n";

const FILES: &[(&str, &str)] = &[
    (
        "flavors.tsv",
        "flavor\taliases\tversion_style\tperror_version\tlearn_more\n\
         tiny-1.0\tt1,1.0\tfrom\t2.11\thttps://example.org/{from}-{to}/e{code}\n\
         tiny-2.0\tt2\tmysql\t9.7\t\n",
    ),
    (
        "tiny-1.0/provenance.tsv",
        "key\tvalue\nsource\tVERSION\nupstream_version\t1.0.3\n",
    ),
    (
        "tiny-1.0/languages.tsv",
        "code\tname\neng\tenglish\nger\tgerman\n",
    ),
    (
        "tiny-1.0/server.tsv",
        "code\tname\tsqlstate\todbc_state\tmessage\n\
         1000\tER_HASHCHK\tHY000\t\thashchk\n\
         1002\tER_NO\tHY000\tS1000\tNO\n\
         1005\tER_CANT_CREATE_TABLE\tHY000\t\tCan't create table %s (errno: %M)\n",
    ),
    (
        "tiny-1.0/server-translations.tsv",
        "code\tlang\tmessage\n1002\tger\tNein\n1000\tger\thashchk\n1002\teng\tNo\n",
    ),
    (
        "tiny-1.0/handler.tsv",
        "code\tname\tmessage\n\
         120\tHA_ERR_KEY_NOT_FOUND\tDidn't find key on read or update\n\
         125\t\tUnnamed\n",
    ),
    (
        "tiny-1.0/client.tsv",
        "code\tname\tmessage\n2000\tCR_UNKNOWN_ERROR\tUnknown error\n",
    ),
    (
        "tiny-1.0/global.tsv",
        "code\tname\tmessage\n1\tEE_CANTCREATEFILE\tCan't create/write to file\n",
    ),
    (
        "tiny-1.0/aliases.tsv",
        "alias\tname\nHA_ERR_RECORD_IS_MISSING\tHA_ERR_KEY_NOT_FOUND\n",
    ),
    (
        "tiny-2.0/provenance.tsv",
        "key\tvalue\nupstream_version\t2.0.1\nreserved_section\t2000-2999\n",
    ),
    ("tiny-2.0/languages.tsv", "code\tname\neng\tenglish\n"),
    (
        "tiny-2.0/server.tsv",
        "code\tname\tsqlstate\todbc_state\tmessage\n\
         1000\tER_HASHCHK\tHY000\t\thashchk\n\
         3227\tOBSOLETE_ER_X\tHY000\t\tOld\n\
         3500\tER_XPLUGIN_IPv6_AVAILABLE\tHY000\t\tIPv6 is available\n",
    ),
    (
        "tiny-2.0/server-error-log.tsv",
        "code\tname\tsqlstate\todbc_state\tmessage\n\
         10000\tER_PARSER_TRACE\tXX999\t\tParser saw: %s\n\
         13175\tOBSOLETE_ER_X\tHY000\t\tOld again\n",
    ),
    (
        "tiny-2.0/server-translations.tsv",
        "code\tlang\tmessage\n10000\teng\tThe parser saw %s\n",
    ),
    (
        "tiny-2.0/handler.tsv",
        "code\tname\tmessage\n120\tHA_ERR_KEY_NOT_FOUND\tDidn't find key\n",
    ),
    (
        "tiny-2.0/client.tsv",
        "code\tname\tmessage\n2000\tCR_UNKNOWN_ERROR\tUnknown MySQL error\n",
    ),
    ("tiny-2.0/global.tsv", "code\tname\tmessage\n"),
    (
        "tiny-2.0/aliases.tsv",
        "alias\tname\nER_IPV6\tER_XPLUGIN_IPv6_AVAILABLE\n",
    ),
    (
        "bdb.tsv",
        "code\tname\tmessage\n\
         -30999\tDB_INCOMPLETE\tDB_INCOMPLETE: Sync didn't finish\n\
         -30998\tDB_KEYEMPTY\tDB_KEYEMPTY: Non-existing key\n",
    ),
    (
        "sqlstate-classes.tsv",
        "state\tsource\tmeaning\n\
         HY\todbc\tCLI-specific condition\n\
         08\tsql\tconnection exception\n\
         08S01\todbc\tCommunication link failure\n",
    ),
    (
        "locales.tsv",
        "code\tlocales\nger\tde_DE,DE\neng\ten_US,en\n",
    ),
    ("explain/server-1000.md", DOC),
    ("explain/server-1002.md", "see: server-1000\n"),
    (
        "explain/handler-120.md",
        "---\nsources:\n- https://example.org/handler-120\n---\n\
         Key not found.\n\n## Possible causes\n- a\n\n## Finding out more\n- b\n\n## Fixing it\n- c\n",
    ),
    (
        "explain/server-1003.mysql.md",
        "---\nsources:\n- https://example.org/server-1003\n---\n\
         MySQL's own.\n\n## Possible causes\n- a\n\n## Finding out more\n- b\n\n## Fixing it\n- c\n",
    ),
];
