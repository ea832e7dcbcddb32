//! What perror answers beyond the originals (MariaDB's and MySQL's perror): names, MY-
//! codes, SQLSTATEs, client codes, --json, --explain, --list, --grep and --lang, through
//! the real binary; and that these additions answer only what the flavor's original
//! rejects or misreads (for every code it knows, the answer is exactly its answer, which
//! the golden files check byte for byte).
//!
//! A new test goes here when it is about an answer perror gives and the original does
//! not: a new kind of argument, a new output mode or a new field.

use perror::catalog::{Flavor, Kind};
use perror::lookup::{matches, perror_matches};
use perror::rules::FlavorRules;
use serde_json::Value;

use crate::support::golden;
use crate::support::run_perror;

fn run(args: &[&str]) -> crate::support::Run {
    let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
    run_perror("mariadb-11.8", &args, false)
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(run(args).stdout).unwrap()
}

fn flavor() -> &'static Flavor {
    Flavor::find("mariadb-11.8").unwrap()
}

#[test]
fn every_kind_of_name_prints_what_its_code_prints() {
    for (name, code) in [
        ("ER_NET_READ_ERROR", "1158"),
        ("WARN_DATA_TRUNCATED", "1265"),
        ("HA_ERR_KEY_NOT_FOUND", "120"),
        ("ECONNRESET", "104"),
    ] {
        let (by_name, by_code) = (run(&[name]), run(&[code]));
        assert_eq!(by_name.status, 0, "{name}");
        assert_eq!(by_name.stdout, by_code.stdout, "{name} vs {code}");
    }
    assert_eq!(
        stdout(&["er_net_read_error"]),
        stdout(&["1158"]),
        "names are case-insensitive"
    );
}

/// `MY-nnnnnn` is MySQL's notation: under MariaDB it is MySQL's code, answered from
/// MySQL's tables in MySQL's words (3024 is MariaDB's ER_UNUSED_1, MySQL's
/// ER_QUERY_TIMEOUT), never `Illegal error code` for MySQL's error-log codes.
#[test]
fn my_codes_are_mysql_s_under_mariadb_too() {
    for (arg, code) in [
        ("MY-003024", "3024"),
        ("MY-10914", "10914"),
        ("my-1158", "1158"),
    ] {
        let ours = run(&[arg]);
        let mysql = run_in("mysql-9.7", &[code]);
        assert_eq!((ours.status, &ours.stdout), (0, &mysql.stdout), "{arg}");
        assert!(String::from_utf8_lossy(&ours.stdout).starts_with("MySQL error code MY-"));
    }
    let json: Value = serde_json::from_str(stdout(&["--json", "MY-3024"]).trim_end()).unwrap();
    assert_eq!(json["tables"], "mysql-9.7");
    assert_eq!(json["matches"][0]["name"], "ER_QUERY_TIMEOUT");
    assert_eq!(
        run(&["--skip-extensions", "MY-3024"]).stdout,
        run(&["0"]).stdout
    );
}

#[test]
fn client_global_and_bdb_names() {
    let cr = flavor().client.get(2013).unwrap();
    assert_eq!(
        stdout(&["CR_SERVER_LOST"]),
        format!(
            "MariaDB client error code 2013 (CR_SERVER_LOST): {}\n",
            cr.message()
        )
    );
    let ee = flavor().global.get(2).unwrap();
    assert_eq!(
        stdout(&["EE_READ"]),
        format!("MariaDB global error code 2 (EE_READ): {}\n", ee.message())
    );
    assert_eq!(stdout(&["-s", "EE_READ"]), format!("{}\n", ee.message()));
    assert_eq!(stdout(&["DB_NOTFOUND"]), stdout(&["--", "-30991"]));
}

#[test]
fn near_misses_suggest_and_fail() {
    let r = run(&["ER_NET_READ_EROR", "104"]);
    assert_eq!(r.status, 1);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.starts_with("Illegal error name: ER_NET_READ_EROR; did you mean ER_NET_READ_ERROR"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        stdout(&["104"]),
        "the other arguments still print"
    );
}

