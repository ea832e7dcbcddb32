//! Every write-up of data/explain/ against the real servers it can be shown under.
//!
//! `data/servers/<flavor>/` is what the real MariaDB and MySQL servers of each flavor
//! answer about themselves (copied from `../shared/servers/`, which says how it was
//! dumped). A write-up names system and status variables, privileges, system tables and
//! plugins in backticks; each such name must exist in every flavor the write-up is shown
//! under, each stated default must be the server's, each write-up cites the official
//! pages of its product, and advice that can lose data or stop a server says what it
//! costs (`Risk:`). The writing rules are in data/explain/README.md.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use perror_build::model::{Product, parse_front, resolve};

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// What one real server knows by name, all in lower case but privileges (upper case,
/// `_` read as a space: MariaDB's `Connection admin` is MySQL's `CONNECTION_ADMIN`).
#[derive(Default)]
struct Server {
    name: String,
    product: Option<Product>,
    /// Variable → its default.
    variables: BTreeMap<String, String>,
    status: BTreeSet<String>,
    privileges: BTreeSet<String>,
    /// `schema.table`.
    tables: BTreeSet<String>,
    plugins: BTreeSet<String>,
    /// `None` where the dump has no INNODB_METRICS list (MariaDB's).
    metrics: Option<BTreeSet<String>>,
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn privilege_key(text: &str) -> String {
    text.trim().to_ascii_uppercase().replace('_', " ")
}

impl Server {
    fn load(name: &str) -> Server {
        let dir = data().join("servers").join(name);
        assert!(dir.is_dir(), "{} is missing", dir.display());
        let first = |file: &str| -> BTreeSet<String> {
            rows(&dir.join(file))
                .into_iter()
                .map(|r| r[0].to_ascii_lowercase())
                .collect()
        };
        let metrics_file = dir.join("innodb-metrics.tsv");
        Server {
            name: name.to_string(),
            product: Some(if name.starts_with("mysql") {
                Product::MySql
            } else {
                Product::MariaDb
            }),
            variables: rows(&dir.join("variables.tsv"))
                .into_iter()
                .map(|r| {
                    (
                        r[0].to_ascii_lowercase(),
                        r.get(2).cloned().unwrap_or_default(),
                    )
                })
                .collect(),
            status: first("status.tsv"),
            privileges: rows(&dir.join("privileges.tsv"))
                .into_iter()
                .map(|r| privilege_key(&r[0]))
                .collect(),
            tables: rows(&dir.join("tables.tsv"))
                .into_iter()
                .map(|r| format!("{}.{}", r[0], r[1]).to_ascii_lowercase())
                .collect(),
            plugins: first("plugins.tsv")
                .into_iter()
                .chain(first("installable-plugins.tsv"))
                .collect(),
            metrics: metrics_file.exists().then(|| first("innodb-metrics.tsv")),
        }
    }

    /// Every name of every server, for telling a server name from an ordinary word.
    fn union(servers: &[Server]) -> Server {
        let mut all = Server::default();
        for s in servers {
            all.variables.extend(s.variables.clone());
            all.status.extend(s.status.iter().cloned());
            all.privileges.extend(s.privileges.iter().cloned());
            all.tables.extend(s.tables.iter().cloned());
            all.plugins.extend(s.plugins.iter().cloned());
            if let Some(m) = &s.metrics {
                all.metrics
                    .get_or_insert_default()
                    .extend(m.iter().cloned());
            }
        }
        all
    }

