//! The importer: a MariaDB or MySQL source tree in, the `data/` tables of one flavor out.
//!
//! `import_tree(tree)` reads the upstream files and returns every data file of the flavor as
//! (file name, contents); `cargo xtask import` writes them, `cargo xtask import --check`
//! compares them with what is committed.

pub mod csource;
pub mod errmsg;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use crate::tsv;
use csource::{CError, Define, DefineValue};
use errmsg::Grammar;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{source}")]
    Errmsg {
        path: PathBuf,
        source: errmsg::ParseError,
    },
    #[error(transparent)]
    C(#[from] CError),
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
}

/// The files of one imported flavor.
pub struct Flavor {
    /// `mariadb-<major>.<minor>` or `mysql-<major>.<minor>`, from the version file.
    pub name: String,
    pub version: String,
    /// (file name inside `data/<name>/`, contents), in a fixed order.
    pub files: Vec<(&'static str, String)>,
    /// Things worth a look that do not stop the import.
    pub warnings: Vec<String>,
}

/// Where an upstream keeps its message tables, and how its tools read them: one value per
/// upstream, so that the import steps below never ask which upstream they are reading.
pub struct Layout {
    /// The file holding `MYSQL_VERSION_MAJOR=…` lines; its presence identifies the tree.
    pub version_file: &'static str,
    /// The flavor is `<prefix>-<major>.<minor>`.
    pub flavor_prefix: &'static str,
    pub grammar: Grammar,
    /// The server catalogue's files, read in this order as one catalogue.
    pub catalogue: &'static [CatalogueFile],
    pub handler: CTable,
    /// The client tables, concatenated into client.tsv.
    pub client: &'static [CTable],
    pub global: CTable,
    /// The levels the server logs its error-log messages at, a file made from its source
    /// (`../shared/upstream/README.md` says how), if the upstream has one.
    pub levels: Option<&'static str>,
}

/// One file of the server catalogue and the data file its errors go to.
pub struct CatalogueFile {
    pub source: &'static str,
    pub output: &'static str,
    /// The code of an error before any `start-error-number`.
    pub first_code: Option<u32>,
}

pub const MARIADB: Layout = Layout {
    version_file: "VERSION",
    flavor_prefix: "mariadb",
    grammar: errmsg::MARIADB,
    catalogue: &[CatalogueFile {
        source: "sql/share/errmsg-utf8.txt",
        output: "server.tsv",
        first_code: None,
    }],
    handler: CTable {
        header: "include/my_base.h",
        source: "include/my_handler_errors.h",
        array: "handler_error_messages",
        base: "HA_ERR_FIRST",
        last: Some("HA_ERR_LAST"),
        prefix: "HA_",
        markers: &["HA_ERR_FIRST", "HA_ERR_LAST", "HA_ERR_ERRORS"],
        names_between_markers: true,
        empty_slots: EmptySlots::Gaps,
    },
    client: &[
        CTable {
            header: "libmariadb/include/errmsg.h",
            source: "libmariadb/libmariadb/ma_errmsg.c",
            array: "client_errors",
            base: "CR_MIN_ERROR",
            last: Some("CR_MAX_ERROR"),
            prefix: "CR_",
            markers: &["CR_MIN_ERROR", "CR_MAX_ERROR", "CR_MYSQL_LAST_ERROR"],
            names_between_markers: false,
            empty_slots: EmptySlots::Gaps,
        },
        CTable {
            header: "libmariadb/include/errmsg.h",
            source: "libmariadb/libmariadb/ma_errmsg.c",
            array: "mariadb_client_errors",
            base: "CER_MIN_ERROR",
            last: Some("CER_MAX_ERROR"),
            prefix: "CR_",
            markers: &["CER_MIN_ERROR", "CER_MAX_ERROR", "CR_MARIADB_LAST_ERROR"],
            names_between_markers: false,
            empty_slots: EmptySlots::Gaps,
        },
    ],
    global: CTable {
        header: "include/mysys_err.h",
        source: "mysys/errors.c",
        array: "globerrs",
        base: "EE_ERROR_FIRST",
        last: Some("EE_ERROR_LAST"),
        prefix: "EE_",
        markers: &["EE_ERROR_FIRST", "EE_ERROR_LAST"],
        names_between_markers: false,
        empty_slots: EmptySlots::Gaps,
    },
    levels: None,
};

pub const MYSQL: Layout = Layout {
    version_file: "MYSQL_VERSION",
    flavor_prefix: "mysql",
    grammar: errmsg::MYSQL,
    catalogue: &[
        // comp_err numbers the first file from 1000 and the second from 10000 when no
        // start-error-number says otherwise.
        CatalogueFile {
            source: "share/messages_to_clients.txt",
            output: "server.tsv",
            first_code: Some(1000),
        },
        CatalogueFile {
            source: "share/messages_to_error_log.txt",
            output: "server-error-log.tsv",
            first_code: Some(errmsg::MYSQL_ERROR_LOG_FIRST),
        },
    ],
    // MySQL's perror prints every slot from the first code to the last, named or not:
    // `perror 8` (MySQL 9.7) prints `MySQL error code MY-000008: ` for globerrs' empty
    // slot. So an empty slot is an entry with an empty message, not a gap.
    handler: CTable {
        header: "include/my_base.h",
        source: "mysys/my_handler_errors.h",
        array: "handler_error_messages",
        base: "HA_ERR_FIRST",
        last: Some("HA_ERR_LAST"),
        prefix: "HA_",
        markers: &["HA_ERR_FIRST", "HA_ERR_LAST", "HA_ERR_ERRORS"],
        names_between_markers: true,
        empty_slots: EmptySlots::Entries,
    },
    client: &[CTable {
        header: "include/errmsg.h",
        source: "libmysql/errmsg.cc",
        array: "client_errors",
        base: "CR_ERROR_FIRST",
        last: Some("CR_ERROR_LAST"),
        prefix: "CR_",
        markers: &[
            "CR_MIN_ERROR",
            "CR_MAX_ERROR",
            "CR_ERROR_FIRST",
            "CR_ERROR_LAST",
        ],
        names_between_markers: false,
        empty_slots: EmptySlots::Gaps,
    }],
    global: CTable {
        header: "include/mysys_err.h",
        source: "mysys/errors.cc",
        array: "globerrs",
        base: "EE_ERROR_FIRST",
        last: Some("EE_ERROR_LAST"),
        prefix: "EE_",
        markers: &["EE_ERROR_FIRST", "EE_ERROR_LAST"],
        names_between_markers: false,
        empty_slots: EmptySlots::Entries,
    },
    // MySQL's message files give no level; its call sites do (`LogErr(INFORMATION_LEVEL,
    // …)`), and this file lists them.
    levels: Some("error-log-levels.tsv"),
};

/// The layout of the tree at `tree`, told by its version file; None if it is no tree.
pub fn layout_of(tree: &Path) -> Option<&'static Layout> {
    [&MARIADB, &MYSQL]
        .into_iter()
        .find(|l| tree.join(l.version_file).is_file())
}