#[test]
fn sqlstate_prints_its_meaning_and_its_errors() {
    let out = stdout(&["08S01"]);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    let (_, state_meaning) = perror::catalog::sqlstate_meaning("08S01").unwrap();
    let (_, class_meaning) = perror::catalog::sqlstate_meaning("08").unwrap();
    assert_eq!(
        header,
        format!("SQLSTATE 08S01: {state_meaning} (class 08: {class_meaning})")
    );
    let listed: Vec<&str> = lines.collect();
    let carriers: Vec<_> = flavor()
        .server
        .rows()
        .iter()
        .filter(|e| e.sqlstate() == "08S01")
        .collect();
    assert_eq!(listed.len(), carriers.len());
    assert!(listed.contains(
        &"MariaDB error code 1158 (ER_NET_READ_ERROR): Got an error reading communication packets"
    ));
    // -s: just the codes, for scripts.
    let codes: Vec<String> = carriers.iter().map(|e| e.code.to_string()).collect();
    assert_eq!(stdout(&["-s", "08s01"]).lines().collect::<Vec<_>>(), codes);
}

#[test]
fn all_digit_sqlstates_only_where_perror_rejects_the_number() {
    assert!(stdout(&["23000"]).starts_with("SQLSTATE 23000"));
    assert_eq!(
        stdout(&["01000"]),
        stdout(&["1000"]),
        "1000 is a server error, so 01000 stays a number"
    );
}

#[test]
fn json_lines_parse_back() {
    let out = stdout(&[
        "--json", "104", "120", "1158", "2013", "EE_READ", "23000", "99999",
    ]);
    let objects: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 7, "one object per argument");
    let kinds = |v: &Value| {
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["kind"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&objects[0]), ["os"]);
    assert_eq!(objects[0]["matches"][0]["name"], "ECONNRESET");
    assert_eq!(kinds(&objects[1]), ["os", "handler"]);
    assert_eq!(objects[2]["matches"][0]["sqlstate"], "08S01");
    assert_eq!(
        objects[2]["matches"][0]["url"],
        "https://err.mariadb.com/1158"
    );
    assert_eq!(kinds(&objects[3]), ["client"]);
    assert_eq!(kinds(&objects[4]), ["global"]);
    assert_eq!(objects[5]["sqlstate"]["class"], "23");
    assert_eq!(objects[6]["error"], "Illegal error code: 99999");
    assert!(objects[0]["error"].is_null());
    assert_eq!(
        run(&["--json", "99999"]).status,
        1,
        "exit status as without --json"
    );
}

#[test]
fn explain_os_handler_server_and_client_codes() {
    let os = stdout(&["--explain", "104"]);
    assert!(os.starts_with("OS error 104 (ECONNRESET)\n"), "{os}");
    assert!(os.contains("\nPossible causes\n") && os.contains("\nFixing it\n"));
    let handler = stdout(&["--explain", "HA_ERR_LOCK_DEADLOCK"]);
    assert!(
        handler.contains("Storage engine error 149 (HA_ERR_LOCK_DEADLOCK)\n"),
        "{handler}"
    );
    let server = stdout(&["--explain", "1062"]);
    assert!(
        server.starts_with("Server error 1062 (ER_DUP_ENTRY)\n"),
        "{server}"
    );
    assert!(
        server.contains("  SQLSTATE    23000")
            && server.contains("  learn more  https://err.mariadb.com/1062")
    );
    let client = stdout(&["--explain", "2013"]);
    assert!(
        client.starts_with("Client library error 2013 (CR_SERVER_LOST)\n")
            && client.contains("\nFinding out more\n")
    );
}

#[test]
fn explain_links_shared_write_ups() {
    let a = stdout(&["--explain", "1159"]);
    let b = stdout(&["--explain", "1158"]);
    assert!(
        a.contains("write-up    shared with server error 1158"),
        "{a}"
    );
    let tail = |s: &str| s.split_once("\n\n").map(|(_, t)| t.to_string()).unwrap();
    assert_eq!(tail(&a), tail(&b));
}

#[test]
fn explain_json_carries_the_write_up() {
    let v: Value =
        serde_json::from_str(stdout(&["--explain", "--json", "1213"]).trim_end()).unwrap();
    let e = &v["matches"][0]["explanation"];
    assert_eq!(e["key"], "server-1213");
    assert!(!e["causes"].as_array().unwrap().is_empty());
}