    /// A variable, status variable or INNODB_METRICS counter of this server.
    fn knows_word(&self, word: &str) -> bool {
        self.variables.contains_key(word)
            || self.status.contains(word)
            || self.metrics.as_ref().is_some_and(|m| m.contains(word))
    }
}

const SCHEMAS: [&str; 4] = ["information_schema", "performance_schema", "sys", "mysql"];

/// Identifier-like tokens of a backtick span, with the byte before each (a token after
/// `/`, `-`, `.` or `$` is part of a path, an option or a shell word, not a name).
fn tokens(span: &str) -> Vec<(Option<u8>, &str)> {
    let bytes = span.as_bytes();
    let is_start = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let is_part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_start(bytes[i]) && (i == 0 || !is_part(bytes[i - 1])) {
            let start = i;
            loop {
                while i < bytes.len() && is_part(bytes[i]) {
                    i += 1;
                }
                if i + 1 < bytes.len() && bytes[i] == b'.' && is_start(bytes[i + 1]) {
                    i += 1;
                    continue;
                }
                break;
            }
            let before = start.checked_sub(1).map(|b| bytes[b]);
            out.push((before, &span[start..i]));
        } else {
            i += 1;
        }
    }
    out
}

/// The backtick spans of a line.
fn spans(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

/// `snake_case` or `Mixed_case`: shaped like a variable or status variable.
fn looks_like_a_name(word: &str) -> bool {
    word.contains('_')
        && !word.starts_with('_')
        && !word.ends_with('_')
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && (word.chars().all(|c| !c.is_ascii_uppercase())
            || (word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && word[1..].chars().any(|c| c.is_ascii_lowercase())))
}

/// A size as the servers print it: `16M` is 16777216.
fn normalise_value(value: &str) -> String {
    let v = value.trim();
    let (digits, unit) = v.split_at(v.len().saturating_sub(1));
    let factor = match unit {
        "K" | "k" => 1u64 << 10,
        "M" | "m" => 1 << 20,
        "G" | "g" => 1 << 30,
        _ => 1,
    };
    match (factor, digits.parse::<u64>()) {
        (f, Ok(n)) if f > 1 => (n * f).to_string(),
        _ => v.to_ascii_lowercase(),
    }
}

/// Advice that can lose data or stop a server; a bullet with it says `Risk:`.
const DANGEROUS: &[&str] = &[
    "innodb_force_recovery = 4",
    "innodb_force_recovery = 5",
    "innodb_force_recovery = 6",
    "innodb_force_recovery=4",
    "innodb_force_recovery=5",
    "innodb_force_recovery=6",
    "reset slave",
    "reset replica",
    "reset master",
    "reset binary logs",
    "sql_slave_skip_counter",
    "sql_replica_skip_counter",
    "slave_skip_errors",
    "replica_skip_errors",
    "skip-grant-tables",
    "use_frm",
    "discard tablespace",
    "lower_case_table_names",
    "innodb_page_size",
    "foreign_key_checks = 0",
    "foreign_key_checks=0",
    "safe_to_bootstrap",
    "wsrep-new-cluster",
    "galera_new_cluster",
    "ib_logfile",
    "rm -",
    "rm /",
];

struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, file: &str, line: usize, flavor: &str, what: String) {
        self.0
            .push(format!("data/explain/{file}:{line}: {flavor}: {what}"));
    }
}