impl Layout {
    /// Every upstream file the flavor is built from, relative to the tree.
    pub fn sources(&self) -> Vec<&'static str> {
        let mut sources = vec![self.version_file];
        sources.extend(self.catalogue.iter().map(|f| f.source));
        for table in std::iter::once(&self.handler)
            .chain(self.client)
            .chain(std::iter::once(&self.global))
        {
            for file in [table.header, table.source] {
                if !sources.contains(&file) {
                    sources.push(file);
                }
            }
        }
        sources.extend(self.levels);
        sources
    }
}

fn read(tree: &Path, rel: &str) -> Result<String, ImportError> {
    let path = tree.join(rel);
    fs::read_to_string(&path).map_err(|source| ImportError::Read { path, source })
}

fn invalid(tree: &Path, rel: &str, reason: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        path: tree.join(rel),
        reason: reason.into(),
    }
}

/// Reads `MYSQL_VERSION_MAJOR=…` style lines: (flavor name, full version).
fn version(tree: &Path, layout: &Layout) -> Result<(String, String), ImportError> {
    let text = read(tree, layout.version_file)?;
    let vars: HashMap<&str, &str> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let get = |k: &str| {
        vars.get(k)
            .copied()
            .ok_or_else(|| invalid(tree, layout.version_file, format!("no {k}")))
    };
    let (major, minor, patch) = (
        get("MYSQL_VERSION_MAJOR")?,
        get("MYSQL_VERSION_MINOR")?,
        get("MYSQL_VERSION_PATCH")?,
    );
    Ok((
        format!("{}-{major}.{minor}", layout.flavor_prefix),
        format!("{major}.{minor}.{patch}"),
    ))
}

/// A code-indexed table (handler, client or global errors) before rendering.
type CodeTable = BTreeMap<i64, (String, String)>;

/// The server catalogue as rows of the data files.
struct ServerTables {
    languages: Vec<Vec<String>>,
    /// One set of rows per catalogue file, in `Layout::catalogue` order.
    errors: Vec<Vec<Vec<String>>>,
    translations: Vec<Vec<String>>,
    reserved: Vec<(u32, u32)>,
}