#[test]
fn grep_finds_packets_errors() {
    let out = stdout(&["--grep", "packets"]);
    assert!(
        out.contains("(ER_NET_READ_ERROR)") && out.contains("(ER_NET_ERROR_ON_WRITE)"),
        "{out}"
    );
    assert_eq!(run(&["--grep=no such text anywhere"]).status, 1);
    let json = stdout(&["--grep=08S01", "--json"]);
    assert!(
        json.lines()
            .all(|l| serde_json::from_str::<Value>(l).unwrap()["sqlstate"] == "08S01")
    );
}

#[test]
fn list_every_code_or_one_kind() {
    let handler = stdout(&["--list=handler", "-s"]);
    assert_eq!(handler.lines().count(), flavor().handler.rows().len());
    let all = stdout(&["--list"]);
    for kind in Kind::ALL {
        let count = stdout(&["--json", &format!("--list={}", kind.as_str())])
            .lines()
            .count();
        assert!(count > 0, "{kind:?}");
    }
    assert!(all.contains("MariaDB global error code 2 (EE_READ)"));
}

/// The German text of 1158 as errmsg-utf8.txt gives it (data/ holds the imported copy).
fn german_1158() -> String {
    let tsv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/mariadb-11.8/server-translations.tsv"
    ))
    .unwrap();
    tsv.lines()
        .find_map(|l| l.strip_prefix("1158\tger\t"))
        .unwrap()
        .to_string()
}

#[test]
fn lang_by_code_name_and_locale() {
    let want = format!(
        "MariaDB error code 1158 (ER_NET_READ_ERROR): {}\nLearn more: https://err.mariadb.com/1158\n",
        german_1158()
    );
    assert_eq!(stdout(&["--lang", "ger", "1158"]), want);
    assert_eq!(stdout(&["--lang=german", "1158"]), want);
    assert_eq!(stdout(&["--lang=de_DE", "1158"]), want);
    assert_eq!(stdout(&["--lang=de", "1158"]), want);
}

#[test]
fn lang_falls_back_to_english_and_rejects_unknown() {
    // 1000 (hashchk) has no German text: the server shows English, and so do we.
    assert_eq!(stdout(&["--lang=ger", "1000"]), stdout(&["1000"]));
    let r = run(&["--lang=klingon", "1"]);
    assert_eq!(r.status, 2);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.starts_with("perror: unknown language 'klingon'; known languages: ")
            && err.contains("german (ger)"),
        "{err}"
    );
}

#[test]
fn an_unknown_lang_fails_every_mode_alike() {
    // `echo x | perror --annotate --lang=xxx` once read the log and exited 0.
    let lookup = run(&["--lang=xxx", "1158"]);
    let mut cmd = crate::support::perror_command();
    cmd.env("PERROR_FLAVOR", "mariadb-11.8")
        .args(["--annotate", "--lang=xxx"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("run perror");
    {
        use std::io::Write;
        // perror may exit before reading: a closed pipe here is fine.
        let _ = child.stdin.take().unwrap().write_all(b"x\n");
    }
    let annotate = child.wait_with_output().expect("wait");
    assert_eq!(lookup.status, 2);
    assert_eq!(crate::support::status_of(annotate.status), 2);
    assert_eq!(annotate.stderr, lookup.stderr);
    assert!(
        annotate.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&annotate.stdout)
    );
}

#[test]
fn additions_never_join_a_code_perror_knows() {
    for flavor in Flavor::all() {
        let codes = golden::coverage(flavor.name)
            .expect("every built flavor has a golden range")
            .codes
            .clone();
        assert!(*codes.end() >= 5200, "{}: {codes:?}", flavor.name);
        for code in codes {
            let original = perror_matches(flavor, code);
            let ours = matches(flavor, code);
            if original.is_empty() {
                assert!(
                    ours.iter().all(|m| m.kind() == Kind::Client),
                    "{}: {code}",
                    flavor.name
                );
            } else {
                assert_eq!(ours, original, "{}: {code}", flavor.name);
            }
        }
    }
}

#[test]
fn client_codes_in_both_modes() {
    let run = run_perror("mariadb-11.8", &[b"2013".to_vec(), b"5025".to_vec()], false);
    assert_eq!(run.status, 0);
    let client = Flavor::find("mariadb-11.8").unwrap().client;
    let (a, b) = (client.get(2013).unwrap(), client.get(5025).unwrap());
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        format!(
            "MariaDB client error code 2013 ({}): {}\nMariaDB client error code 5025 ({}): {}\n",
            a.name(),
            a.message(),
            b.name(),
            b.message()
        )
    );
    let silent = run_perror("mariadb-11.8", &[b"-s".to_vec(), b"2013".to_vec()], false);
    assert_eq!(
        String::from_utf8_lossy(&silent.stdout),
        format!("{}\n", a.message())
    );
}