/// A write-up's text as logical lines: (file line, section, text), bullets joined.
fn logical_lines(body: &str, first_line: usize) -> Vec<(usize, &'static str, String)> {
    let mut out: Vec<(usize, &'static str, String)> = Vec::new();
    let mut section = "summary";
    for (i, line) in body.lines().enumerate() {
        let n = first_line + i;
        if let Some(title) = line.strip_prefix("## ") {
            section = match title {
                "Possible causes" => "causes",
                "Finding out more" => "find_out",
                _ => "fix",
            };
        } else if let Some(more) = line.strip_prefix("  ") {
            if let Some(last) = out.last_mut() {
                last.2.push(' ');
                last.2.push_str(more.trim_start());
            }
        } else if !line.is_empty() {
            out.push((n, section, line.trim_start_matches("- ").to_string()));
        }
    }
    out
}

/// Every name in `text`'s backtick spans against `server`; the names of `absent` (the
/// write-up says they are missing) are not required to exist.
fn check_line(
    p: &mut Problems,
    (file, n, flavor): (&str, usize, &str),
    text: &str,
    server: &Server,
    all: &Server,
    allowed: &BTreeSet<String>,
    absent: &[String],
) {
    let is_absent = |t: &str| absent.iter().any(|a| a.eq_ignore_ascii_case(t.trim()));
    for span in spans(text) {
        let whole = privilege_key(span);
        if all.privileges.contains(&whole) && !server.privileges.contains(&whole) {
            p.add(
                file,
                n,
                flavor,
                format!("privilege `{span}` is not the server's"),
            );
        }
        if let Some(grant) = span.strip_prefix("GRANT ")
            && let Some((list, _)) = grant.split_once(" ON ")
        {
            // Column lists (`SELECT (id, name)`) are not privileges.
            let mut bare = String::new();
            let mut depth = 0;
            for c in list.chars() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ if depth == 0 => bare.push(c),
                    _ => {}
                }
            }
            for privilege in bare.split(',').map(privilege_key) {
                let any = ["ALL", "ALL PRIVILEGES", "GRANT OPTION"].contains(&privilege.as_str());
                if !any && !server.privileges.contains(&privilege) {
                    p.add(
                        file,
                        n,
                        flavor,
                        format!("privilege {privilege} is not the server's"),
                    );
                }
            }
        }
        let single = span.trim().to_ascii_lowercase();
        if all.plugins.contains(&single) && !server.plugins.contains(&single) && !is_absent(span) {
            p.add(
                file,
                n,
                flavor,
                format!("plugin `{span}` is not the server's"),
            );
        }
        for (before, token) in tokens(span) {
            if matches!(before, Some(b'/' | b'-' | b'.' | b'$' | b'@' | b'<')) || is_absent(token) {
                continue;
            }
            let lower = token.to_ascii_lowercase();
            if let Some((schema, table)) = lower.split_once('.') {
                // 'mysql.sys'@'localhost' is an account, mysql.ibd a file.
                let not_tables = [
                    "ibd",
                    "frm",
                    "sock",
                    "cnf",
                    "err",
                    "log",
                    "pid",
                    "sys",
                    "session",
                    "infoschema",
                ];
                if before == Some(b'\'') || not_tables.contains(&table) {
                    continue;
                }
                // A schema the server's dump lists no table of was not dumped (MariaDB's
                // performance_schema is off by default; its mysql and sys tables are not
                // in the dump): such a table cannot be checked there.
                let dumped = server
                    .tables
                    .iter()
                    .any(|t| t.starts_with(&format!("{schema}.")));
                let known = server.tables.contains(&lower) || allowed.contains(token);
                if SCHEMAS.contains(&schema) && !table.contains('.') && dumped && !known {
                    p.add(
                        file,
                        n,
                        flavor,
                        format!("table {token} is not the server's"),
                    );
                }
                continue;
            }
            if looks_like_a_name(token) && all.plugins.contains(&lower) {
                if !server.plugins.contains(&lower) && !allowed.contains(token) {
                    p.add(
                        file,
                        n,
                        flavor,
                        format!("plugin `{token}` is not the server's"),
                    );
                }
            } else if all.knows_word(&lower) {
                let unknowable = server.metrics.is_none()
                    && all.metrics.as_ref().is_some_and(|m| m.contains(&lower))
                    && !all.variables.contains_key(&lower)
                    && !all.status.contains(&lower);
                if !server.knows_word(&lower) && !unknowable {
                    p.add(
                        file,
                        n,
                        flavor,
                        format!(
                            "`{token}` is not a variable, status variable or metric of the server"
                        ),
                    );
                }
            } else if looks_like_a_name(token)
                && !all.tables.iter().any(|t| t.ends_with(&format!(".{lower}")))
                && !allowed.contains(token)
            {
                p.add(
                    file,
                    n,
                    flavor,
                    format!("`{token}` is no server's name (a typo, or a word for data/explain/not-server-names.txt)"),
                );
            }
        }
    }
}

