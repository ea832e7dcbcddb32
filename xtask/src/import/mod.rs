//! The importer: a MariaDB source tree in, the `data/` tables of one flavor out.
//!
//! `tables(tree)` reads the upstream files and returns every data file of the flavor as
//! (file name, contents); `cargo xtask import` writes them, `cargo xtask import --check`
//! compares them with what is committed.

pub mod csource;
pub mod errmsg;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use crate::tsv;
use csource::{CError, DefineValue};

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
    /// `mariadb-<major>.<minor>`, from VERSION.
    pub name: String,
    pub version: String,
    /// (file name inside `data/<name>/`, contents), in a fixed order.
    pub files: Vec<(&'static str, String)>,
    /// Things worth a look that do not stop the import.
    pub warnings: Vec<String>,
}

/// The upstream files a flavor is built from, relative to the tree.
pub const SOURCES: [&str; 8] = [
    "VERSION",
    "sql/share/errmsg-utf8.txt",
    "include/my_base.h",
    "include/my_handler_errors.h",
    "libmariadb/include/errmsg.h",
    "libmariadb/libmariadb/ma_errmsg.c",
    "include/mysys_err.h",
    "mysys/errors.c",
];

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

/// Reads `MYSQL_VERSION_MAJOR=…` style lines.
fn version(tree: &Path) -> Result<(String, String), ImportError> {
    let text = read(tree, "VERSION")?;
    let vars: HashMap<&str, &str> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let get = |k: &str| {
        vars.get(k)
            .copied()
            .ok_or_else(|| invalid(tree, "VERSION", format!("no {k}")))
    };
    let (major, minor, patch) = (
        get("MYSQL_VERSION_MAJOR")?,
        get("MYSQL_VERSION_MINOR")?,
        get("MYSQL_VERSION_PATCH")?,
    );
    Ok((
        format!("mariadb-{major}.{minor}"),
        format!("{major}.{minor}.{patch}"),
    ))
}

/// A code-indexed table (handler, client or global errors) before rendering.
type CodeTable = BTreeMap<i64, (String, String)>;

pub fn import_tree(tree: &Path) -> Result<Flavor, ImportError> {
    let (name, version) = version(tree)?;
    let mut warnings = Vec::new();

    let errmsg_rel = SOURCES[1];
    let parsed = errmsg::parse(&read(tree, errmsg_rel)?).map_err(|source| ImportError::Errmsg {
        path: tree.join(errmsg_rel),
        source,
    })?;
    let default = parsed.default_language.clone();

    let mut server = Vec::new();
    let mut translations = Vec::new();
    for e in &parsed.errors {
        let english = match e.text(&default) {
            Some(t) => t.to_string(),
            None => {
                warnings.push(format!(
                    "{}/{errmsg_rel}:{}: {} has no {default} text",
                    tree.display(),
                    e.line,
                    e.name
                ));
                String::new()
            }
        };
        server.push(vec![
            e.code.to_string(),
            e.name.clone(),
            // comp_err gives an error without a SQLSTATE the generic one.
            e.sqlstate.clone().unwrap_or_else(|| "HY000".to_string()),
            e.odbc_state.clone().unwrap_or_default(),
            english,
        ]);
        for (lang, text) in e.texts.iter().filter(|(l, _)| *l != default) {
            // comp_err only builds the languages the header declares; a text in any other
            // (10.11.18 has one `fin` line) never reaches a server, so it is left out.
            if !parsed.languages.iter().any(|l| l.code == *lang) {
                warnings.push(format!(
                    "{}/{errmsg_rel}: {} has a text in undeclared language {lang:?}; left out",
                    tree.display(),
                    e.name
                ));
                continue;
            }
            translations.push(vec![e.code.to_string(), lang.clone(), text.clone()]);
        }
    }
    let languages: Vec<Vec<String>> = parsed
        .languages
        .iter()
        .map(|l| vec![l.code.clone(), l.name.clone()])
        .collect();

    let mut aliases = Vec::new();
    let handler = c_table(
        tree,
        CTable {
            header: "include/my_base.h",
            source: "include/my_handler_errors.h",
            array: "handler_error_messages",
            base: "HA_ERR_FIRST",
            last: Some("HA_ERR_LAST"),
            prefix: "HA_",
            markers: &["HA_ERR_FIRST", "HA_ERR_LAST", "HA_ERR_ERRORS"],
            names_between_markers: true,
        },
        &mut aliases,
    )?;
    let mut client = c_table(
        tree,
        CTable {
            header: "libmariadb/include/errmsg.h",
            source: "libmariadb/libmariadb/ma_errmsg.c",
            array: "client_errors",
            base: "CR_MIN_ERROR",
            last: Some("CR_MAX_ERROR"),
            prefix: "CR_",
            markers: &["CR_MIN_ERROR", "CR_MAX_ERROR", "CR_MYSQL_LAST_ERROR"],
            names_between_markers: false,
        },
        &mut aliases,
    )?;
    client.extend(c_table(
        tree,
        CTable {
            header: "libmariadb/include/errmsg.h",
            source: "libmariadb/libmariadb/ma_errmsg.c",
            array: "mariadb_client_errors",
            base: "CER_MIN_ERROR",
            last: Some("CER_MAX_ERROR"),
            prefix: "CR_",
            markers: &["CER_MIN_ERROR", "CER_MAX_ERROR", "CR_MARIADB_LAST_ERROR"],
            names_between_markers: false,
        },
        &mut aliases,
    )?);
    let global = c_table(
        tree,
        CTable {
            header: "include/mysys_err.h",
            source: "mysys/errors.c",
            array: "globerrs",
            base: "EE_ERROR_FIRST",
            last: Some("EE_ERROR_LAST"),
            prefix: "EE_",
            markers: &["EE_ERROR_FIRST", "EE_ERROR_LAST"],
            names_between_markers: false,
        },
        &mut aliases,
    )?;
    aliases.sort();
    aliases.dedup();

    let code_rows = |t: &CodeTable| -> Vec<Vec<String>> {
        t.iter()
            .map(|(code, (name, msg))| vec![code.to_string(), name.clone(), msg.clone()])
            .collect()
    };
    let mut provenance = vec![vec!["upstream_version".to_string(), version.clone()]];
    provenance.extend(
        SOURCES
            .iter()
            .map(|s| vec!["source".to_string(), s.to_string()]),
    );

    let files = vec![
        (
            "provenance.tsv",
            tsv::render(&["key", "value"], &provenance),
        ),
        ("languages.tsv", tsv::render(&["code", "name"], &languages)),
        (
            "server.tsv",
            tsv::render(
                &["code", "name", "sqlstate", "odbc_state", "message"],
                &server,
            ),
        ),
        (
            "server-translations.tsv",
            tsv::render(&["code", "lang", "message"], &translations),
        ),
        (
            "handler.tsv",
            tsv::render(&["code", "name", "message"], code_rows(&handler)),
        ),
        (
            "client.tsv",
            tsv::render(&["code", "name", "message"], code_rows(&client)),
        ),
        (
            "global.tsv",
            tsv::render(&["code", "name", "message"], code_rows(&global)),
        ),
        ("aliases.tsv", tsv::render(&["alias", "name"], &aliases)),
    ];
    Ok(Flavor {
        name,
        version,
        files,
        warnings,
    })
}