#[test]
fn client_codes_follow_the_flavor() {
    // Connector/C gained 5025 after the one 10.11 ships.
    let run = run_perror("mariadb-10.11", &[b"5025".to_vec()], false);
    assert_eq!(
        (
            run.status,
            String::from_utf8_lossy(&run.stderr).into_owned()
        ),
        (1, "Illegal error code: 5025\n".to_string())
    );
}

#[test]
fn skip_extensions_is_the_original() {
    let run = run_perror(
        "mariadb-11.8",
        &[b"--skip-extensions".to_vec(), b"2013".to_vec()],
        false,
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "Illegal error code: 2013\n"
    );
}

/// One group of `--flavor=all`'s output: the flavors its heading names, and its lines
/// without their indent.
fn comparison_groups(out: &str, arg: &str) -> Vec<(Vec<String>, String)> {
    let mut groups: Vec<(Vec<String>, String)> = Vec::new();
    for line in out.split_inclusive('\n') {
        if let Some(body) = line.strip_prefix("    ") {
            groups.last_mut().expect("a heading first").1.push_str(body);
            continue;
        }
        let named = line
            .strip_prefix(arg)
            .and_then(|l| l.strip_prefix(" in "))
            .and_then(|l| l.strip_suffix(":\n"))
            .unwrap_or_else(|| panic!("not a heading: {line:?}"));
        let flavors = if named == "every flavor" {
            Flavor::all().iter().map(|f| f.name.to_string()).collect()
        } else {
            named.split(", ").map(str::to_string).collect()
        };
        groups.push((flavors, String::new()));
    }
    groups
}