const SERVER_HEADER: [&str; 5] = ["code", "name", "sqlstate", "odbc_state", "message"];
const CODE_HEADER: [&str; 3] = ["code", "name", "message"];

/// Reads one source tree, MariaDB's or MySQL's as its version file says, into the data
/// files of its flavor.
pub fn import_tree(tree: &Path) -> Result<Flavor, ImportError> {
    let layout = layout_of(tree).ok_or_else(|| {
        invalid(
            tree,
            "",
            "neither a MariaDB tree (VERSION) nor a MySQL tree (MYSQL_VERSION)",
        )
    })?;
    let (name, version) = version(tree, layout)?;
    let mut warnings = Vec::new();
    let server = server_tables(tree, layout, &mut warnings)?;
    let mut aliases = Vec::new();
    let handler = c_table(tree, &layout.handler, &mut aliases)?;
    let mut client = CodeTable::new();
    for table in layout.client {
        client.extend(c_table(tree, table, &mut aliases)?);
    }
    let global = c_table(tree, &layout.global, &mut aliases)?;
    aliases.sort();
    aliases.dedup();

    let mut files = vec![
        (
            "provenance.tsv",
            tsv::render(
                &["key", "value"],
                provenance(layout, &version, &server.reserved),
            ),
        ),
        (
            "languages.tsv",
            tsv::render(&["code", "name"], &server.languages),
        ),
    ];
    for (file, rows) in layout.catalogue.iter().zip(&server.errors) {
        files.push((file.output, tsv::render(&SERVER_HEADER, rows)));
    }
    files.extend([
        (
            "server-translations.tsv",
            tsv::render(&["code", "lang", "message"], &server.translations),
        ),
        (
            "handler.tsv",
            tsv::render(&CODE_HEADER, code_rows(&handler)),
        ),
        ("client.tsv", tsv::render(&CODE_HEADER, code_rows(&client))),
        ("global.tsv", tsv::render(&CODE_HEADER, code_rows(&global))),
        ("aliases.tsv", tsv::render(&["alias", "name"], &aliases)),
    ]);
    if let Some(rel) = layout.levels {
        let rows = levels(tree, rel, &server.errors)?;
        files.push((LEVELS_FILE, tsv::render(&LEVELS_HEADER, rows)));
    }
    Ok(Flavor {
        name,
        version,
        files,
        warnings,
    })
}

/// `upstream_version`, each source file read, and each reserved section of the code space.
fn provenance(layout: &Layout, version: &str, reserved: &[(u32, u32)]) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["upstream_version".to_string(), version.to_string()]];
    rows.extend(
        layout
            .sources()
            .into_iter()
            .map(|s| vec!["source".to_string(), s.to_string()]),
    );
    rows.extend(
        reserved
            .iter()
            .map(|(first, last)| vec!["reserved_section".to_string(), format!("{first}-{last}")]),
    );
    rows
}

/// The data file of the levels, and its columns.
pub const LEVELS_FILE: &str = "error-log-levels.tsv";
const LEVELS_HEADER: [&str; 3] = ["code", "name", "levels"];
/// The levels MySQL's logger has (`loglevel` in `include/my_loglevel.h`), as the levels
/// file spells them.
const LEVEL_NAMES: [&str; 4] = ["SYSTEM", "ERROR", "WARNING", "INFORMATION"];

/// The levels file's rows (`code`, `name`, `levels`), checked against the catalogue:
/// every code is a server error of that name, every level one of [`LEVEL_NAMES`].
fn levels(
    tree: &Path,
    rel: &str,
    errors: &[Vec<Vec<String>>],
) -> Result<Vec<Vec<String>>, ImportError> {
    let text = read(tree, rel)?;
    let records = tsv::parse(rel, &text, &["code", "name", "levels", "call_sites"])
        .map_err(|e| invalid(tree, rel, e.to_string()))?;
    let names: HashMap<&str, &str> = errors
        .iter()
        .flatten()
        .map(|row| (row[0].as_str(), row[1].as_str()))
        .collect();
    let mut rows = Vec::new();
    for r in &records {
        let (code, name, levels) = (r.get(0), r.get(1), r.get(2));
        let at = |reason: String| invalid(tree, rel, format!("line {}: {reason}", r.line));
        if names.get(code) != Some(&name) {
            return Err(at(format!(
                "{code} {name} is no server error of the catalogue"
            )));
        }
        if let Some(bad) = levels.split(',').find(|l| !LEVEL_NAMES.contains(l)) {
            return Err(at(format!("{bad:?} is no level")));
        }
        rows.push(vec![code.to_string(), name.to_string(), levels.to_string()]);
    }
    Ok(rows)
}