fn check_defaults(
    p: &mut Problems,
    file: &str,
    flavor: &str,
    server: &Server,
    front: &perror_build::model::FrontMatter,
    lines: &[(usize, &'static str, String)],
) {
    for d in &front.defaults {
        let Some(actual) = server.variables.get(&d.variable.to_ascii_lowercase()) else {
            p.add(
                file,
                d.line,
                flavor,
                format!("default of `{}`: no such variable", d.variable),
            );
            continue;
        };
        let ok = if d.contains {
            actual
                .to_ascii_lowercase()
                .split(',')
                .any(|part| part == d.value.to_ascii_lowercase())
        } else {
            normalise_value(actual) == normalise_value(&d.value)
        };
        if !ok {
            p.add(
                file,
                d.line,
                flavor,
                format!("`{}` defaults to {actual:?}, not {:?}", d.variable, d.value),
            );
        }
    }
    // A line that says "default" beside a variable states its default: it is listed.
    for (n, _, text) in lines {
        let prose: String = text.split('`').step_by(2).collect();
        if !prose
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w == "default" || w == "defaults")
        {
            continue;
        }
        for span in spans(text) {
            for (_, token) in tokens(span) {
                let lower = token.to_ascii_lowercase();
                let listed = front
                    .defaults
                    .iter()
                    .any(|d| d.variable.eq_ignore_ascii_case(token));
                if server.variables.contains_key(&lower) && lower.contains('_') && !listed {
                    p.add(
                        file,
                        *n,
                        flavor,
                        format!("states a default beside `{token}`: list it under defaults:"),
                    );
                }
            }
        }
    }
}

#[test]
fn write_ups_name_only_what_their_servers_have() {
    let servers: Vec<Server> = ["mariadb-11.8", "mariadb-10.11", "mysql-9.7"]
        .map(Server::load)
        .into();
    let all = Server::union(&servers);
    let allowed: BTreeSet<String> = fs::read_to_string(data().join("explain/not-server-names.txt"))
        .expect("data/explain/not-server-names.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split_whitespace().map(str::to_string))
        .collect();
    let mut problems = Problems(Vec::new());
    let mut checked: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut files: Vec<_> = fs::read_dir(data().join("explain"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    files.sort();
    for file in &files {
        let text = fs::read_to_string(data().join("explain").join(file)).unwrap();
        if text.starts_with("see: ") {
            continue;
        }
        let (front, body, first) = parse_front(&text).expect("the build checks the format");
        let product = file
            .trim_end_matches(".md")
            .rsplit_once('.')
            .map(|(_, family)| family);
        let kind = file.split('-').next().unwrap_or_default();
        let shown: Vec<&Server> = servers
            .iter()
            .filter(|s| product.is_none_or(|f| s.product.is_some_and(|p| p.as_str() == f)))
            .filter(|s| front.flavors.is_empty() || front.flavors.contains(&s.name))
            .collect();
        let cites = |host: &str| front.sources.iter().any(|u| u.starts_with(host));
        let needs_product_sources = !matches!(kind, "os" | "innodb" | "global");
        for s in &shown {
            let product = s.product.expect("every server has a product");
            let (host, whose) = match product {
                Product::MariaDb => ("https://mariadb.com/", "MariaDB documentation"),
                Product::MySql => ("https://dev.mysql.com/", "MySQL manual"),
            };
            if needs_product_sources && !cites(host) {
                problems.add(file, 1, &s.name, format!("sources: no page of the {whose}"));
            }
            let lines: Vec<(usize, &'static str, String)> = logical_lines(body, first)
                .into_iter()
                .map(|(n, section, t)| (n, section, resolve(&t, product)))
                .collect();
            for (n, section, text) in &lines {
                check_line(
                    &mut problems,
                    (file, *n, &s.name),
                    text,
                    s,
                    &all,
                    &allowed,
                    &front.absent,
                );
                let lower = text.to_ascii_lowercase();
                let danger = DANGEROUS.iter().find(|d| lower.contains(*d));
                if *section == "fix"
                    && let Some(d) = danger
                    && !text.contains("Risk:")
                {
                    problems.add(
                        file,
                        *n,
                        &s.name,
                        format!(
                            "advises {d:?} without saying `Risk:` (what it costs, what to do first)"
                        ),
                    );
                }
                for span in spans(text) {
                    for (_, t) in tokens(span) {
                        if s.knows_word(&t.to_ascii_lowercase())
                            || s.tables.contains(&t.to_ascii_lowercase())
                        {
                            checked
                                .entry(&s.name)
                                .or_default()
                                .insert(t.to_ascii_lowercase());
                        }
                    }
                }
            }
            check_defaults(&mut problems, file, &s.name, s, &front, &lines);
            for name in &front.absent {
                let lower = name.to_ascii_lowercase();
                if s.knows_word(&lower) || s.plugins.contains(&lower) || s.tables.contains(&lower) {
                    problems.add(file, 1, &s.name, format!("absent: {name} is the server's"));
                }
            }
        }
    }
    for (flavor, names) in &checked {
        println!("{flavor}: {} distinct server names verified", names.len());
    }
    assert!(
        problems.0.is_empty(),
        "{} problems:\n{}",
        problems.0.len(),
        problems.0.join("\n")
    );
}

#[test]
fn the_checker_catches_what_the_review_found() {
    let mysql = Server::load("mysql-9.7");
    let mariadb = Server::load("mariadb-10.11");
    let all = Server::union(&[
        Server::load("mariadb-11.8"),
        Server::load("mariadb-10.11"),
        Server::load("mysql-9.7"),
    ]);
    let none = BTreeSet::new();
    let run = |server: &Server, line: &str| {
        let mut p = Problems(Vec::new());
        check_line(
            &mut p,
            ("x.md", 3, &server.name),
            line,
            server,
            &all,
            &none,
            &[],
        );
        p.0
    };
    for line in [
        "`SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks';` shows how often.",
        "set `log_warnings` to 3",
        "`information_schema.INNODB_LOCK_WAITS` pairs waiters",
        "the server variable `tcp_keepalive_time`",
        "lacks the `READ_ONLY ADMIN` privilege",
        "`Aria` tables",
    ] {
        assert_eq!(run(&mysql, line).len(), 1, "{line}");
    }
    assert_eq!(
        run(&mysql, "`SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks';`"),
        [
            "data/explain/x.md:3: mysql-9.7: `Innodb_deadlocks` is not a variable, status variable or metric of the server"
        ]
    );
    // MariaDB 10.11 has no Max_used_connections_time (11.0.2 added it).
    assert_eq!(run(&mariadb, "`Max_used_connections_time`").len(), 1);
    // MariaDB's dump has no performance_schema tables (it is off by default): not checked
    // there; information_schema is.
    assert!(run(&mariadb, "`performance_schema.data_lock_waits`").is_empty());
    assert_eq!(
        run(&mysql, "`information_schema.INNODB_SYS_TABLES`").len(),
        1
    );
    assert!(run(&mariadb, "`information_schema.INNODB_SYS_TABLES`").is_empty());
    assert!(
        run(
            &mysql,
            "`performance_schema.data_lock_waits` and `sys.innodb_lock_waits`"
        )
        .is_empty()
    );
    // Paths, options and invented names.
    assert!(run(&mysql, "`/var/lib/mysql/mysql.sock` and `--read-only`").is_empty());
    assert_eq!(run(&mysql, "`innodb_lock_wait_timout`").len(), 1);
    assert_eq!(normalise_value("16M"), "16777216");
}