/// `--flavor=all`: every flavor in exactly one group; a group prints what its first flavor
/// prints alone (its failure line included); two flavors share a group exactly when their
/// answers mean the same (same kinds, codes, names and texts in `--json`); and the run
/// fails only when no flavor knows the argument.
#[test]
fn every_flavor_answers_in_groups_that_agree() {
    let meaning = |flavor: &str, arg: &str| -> Vec<(Value, Value, Value, Value)> {
        let out = run_perror(
            flavor,
            &[b"--json".to_vec(), arg.as_bytes().to_vec()],
            false,
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .map(|m| {
                let f = |k: &str| m[k].clone();
                // The message as a meaning: its texts and the classes of its conversions,
                // however the flavor's printf spells them.
                let family = Flavor::find(flavor).unwrap().family();
                let message = m["message"].as_str().unwrap_or_default();
                let shape: Vec<String> = perror::printf::parse(message, family)
                    .iter()
                    .map(|p| match p {
                        perror::printf::Part::Text(t) => t.to_string(),
                        perror::printf::Part::Spec(s) => format!("{:?}", s.conversion.class()),
                    })
                    .collect();
                (
                    f("kind"),
                    f("code"),
                    f("name"),
                    Value::from(shape.join("\u{1}")),
                )
            })
            .collect()
    };
    let built: Vec<&str> = Flavor::all().iter().map(|f| f.name).collect();
    assert!(built.len() > 1, "comparing needs two flavors");
    for arg in [
        "1062",
        "1158",
        "3024",
        "120",
        "104",
        "2013",
        "ER_DUP_ENTRY",
        "08S01",
        "99999",
        "ER_NOPE",
    ] {
        let all = run(&["--flavor=all", arg]);
        let out = String::from_utf8(all.stdout).unwrap();
        assert!(all.stderr.is_empty(), "{arg}: {:?}", all.stderr);
        let groups = comparison_groups(&out, arg);
        let mut seen: Vec<&str> = groups
            .iter()
            .flat_map(|(f, _)| f.iter().map(String::as_str))
            .collect();
        seen.sort_unstable();
        let mut want = built.clone();
        want.sort_unstable();
        assert_eq!(seen, want, "{arg}: every flavor in exactly one group");
        for (flavors, body) in &groups {
            let alone = run_perror(&flavors[0], &[arg.as_bytes().to_vec()], false);
            let alone = [alone.stderr, alone.stdout].concat();
            // Then a note for each other flavor that spells the conversions otherwise.
            let (answer, notes): (Vec<&str>, Vec<&str>) = body
                .split_inclusive('\n')
                .partition(|l| !l.starts_with("note: "));
            assert_eq!(answer.concat().as_bytes(), alone, "{arg} in {}", flavors[0]);
            for note in notes {
                let other = note["note: ".len()..].split(' ').next().unwrap();
                assert!(flavors[1..].iter().any(|f| f == other), "{arg}: {note}");
                let theirs = run_perror(other, &[arg.as_bytes().to_vec()], false).stdout;
                assert_ne!(theirs, alone, "{arg}: a note only where the words differ");
            }
        }
        for a in &built {
            for b in &built {
                let together = groups
                    .iter()
                    .any(|(f, _)| f.iter().any(|x| x == a) && f.iter().any(|x| x == b));
                assert_eq!(
                    together,
                    meaning(a, arg) == meaning(b, arg),
                    "{arg}: {a} and {b}"
                );
            }
        }
        let known_somewhere = built
            .iter()
            .any(|f| run_perror(f, &[arg.as_bytes().to_vec()], false).status == 0);
        assert_eq!(all.status, if known_somewhere { 0 } else { 1 }, "{arg}");
    }
}

#[test]
fn every_flavor_is_for_lookups_only() {
    for mode in ["--list", "--explain", "--grep=packet", "--annotate"] {
        let r = run(&["--flavor=all", mode, "1158"]);
        assert_eq!(r.status, 2, "{mode}");
        let err = String::from_utf8(r.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{mode}: {err}");
        assert!(err.contains("'all' for --flavor"), "{mode}: {err}");
    }
}

// MySQL 9.7: the same additions, never in place of what MySQL's perror reads itself.

fn mysql() -> &'static Flavor {
    Flavor::find("mysql-9.7").expect("data/flavors.tsv builds mysql-9.7")
}

fn run_in(flavor: &str, args: &[&str]) -> crate::support::Run {
    let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
    run_perror(flavor, &args, false)
}

/// For every flavor whose original reads `ER_NAME` and `MY-…` itself: every server error's
/// name and every code in both MY- spellings print with our additions exactly what they
/// print without them.
#[test]
fn what_the_original_reads_natively_reads_the_same_with_extensions() {
    let mut checked = 0;
    for flavor in Flavor::all() {
        let forms = &flavor.rules().native_forms;
        let mut args: Vec<String> = Vec::new();
        if forms.er_names {
            args.extend(
                flavor
                    .server
                    .rows()
                    .iter()
                    .filter(|e| e.name().starts_with("ER_"))
                    .map(|e| e.name().to_string()),
            );
        }
        if forms.my_prefix {
            for e in flavor.server.rows() {
                args.push(format!("MY-{:06}", e.code));
                args.push(format!("MY-{}", e.code));
            }
            args.extend(["MY-1", "MY-120", "MY-0", "MY-abc", "MY-+1062"].map(String::from));
        }
        if args.is_empty() {
            continue;
        }
        checked += 1;
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let ours = run_in(flavor.name, &args);
        let mut original_args = vec!["--skip-extensions"];
        original_args.extend(&args);
        let original = run_in(flavor.name, &original_args);
        assert_eq!(ours.status, original.status, "{}", flavor.name);
        assert!(ours.stdout == original.stdout, "{}", flavor.name);
        assert_eq!(ours.stderr, original.stderr, "{}", flavor.name);
        // And they name what their code names.
        let first = flavor
            .server
            .rows()
            .iter()
            .find(|e| e.name().starts_with("ER_"))
            .unwrap();
        assert_eq!(
            run_in(flavor.name, &[first.name()]).stdout,
            run_in(flavor.name, &[&first.code.to_string()]).stdout
        );
    }
    assert!(checked > 0, "no built flavor reads ER_/MY- itself");
}

#[test]
fn mysql_misread_names_are_looked_up_only_with_extensions() {
    let success = format!(
        "OS error code   0:  {}\n",
        perror::os_error::message(0).unwrap()
    );
    let dup = String::from_utf8(run_in("mysql-9.7", &["1062"]).stdout).unwrap();
    for arg in ["er_dup_entry", "my-1062", "Er_DUP_ENTRY"] {
        let original = run_in("mysql-9.7", &["--skip-extensions", arg]);
        assert_eq!(String::from_utf8_lossy(&original.stdout), success, "{arg}");
        assert_eq!(original.status, 0);
        let ours = run_in("mysql-9.7", &[arg]);
        assert_eq!(String::from_utf8_lossy(&ours.stdout), dup, "{arg}");
    }
    // An ER_ name MySQL does not have: it prints Success; we say so and suggest.
    let ours = run_in("mysql-9.7", &["ER_DUP_ENTRI"]);
    assert_eq!(ours.status, 1);
    assert!(
        String::from_utf8_lossy(&ours.stderr)
            .starts_with("Illegal error name: ER_DUP_ENTRI; did you mean ER_DUP_ENTRY"),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let original = run_in("mysql-9.7", &["--skip-extensions", "ER_DUP_ENTRI"]);
    assert_eq!(
        (
            original.status,
            String::from_utf8_lossy(&original.stdout).into_owned()
        ),
        (0, success)
    );
}

#[test]
fn mysql_client_errors_are_ours_and_say_mysql() {
    let cr = mysql().client.get(2013).unwrap();
    let ours = run_in("mysql-9.7", &["2013", "CR_SERVER_LOST"]);
    let line = format!(
        "MySQL client error code 2013 (CR_SERVER_LOST): {}\n",
        cr.message()
    );
    assert_eq!(String::from_utf8_lossy(&ours.stdout), line.repeat(2));
    assert_eq!(ours.status, 0);
    let original = run_in("mysql-9.7", &["--skip-extensions", "2013"]);
    assert_eq!(
        (
            original.status,
            String::from_utf8_lossy(&original.stderr).into_owned()
        ),
        (1, "Illegal error code: 2013\n".to_string())
    );
}

#[test]
fn mysql_has_no_berkeley_db_codes_even_by_name() {
    assert_eq!(run_in("mysql-9.7", &["DB_NOTFOUND"]).status, 1);
    assert_eq!(run_in("mysql-9.7", &["--", "-30991"]).status, 1);
    assert_eq!(run_in("mysql-9.7", &["--list=bdb"]).stdout, b"");
}

#[test]
fn mysql_json_says_which_message_file_a_server_error_is_in() {
    let out =
        String::from_utf8(run_in("mysql-9.7", &["--json", "1062", "10914", "1"]).stdout).unwrap();
    let v: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v[0]["matches"][0]["section"], "client");
    assert_eq!(v[1]["matches"][0]["section"], "error-log");
    assert!(
        v[0]["matches"][0]["url"].is_null(),
        "MySQL has no Learn-more page"
    );
    let kinds: Vec<&str> = v[2]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["os", "global"]);
    assert!(v[2]["matches"][1].get("section").is_none());
    let mariadb = stdout(&["--json", "1062"]);
    assert!(!mariadb.contains("section"), "{mariadb}");
}