fn code_rows(table: &CodeTable) -> Vec<Vec<String>> {
    table
        .iter()
        .map(|(code, (name, msg))| vec![code.to_string(), name.clone(), msg.clone()])
        .collect()
}

/// Reads the catalogue files and turns their errors into rows.
fn server_tables(
    tree: &Path,
    layout: &Layout,
    warnings: &mut Vec<String>,
) -> Result<ServerTables, ImportError> {
    let mut parser = errmsg::Parser::new(layout.grammar);
    let mut parsed = Vec::new();
    for file in layout.catalogue {
        let errors = parser
            .file(&read(tree, file.source)?, file.first_code)
            .map_err(|source| ImportError::Errmsg {
                path: tree.join(file.source),
                source,
            })?;
        parsed.push((file.source, errors));
    }
    let header = parser.finish().map_err(|source| ImportError::Errmsg {
        path: tree.join(layout.catalogue[0].source),
        source,
    })?;
    let mut tables = ServerTables {
        languages: header
            .languages
            .iter()
            .map(|l| vec![l.code.clone(), l.name.clone()])
            .collect(),
        errors: Vec::new(),
        translations: Vec::new(),
        reserved: header.reserved.clone(),
    };
    for (source, errors) in &parsed {
        let mut rows = Vec::new();
        for e in errors {
            let place = format!("{}/{source}:{}", tree.display(), e.line);
            rows.push(server_row(e, &header.default_language, &place, warnings));
            tables
                .translations
                .extend(translation_rows(e, &header, &place, warnings));
        }
        tables.errors.push(rows);
    }
    Ok(tables)
}

/// `code name sqlstate odbc_state message` with the default language's text.
fn server_row(
    e: &errmsg::ServerError,
    default: &str,
    place: &str,
    warnings: &mut Vec<String>,
) -> Vec<String> {
    let english = e.text(default).map(str::to_string).unwrap_or_else(|| {
        warnings.push(format!("{place}: {} has no {default} text", e.name));
        String::new()
    });
    vec![
        e.code.to_string(),
        e.name.clone(),
        // comp_err gives an error without a SQLSTATE the generic one.
        e.sqlstate.clone().unwrap_or_else(|| "HY000".to_string()),
        e.odbc_state.clone().unwrap_or_default(),
        english,
    ]
}

/// `code lang message` for each text in a language other than the default.
fn translation_rows(
    e: &errmsg::ServerError,
    header: &errmsg::Header,
    place: &str,
    warnings: &mut Vec<String>,
) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (lang, text) in e
        .texts
        .iter()
        .filter(|(l, _)| *l != header.default_language)
    {
        // comp_err only builds the languages the header declares; a text in any other
        // (10.11.19 has one `fin` line) never reaches a server, so it is left out.
        if !header.languages.iter().any(|l| l.code == *lang) {
            warnings.push(format!(
                "{place}: {} has a text in undeclared language {lang:?}; left out",
                e.name
            ));
            continue;
        }
        rows.push(vec![e.code.to_string(), lang.clone(), text.clone()]);
    }
    rows
}

/// Where one C table lives and how its codes and names are found.
pub struct CTable {
    /// The header with the `#define`s naming the codes.
    header: &'static str,
    /// The file holding the message array.
    source: &'static str,
    array: &'static str,
    /// The macro giving the code of the array's first element.
    base: &'static str,
    /// The macro giving the last valid code, if there is one.
    last: Option<&'static str>,
    /// Names of this table's codes start with this.
    prefix: &'static str,
    /// Range markers, not names of errors.
    markers: &'static [&'static str],
    /// Only `#define`s between the `base` and `last` lines name errors (my_base.h has other
    /// `HA_` constants whose values fall in the error range).
    names_between_markers: bool,
    empty_slots: EmptySlots,
}

/// What an empty, unnamed slot of a message array is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptySlots {
    /// Not an error: left out (MariaDB's perror never prints one).
    Gaps,
    /// An error with an empty message (MySQL's perror prints every slot in range).
    Entries,
}

/// Builds code → (name, message) from a message array and the `#define`s that name its
/// slots. Empty slots without a name are gaps or entries as the table says; the array's
/// final `""` is a terminator. `#define A B` aliases of names in this table are appended
/// to `aliases`.
fn c_table(
    tree: &Path,
    spec: &CTable,
    aliases: &mut Vec<Vec<String>>,
) -> Result<CodeTable, ImportError> {
    let defines = csource::defines(&read(tree, spec.header)?);
    let range = code_range(tree, spec, &defines)?;
    let mut table = messages_by_slot(tree, spec, &range)?;
    name_slots(spec, &defines, &range, &mut table);
    if spec.empty_slots == EmptySlots::Gaps {
        table.retain(|_, (name, msg)| !(name.is_empty() && msg.is_empty()));
    }
    aliases.extend(table_aliases(spec, &defines, &table));
    Ok(table)
}