/// Where one C table lives and how its codes and names are found.
struct CTable {
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
}

/// Builds code → (name, message) from a message array and the `#define`s that name its
/// slots. Empty slots without a name are gaps; the array's final `""` is a terminator.
/// `#define A B` aliases of names in this table are appended to `aliases`.
fn c_table(
    tree: &Path,
    spec: CTable,
    aliases: &mut Vec<Vec<String>>,
) -> Result<CodeTable, ImportError> {
    let defines = csource::defines(&read(tree, spec.header)?);
    let number = |name: &str| {
        defines
            .iter()
            .find(|d| d.name == name)
            .and_then(|d| match d.value {
                DefineValue::Number(n) => Some(n),
                DefineValue::Symbol(_) => None,
            })
    };
    let base = number(spec.base)
        .ok_or_else(|| invalid(tree, spec.header, format!("no numeric {}", spec.base)))?;
    let last = match spec.last {
        Some(l) => {
            Some(number(l).ok_or_else(|| invalid(tree, spec.header, format!("no numeric {l}")))?)
        }
        None => None,
    };
    let elements = csource::string_array(
        &tree.join(spec.source).display().to_string(),
        &read(tree, spec.source)?,
        spec.array,
    )?;

    let mut table = CodeTable::new();
    for (i, e) in elements.iter().enumerate() {
        let code = base + i as i64;
        if last.is_some_and(|l| code > l) {
            if !e.text.is_empty() {
                return Err(invalid(
                    tree,
                    spec.source,
                    format!(
                        "line {}: element for code {code} is past the last code",
                        e.line
                    ),
                ));
            }
            continue;
        }
        table.insert(code, (String::new(), e.text.clone()));
    }
    let in_range = |n: i64| n >= base && last.is_none_or(|l| n <= l);
    let line_of = |name: &str| defines.iter().find(|d| d.name == name).map(|d| d.line);
    let window = match (
        spec.names_between_markers,
        line_of(spec.base),
        spec.last.and_then(line_of),
    ) {
        (true, Some(first), Some(last)) => first..=last,
        _ => 0..=usize::MAX,
    };
    let candidates = defines
        .iter()
        .filter(|d| d.name.starts_with(spec.prefix) && !spec.markers.contains(&d.name.as_str()));
    for d in candidates.clone().filter(|d| window.contains(&d.line)) {
        if let DefineValue::Number(n) = d.value
            && in_range(n)
        {
            let slot = table
                .entry(n)
                .or_insert_with(|| (String::new(), String::new()));
            if slot.0.is_empty() {
                slot.0 = d.name.clone();
            }
        }
    }
    table.retain(|_, (name, msg)| !(name.is_empty() && msg.is_empty()));
    // `#define ALIAS NAME` counts only when NAME is one of this table's errors.
    for d in candidates {
        if let DefineValue::Symbol(target) = &d.value
            && table.values().any(|(name, _)| name == target)
        {
            aliases.push(vec![d.name.clone(), target.clone()]);
        }
    }
    Ok(table)
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