#[test]
fn mysql_list_and_grep_cover_both_message_files() {
    // One JSON line per error (some messages have line feeds in them).
    let server = run_in("mysql-9.7", &["--list=server", "--json"]).stdout;
    assert_eq!(
        String::from_utf8_lossy(&server).lines().count(),
        mysql().server.rows().len()
    );
    let log = mysql().server.get(10914).unwrap();
    let grep = String::from_utf8(run_in("mysql-9.7", &["--grep", log.name()]).stdout).unwrap();
    assert!(
        grep.contains(&format!("MySQL error code MY-010914 ({}): ", log.name())),
        "{grep}"
    );
}

/// Under mysql-9.7, --explain shows only write-ups written for MySQL (a shared one in
/// MySQL's words: no MariaDB program, option group or `{{…}}` left); where only MariaDB
/// has one and MySQL's code is another error, it says whose error that write-up is about.
/// What `--explain` prints after the facts and the anatomy: the write-up, if any.
fn write_up_of(text: &str) -> String {
    const ANATOMY: [&str; 3] = [
        "Reading the message\n",
        "Look up next\n",
        "In other flavors\n",
    ];
    text.split("\n\n")
        .skip(1)
        .filter(|block| !ANATOMY.iter().any(|title| block.starts_with(title)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn mysql_explain_shows_only_write_ups_written_for_mysql() {
    use perror::catalog::Family;
    let mariadb = flavor();
    let (mut shown, mut refused) = (0, 0);
    for code in 1000..=1999 {
        let Some(ours) = mysql().server.get(code) else {
            continue;
        };
        let text = String::from_utf8(run_in("mysql-9.7", &["--explain", &code.to_string()]).stdout)
            .unwrap();
        // The write-up follows the facts and the anatomy, and starts its sections so.
        let tail = Some(write_up_of(&text)).filter(|t| t.contains("\nPossible causes\n"));
        let theirs = mariadb.server.get(code);
        if perror::catalog::explanation(Family::MySql, Kind::Server, code).is_some() {
            shown += 1;
            let tail = tail.unwrap_or_else(|| panic!("{code}: a write-up for MySQL"));
            for word in [
                "mariadbd",
                "mariadb-",
                "[client-server]",
                "{{",
                "log_warnings",
            ] {
                assert!(!tail.contains(word), "{code}: {word} in {tail}");
            }
        } else if perror::catalog::explanation(Family::MariaDb, Kind::Server, code).is_some()
            && theirs.is_some_and(|t| t.name() != ours.name())
        {
            refused += 1;
            assert_eq!(tail, None, "{code}: no write-up");
            let name = theirs.map(|t| t.name()).unwrap_or_default();
            assert!(
                text.contains(&format!("is about MariaDB's {name}, another error")),
                "{text}"
            );
        } else {
            assert_eq!(tail, None, "{code}: no write-up for MySQL");
        }
    }
    assert!(
        shown > 10 && refused >= 1,
        "{shown} shown, {refused} refused"
    );
    assert!(!stdout(&["--explain", "1236"]).contains("write-up    none"));
}

/// `--explain --json` carries the pages a write-up was checked against.
#[test]
fn explain_json_carries_the_sources() {
    for flavor in ["mariadb-11.8", "mysql-9.7"] {
        let out = run_in(flavor, &["--json", "--explain", "1213"]).stdout;
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let sources = &v["matches"][0]["explanation"]["sources"];
        let urls: Vec<&str> = sources
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|u| u.as_str())
            .collect();
        let host = if flavor.starts_with("mysql") {
            "https://dev.mysql.com/"
        } else {
            "https://mariadb.com/"
        };
        assert!(
            urls.iter().any(|u| u.starts_with(host)),
            "{flavor}: {urls:?}"
        );
    }
}

#[test]
fn mysql_lang_uses_mysql_s_translations() {
    let tsv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/mysql-9.7/server-translations.tsv"
    ))
    .unwrap();
    let german = tsv
        .lines()
        .find_map(|l| l.strip_prefix("1062\tger\t"))
        .unwrap();
    let want = format!("MySQL error code MY-001062 (ER_DUP_ENTRY): {german}\n");
    for lang in ["--lang=ger", "--lang=german", "--lang=de_DE"] {
        assert_eq!(
            String::from_utf8_lossy(&run_in("mysql-9.7", &[lang, "1062"]).stdout),
            want,
            "{lang}"
        );
    }
}