/// The codes a C table covers: from its base macro to its last-code macro, if it has one.
struct CodeRange {
    base: i64,
    last: Option<i64>,
}

impl CodeRange {
    fn contains(&self, code: i64) -> bool {
        code >= self.base && self.last.is_none_or(|l| code <= l)
    }
}

fn code_range(tree: &Path, spec: &CTable, defines: &[Define]) -> Result<CodeRange, ImportError> {
    let number = |name: &str| {
        defines
            .iter()
            .find(|d| d.name == name)
            .and_then(|d| match d.value {
                DefineValue::Number(n) => Some(n),
                DefineValue::Symbol(_) => None,
            })
            .ok_or_else(|| invalid(tree, spec.header, format!("no numeric {name}")))
    };
    Ok(CodeRange {
        base: number(spec.base)?,
        last: spec.last.map(number).transpose()?,
    })
}

/// Each element of the array at its code (base + position), without names yet. Elements
/// past the last code must be the empty terminator.
fn messages_by_slot(
    tree: &Path,
    spec: &CTable,
    range: &CodeRange,
) -> Result<CodeTable, ImportError> {
    let elements = csource::string_array(
        &tree.join(spec.source).display().to_string(),
        &read(tree, spec.source)?,
        spec.array,
    )?;
    let mut table = CodeTable::new();
    for (i, e) in elements.iter().enumerate() {
        let code = range.base + i as i64;
        if range.contains(code) {
            table.insert(code, (String::new(), e.text.clone()));
        } else if !e.text.is_empty() {
            return Err(invalid(
                tree,
                spec.source,
                format!(
                    "line {}: element for code {code} is past the last code",
                    e.line
                ),
            ));
        }
    }
    Ok(table)
}

/// The `#define`s that may name this table's errors: the prefix, and not a range marker.
fn name_defines<'a>(spec: &'a CTable, defines: &'a [Define]) -> impl Iterator<Item = &'a Define> {
    defines
        .iter()
        .filter(|d| d.name.starts_with(spec.prefix) && !spec.markers.contains(&d.name.as_str()))
}

/// Gives each slot the first `#define` whose value is its code (only those between the
/// base and last markers, where the table says so).
fn name_slots(spec: &CTable, defines: &[Define], range: &CodeRange, table: &mut CodeTable) {
    let line_of = |name: &str| defines.iter().find(|d| d.name == name).map(|d| d.line);
    let window = match (
        spec.names_between_markers,
        line_of(spec.base),
        spec.last.and_then(line_of),
    ) {
        (true, Some(first), Some(last)) => first..=last,
        _ => 0..=usize::MAX,
    };
    for d in name_defines(spec, defines).filter(|d| window.contains(&d.line)) {
        if let DefineValue::Number(n) = d.value
            && range.contains(n)
        {
            let slot = table
                .entry(n)
                .or_insert_with(|| (String::new(), String::new()));
            if slot.0.is_empty() {
                slot.0 = d.name.clone();
            }
        }
    }
}

/// `#define ALIAS NAME` rows, where NAME is one of this table's errors.
fn table_aliases(spec: &CTable, defines: &[Define], table: &CodeTable) -> Vec<Vec<String>> {
    name_defines(spec, defines)
        .filter_map(|d| match &d.value {
            DefineValue::Symbol(target) if table.values().any(|(name, _)| name == target) => {
                Some(vec![d.name.clone(), target.clone()])
            }
            _ => None,
        })
        .collect()
}

/// perror's built-in Berkeley DB table, kept by upstream as a TSV: `code name message`.
pub fn import_bdb(path: &Path) -> Result<String, ImportError> {
    let text = fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let header = ["code", "name", "message"];
    let records = tsv::parse(&path.display().to_string(), &text, &header).map_err(|e| {
        ImportError::Invalid {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    })?;
    for r in &records {
        if r.get(0).parse::<i32>().is_err() {
            return Err(ImportError::Invalid {
                path: path.to_path_buf(),
                reason: format!("line {}: bad code {:?}", r.line, r.get(0)),
            });
        }
    }
    Ok(tsv::render(
        &header,
        records.iter().map(|r| r.fields.clone()),
    ))
}