/// `--explain N` explains exactly what `perror N` shows (28 is ENOSPC; mysys's
/// EE_UNKNOWN_COLLATION, which a lookup of 28 does not show, is not explained either), and
/// in our modes a word that is nothing fails and says to --grep, where a lookup reads it
/// as the original does.
#[test]
fn explain_shows_the_lookup_s_matches_and_words_mean_what_they_say() {
    let kinds = |args: &[&str]| -> Vec<(Value, Value)> {
        let v: Value = serde_json::from_str(stdout(args).trim_end()).unwrap();
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["kind"].clone(), m["code"].clone()))
            .collect()
    };
    for code in ["28", "1", "120", "1158", "2013", "ER_DUP_ENTRY"] {
        assert_eq!(
            kinds(&["--explain", "--json", code]),
            kinds(&["--json", code]),
            "{code}"
        );
    }
    for mode in [&["--explain"][..], &["--json"]] {
        let mut args = mode.to_vec();
        args.push("deadlock");
        let r = run(&args);
        assert_eq!(r.status, 1, "{mode:?}");
        let said = [r.stdout, r.stderr].concat();
        assert!(
            String::from_utf8_lossy(&said).contains(
                "Not an error code, name, SQLSTATE or message: deadlock; perror --grep 'deadlock'"
            ),
            "{mode:?}"
        );
    }
    let original = run(&["deadlock"]);
    assert_eq!(
        (original.status, stdout(&["deadlock"])),
        (0, stdout(&["0"]))
    );
}

/// A pasted message prints its error, the values it gave its conversions and the codes
/// among them; no match fails with a clear line; --skip-extensions reads it with atoi.
#[test]
fn a_pasted_message_is_answered() {
    let r = run(&["Got error 28 from storage engine InnoDB"]);
    assert_eq!(r.status, 0);
    let out = String::from_utf8(r.stdout).unwrap();
    assert!(out.starts_with(&stdout(&["1030"])), "{out}");
    assert!(
        out.ends_with(
            "    error: 28\n    engine: InnoDB\n    error 28: OS error 28 (ENOSPC): No space left on device\n"
        ),
        "{out}"
    );
    let r = run(&["Got eror 28 from strage engine"]);
    assert_eq!(
        (r.status, String::from_utf8_lossy(&r.stderr).into_owned()),
        (
            1,
            "No error has the text: Got eror 28 from strage engine\n".to_string()
        )
    );
    assert_eq!(
        run(&[
            "--skip-extensions",
            "Got error 28 from storage engine InnoDB"
        ])
        .stdout,
        run(&["0"]).stdout
    );
    let explained = stdout(&[
        "--explain",
        "Table './shop/orders' is marked as crashed and should be repaired",
    ]);
    assert!(explained.starts_with("The text is server error 1194 (ER_CRASHED_ON_USAGE) of mariadb-11.8, filled in:\n  table       ./shop/orders\n"), "{explained}");
    assert!(
        explained.contains("\nServer error 1194 (ER_CRASHED_ON_USAGE)\n"),
        "{explained}"
    );
}

/// InnoDB's own file codes are reached by name, in each family's numbering, and explained;
/// the number alone still reads as the C library's errno, as perror reads it.
#[test]
fn innodb_file_codes_are_reached_by_name() {
    assert_eq!(
        stdout(&["OS_FILE_NOT_FOUND"]),
        "InnoDB file error code 71 (OS_FILE_NOT_FOUND): File not found (errno ENOENT)\n"
    );
    assert!(!stdout(&["71"]).contains("InnoDB"));
    let mysql = String::from_utf8(run_in("mysql-9.7", &["os_file_name_too_long"]).stdout).unwrap();
    assert!(
        mysql.starts_with("InnoDB file error code 82 (OS_FILE_NAME_TOO_LONG)"),
        "{mysql}"
    );
    let explained = stdout(&["--explain", "OS_FILE_NOT_FOUND"]);
    assert!(explained.contains("\nPossible causes\n"), "{explained}");
    let v: Value =
        serde_json::from_str(stdout(&["--json", "OS_FILE_DISK_FULL"]).trim_end()).unwrap();
    assert_eq!(v["matches"][0]["kind"], "innodb");
    assert_eq!(v["matches"][0]["code"], 72);
}
