//! `perror --annotate` (issue 5): the fixture log through the binary, compared with golden
//! output that was checked line by line against the message tables; JSON read back; bad
//! input; and a property test that annotating never changes, drops or reorders a line.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::status_of;
use perror::annotate::{Annotator, Palette, Recogniser, Report, Style};
use perror::catalog::Flavor;
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/annotate");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// Our perror as `perror`, in the flavor the goldens were made with, stdin from `stdin`.
fn perror(args: &[&std::ffi::OsStr], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_perror"))
        .arg0("perror")
        .env("PERROR_FLAVOR", "mariadb-11.8")
        .env_remove("NO_COLOR")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Output {
        status: status_of(out.status),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

struct Output {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn args<'a>(list: &'a [&'a str]) -> Vec<&'a std::ffi::OsStr> {
    list.iter().map(std::ffi::OsStr::new).collect()
}

fn log_path() -> String {
    fixture("errors.log").to_string_lossy().into_owned()
}

#[test]
fn the_fixture_holds_every_pattern_of_the_issue() {
    let log = String::from_utf8_lossy(&read("errors.log")).into_owned();
    for pattern in [
        "Could not read packet: fd: 4575  state: 1  read_length: 4  errno: 104  vio_errno: 1158  length: -1",
        "Aborted connection 20090 to db: 'unconnected' user: 'unauthenticated' host: '10.0.0.7' (Got an error reading communication packets)",
        "(errno: 150 \"",
        "(Errcode: 28 \"",
        "(Errcode: 5)",
        "(111 \"Connection refused\")",
        "Got error 168 \"Unknown (generic) error from engine\" from storage engine InnoDB",
        "error 1213",
        "Error 1205",
        "Error_code: 1062",
        "Last_IO_Errno: 2013",
        "Last_SQL_Errno: 1146",
        "Internal MariaDB error code: 1062",
        "Operating system error number 13",
        "OS error number 28",
        "ERROR 1045 (28000): ",
        "\r\n",
    ] {
        assert!(log.contains(pattern), "{pattern}");
    }
    assert!(!log.ends_with('\n'), "the last line has no line feed");
    assert!(
        std::str::from_utf8(&read("errors.log")).is_err(),
        "invalid UTF-8 included"
    );
}

#[test]
fn a_server_code_on_a_line_mysql_wrote_is_mysql_s() {
    // 3024 is MySQL's ER_QUERY_TIMEOUT and MariaDB's ER_UNUSED_1: the tag decides.
    let mysql = b"[ERROR] [MY-010584] [Repl] Replica SQL: Error 'x' on query. Error_code: 3024\n";
    let out = String::from_utf8(perror(&args(&["--annotate"]), mysql).stdout).unwrap();
    assert!(
        out.contains("Error_code: MySQL error code MY-003024 (ER_QUERY_TIMEOUT)"),
        "{out}"
    );
    assert!(!out.contains("ER_UNUSED_1"), "{out}");
    let mariadb = b"[ERROR] Slave SQL: Error 'x' on query. Error_code: 3024\n";
    let out = String::from_utf8(perror(&args(&["--annotate"]), mariadb).stdout).unwrap();
    assert!(
        out.contains("MariaDB error code 3024 (ER_UNUSED_1)"),
        "{out}"
    );
    // Both spellings of one code on a MySQL line are one annotation.
    let twice = b"[ERROR] [MY-010584] [Repl] Error_code: 1062; ... Error_code: MY-001062\n";
    let out = String::from_utf8(perror(&args(&["--annotate"]), twice).stdout).unwrap();
    assert_eq!(out.matches("ER_DUP_ENTRY").count(), 1, "{out}");
}

#[test]
fn annotated_output_is_the_golden() {
    let out = perror(&args(&["--annotate", &log_path()]), b"");
    assert_eq!((out.status, out.stderr.as_str()), (0, ""));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&read("errors.annotated"))
    );
    assert_eq!(out.stdout, read("errors.annotated"), "byte for byte");
}

#[test]
fn the_seed_lines_say_what_their_codes_are() {
    let golden = String::from_utf8_lossy(&read("errors.annotated")).into_owned();
    let lines: Vec<&str> = golden.lines().collect();
    assert_eq!(
        lines[1..3],
        [
            "    errno: OS error code 104 (ECONNRESET): Connection reset by peer",
            "    vio_errno: MariaDB error code 1158 (ER_NET_READ_ERROR): Got an error reading communication packets",
        ]
    );
    assert!(
        lines[4].contains("(ER_NEW_ABORTING_CONNECTION)"),
        "{}",
        lines[4]
    );
    assert!(lines[5].starts_with("    message: MariaDB error code 1158 (ER_NET_READ_ERROR)"));
}

#[test]
fn only_matching_keeps_the_lines_with_codes_and_their_annotations() {
    let out = perror(&args(&["--annotate", "--only-matching", &log_path()]), b"");
    assert_eq!(out.status, 0);
    // The golden less every log line not followed by an annotation.
    let golden = read("errors.annotated");
    let lines: Vec<&[u8]> = golden.split_inclusive(|&b| b == b'\n').collect();
    let is_annotation = |l: &[u8]| l.starts_with(b"    ") && !l.starts_with(b"     ");
    let kept: Vec<u8> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| is_annotation(l) || lines.get(i + 1).is_some_and(|n| is_annotation(n)))
        .flat_map(|(_, l)| l.to_vec())
        .collect();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&kept)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Buffer pool(s) load completed"));
}

#[test]
fn top_is_the_golden() {
    let out = perror(&args(&["--annotate", "--top", &log_path()]), b"");
    assert_eq!((out.status, out.stderr.as_str()), (0, ""));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&read("errors.top"))
    );
    // --top=3: the first three rows (columns as wide as these rows need).
    let three = perror(&args(&["--annotate", "--top=3", &log_path()]), b"");
    let words = |text: &str, n: usize| -> Vec<Vec<String>> {
        let row = |l: &str| l.split_whitespace().map(str::to_string).collect();
        text.lines().take(n).map(row).collect()
    };
    let golden = String::from_utf8_lossy(&read("errors.top")).into_owned();
    let three = String::from_utf8_lossy(&three.stdout).into_owned();
    assert_eq!(three.lines().count(), 4);
    assert_eq!(words(&three, 4), words(&golden, 4));
}

#[test]
fn json_lines_read_back_as_every_occurrence() {
    let out = perror(&args(&["--annotate", "--json", &log_path()]), b"");
    assert_eq!((out.status, out.stderr.as_str()), (0, ""));
    let objects: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("each line is a JSON object"))
        .collect();
    for o in &objects {
        assert_eq!(o["file"], log_path().as_str());
    }
    let got: Vec<(u64, &str, &str, i64)> = objects
        .iter()
        .map(|o| {
            (
                o["line"].as_u64().unwrap(),
                o["field"].as_str().unwrap(),
                o["match"]["kind"].as_str().unwrap(),
                o["match"]["code"].as_i64().unwrap(),
            )
        })
        .collect();
    // One per occurrence, in line order (the same code from two fields twice), checked
    // by hand against the fixture.
    let want: Vec<(u64, &str, &str, i64)> = vec![
        (1, "errno", "os", 104),
        (1, "vio_errno", "server", 1158),
        (2, "message", "server", 1184),
        (2, "message", "server", 1158),
        (4, "message", "server", 1005),
        (4, "errno", "handler", 150),
        (5, "message", "global", 1),
        (5, "Errcode", "os", 28),
        (6, "message", "global", 3),
        (6, "Errcode", "os", 5),
        (7, "message", "client", 2003),
        (7, "strerror", "os", 111),
        (7, "Internal MariaDB error code", "client", 2003),
        (8, "Got error", "handler", 168),
        (8, "message", "server", 1030),
        (9, "Got error", "handler", 127),
        (10, "Got fatal error", "server", 1236),
        (10, "message", "server", 1236),
        (10, "Internal MariaDB error code", "server", 1236),
        (11, "error", "server", 1213),
        (12, "Error", "server", 1205),
        (13, "message", "server", 1062),
        (13, "Error_code", "server", 1062),
        (13, "Internal MariaDB error code", "server", 1062),
        (14, "Last_IO_Errno", "client", 2013),
        (15, "message", "client", 2013),
        (16, "Last_SQL_Errno", "server", 1146),
        (17, "Last_Errno", "server", 1146),
        (18, "Operating system error number", "os", 13),
        (19, "Error number", "os", 13),
        (20, "OS error number", "os", 28),
        (21, "ERROR", "server", 1045),
        (21, "message", "server", 1045),
        (22, "ERROR", "client", 2002),
        (22, "message", "client", 2002),
        (22, "connect errno", "os", 2),
        (23, "Got error", "server", 1049),
        (23, "message", "server", 1049),
        (24, "message", "client", 2013),
        (24, "server_errno", "client", 2013),
        (25, "message", "server", 1184),
        (25, "message", "server", 1159),
        (26, "errno", "os", 13),
        (29, "message", "server", 1194),
        (30, "Got error", "os", 28),
        (30, "message", "server", 1030),
    ];
    assert_eq!(got, want);
    let first = &objects[0]["match"];
    assert_eq!(
        (
            first["name"].as_str(),
            first["message"].as_str(),
            first["sqlstate"].is_null()
        ),
        (Some("ECONNRESET"), Some("Connection reset by peer"), true)
    );
    assert_eq!(objects[1]["match"]["url"], "https://err.mariadb.com/1158");
}

#[test]
fn stdin_dash_and_gzip_read_the_same_log() {
    let log = read("errors.log");
    let golden = read("errors.annotated");
    assert_eq!(
        perror(&args(&["--annotate"]), &log).stdout,
        golden,
        "no file: stdin"
    );
    assert_eq!(
        perror(&args(&["--annotate", "-"]), &log).stdout,
        golden,
        "-: stdin"
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&log).unwrap();
    let gz = gz.finish().unwrap();
    let dir = tempdir("gzip");
    let path = dir.join("error.log.gz");
    std::fs::write(&path, &gz).unwrap();
    let from_file = perror(&[std::ffi::OsStr::new("--annotate"), path.as_os_str()], b"");
    assert_eq!(from_file.stdout, golden, ".gz file");
    assert_eq!(
        perror(&args(&["--annotate"]), &gz).stdout,
        golden,
        "gzip on stdin"
    );
}

#[test]
fn a_missing_file_or_a_directory_is_reported_and_the_others_still_read() {
    let log = log_path();
    let out = perror(&args(&["--annotate", "nope.log", &log, "/", &log]), b"");
    assert_eq!(out.status, 2);
    assert_eq!(
        out.stderr,
        "perror: cannot open 'nope.log': No such file or directory\nperror: cannot open '/': Is a directory\n"
    );
    let golden = read("errors.annotated");
    assert_eq!(out.stdout, [&golden[..], &golden[..]].concat());
}

#[test]
fn json_names_each_file_and_numbers_lines_from_one() {
    let dir = tempdir("json");
    let (a, b) = (dir.join("a.log"), dir.join("b.log"));
    std::fs::write(&a, "x\nerrno: 13\n").unwrap();
    std::fs::write(&b, "errno: 2").unwrap();
    let out = perror(
        &[
            std::ffi::OsStr::new("--annotate"),
            std::ffi::OsStr::new("--json"),
            a.as_os_str(),
            b.as_os_str(),
        ],
        b"",
    );
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let where_: Vec<(String, u64)> = lines
        .iter()
        .map(|o| {
            (
                o["file"].as_str().unwrap().to_string(),
                o["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        where_,
        [
            (a.to_string_lossy().into_owned(), 2),
            (b.to_string_lossy().into_owned(), 1)
        ]
    );
}

#[test]
fn no_colour_when_stdout_is_not_a_terminal() {
    let out = perror(&args(&["--annotate", &log_path()]), b"");
    assert!(!out.stdout.contains(&0x1b));
    let top = perror(&args(&["--annotate", "--top", &log_path()]), b"");
    assert!(!top.stdout.contains(&0x1b));
}

#[test]
fn a_normal_event_gets_an_annotation_only_with_all_messages() {
    let log = b"2024-04-16  9:55:34 0 [Note] mariadbd: ready for connections.\n\
                Version: '11.3.2-MariaDB'  socket: '/run/mysqld/mysqld.sock'  port: 0  x\n";
    let quiet = perror(&args(&["--annotate"]), log);
    assert_eq!((quiet.status, quiet.stdout.as_slice()), (0, &log[..]));
    let all = perror(&args(&["--annotate", "--all-messages"]), log);
    let text = String::from_utf8_lossy(&all.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    // Its words are in the line: the annotation names the code.
    assert_eq!(
        lines[1..3],
        [
            "    message: MariaDB error code 1408 (ER_STARTUP)",
            "Version: '11.3.2-MariaDB'  socket: '/run/mysqld/mysqld.sock'  port: 0  x",
        ]
    );
    let refused = perror(&args(&["--all-messages", "1158"]), b"");
    assert_eq!(refused.status, 2);
    assert_eq!(
        refused.stderr,
        "perror: --all-messages only works with --annotate\n"
    );
}

#[test]
fn silent_mode_prints_the_bare_messages() {
    let out = perror(
        &args(&["-s", "--annotate"]),
        b"errno: 104  vio_errno: 1158\n",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "errno: 104  vio_errno: 1158\n    errno: Connection reset by peer\n    vio_errno: Got an error reading communication packets\n"
    );
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempdir("pipe");
    let big = dir.join("big.log");
    let line =
        b"2024-04-19 17:02:11 1 [Warning] Could not read packet: errno: 104  vio_errno: 1158\n";
    std::fs::write(&big, line.repeat(50_000)).unwrap();
    let mut cmd = crate::support::perror_command();
    cmd.arg("--annotate").arg(&big);
    let (status, stderr) = crate::support::status_after_closing_stdout(cmd);
    assert_eq!(status, 128 + libc::SIGPIPE);
    assert_eq!(String::from_utf8_lossy(&stderr), "");
}

#[test]
fn a_full_disk_is_a_write_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_perror"))
        .arg0("perror")
        .args(["--annotate", &log_path()])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(status_of(out.status), 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "perror: write error: No space left on device\n"
    );
}

/// A fresh directory under the target directory, for files a test writes.
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("annotate-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// The property: annotating adds lines and nothing else.

fn recogniser() -> &'static Recogniser {
    static R: std::sync::OnceLock<Recogniser> = std::sync::OnceLock::new();
    R.get_or_init(|| Recogniser::new(Flavor::find("mariadb-11.8").unwrap()))
}

fn annotate(input: &[u8], cuts: &[usize], only_matching: bool) -> Vec<u8> {
    let style = Style {
        verbose: true,
        palette: Palette::PLAIN,
    };
    let flavor = Flavor::find("mariadb-11.8").unwrap();
    let mut a = Annotator::new(
        recogniser(),
        flavor,
        Report::Annotated { only_matching },
        style,
    );
    let mut out = Vec::new();
    let mut rest = input;
    for &cut in cuts {
        let (chunk, tail) = rest.split_at(cut.min(rest.len()));
        a.feed(chunk, &mut out).unwrap();
        rest = tail;
    }
    a.feed(rest, &mut out).unwrap();
    a.finish(&mut out).unwrap();
    out
}

/// Log-like bytes: fragments that carry codes, mixed with arbitrary bytes and line ends.
fn log_bytes() -> impl Strategy<Value = Vec<u8>> {
    let fragment = prop_oneof![
        Just(b"errno: 104 ".to_vec()),
        Just(b"vio_errno: 1158".to_vec()),
        Just(b"(111 \"Connection refused\")".to_vec()),
        Just(b"Got error 28 \"No space left on device\" from storage engine InnoDB".to_vec()),
        Just(b"Aborted connection 1 to db: 'a' user: 'b' host: 'c' (".to_vec()),
        Just(b"Got an error reading communication packets)".to_vec()),
        Just(b"ERROR 1045 (28000): ".to_vec()),
        Just(b"Internal MariaDB error code: 2003".to_vec()),
        Just(b"    ".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..24),
    ];
    proptest::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
}

/// Whether `output` is `input`'s lines, unchanged and in order, with only annotation
/// lines (four spaces, then a label and `: `, or a message's next line) between them.
fn adds_only_annotations(input: &[u8], output: &[u8]) -> Result<(), String> {
    let lines =
        |b: &[u8]| -> Vec<Vec<u8>> { b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    let mut want = lines(input);
    if want.last().is_some_and(Vec::is_empty) {
        want.pop();
    }
    let mut got = lines(output);
    if got.last().is_some_and(Vec::is_empty) {
        got.pop();
    }
    let mut next = 0;
    for line in &got {
        if next < want.len() && *line == want[next] {
            next += 1;
        } else if !line.starts_with(b"    ") {
            return Err(format!(
                "not an input line nor an annotation: {:?}",
                String::from_utf8_lossy(line)
            ));
        }
    }
    if next == want.len() {
        Ok(())
    } else {
        Err(format!(
            "input line {next} of {} missing: {:?}",
            want.len(),
            String::from_utf8_lossy(&want[next])
        ))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn annotating_never_changes_or_drops_a_line(
        input in log_bytes(),
        cuts in proptest::collection::vec(0usize..64, 0..8),
    ) {
        let whole = annotate(&input, &[], false);
        prop_assert_eq!(adds_only_annotations(&input, &whole), Ok(()));
        // However the input is cut into chunks, the output is the same.
        prop_assert_eq!(annotate(&input, &cuts, false), whole);
    }

    #[test]
    fn only_matching_leaves_lines_out_but_changes_none(input in log_bytes()) {
        let out = annotate(&input, &[], true);
        // Each printed line is the next input line that follows the last one printed,
        // unchanged, or an annotation.
        let input_lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
        let mut next = 0;
        for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            match input_lines[next..].iter().position(|l| *l == line) {
                Some(i) => next += i + 1,
                None => prop_assert!(
                    line.starts_with(b"    "),
                    "{:?} is neither an input line nor an annotation",
                    String::from_utf8_lossy(line)
                ),
            }
        }
    }
}

/// Found by fuzzing (fuzz/seeds/annotate/regression-last-line-without-newline): a last
/// line without a line feed after an annotated line comes out unchanged, at the end.
#[test]
fn a_last_line_without_line_feed_after_an_annotated_one() {
    let out = perror(&args(&["--annotate"]), b"error 1213\nn");
    assert_eq!(out.status, 0);
    let deadlock = Flavor::find("mariadb-11.8")
        .unwrap()
        .server
        .get(1213)
        .unwrap();
    let want_annotation = format!(
        "    error: MariaDB error code 1213 (ER_LOCK_DEADLOCK): {}\n",
        deadlock.message()
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("error 1213\n{want_annotation}n")
    );
}

/// `--annotate --explain`: every annotation keeps its line, and what follows it is its
/// write-up's summary or its message's "look up next", at the same indent; the rest of the
/// output is `--annotate`'s, line for line.
#[test]
fn explain_adds_a_line_under_annotations_and_changes_nothing_else() {
    let log = read("errors.log");
    let plain = perror(&args(&["--annotate"]), &log);
    let explained = perror(&args(&["--annotate", "--explain"]), &log);
    assert_eq!((plain.status, explained.status), (0, 0));
    let plain = String::from_utf8_lossy(&plain.stdout).into_owned();
    let explained = String::from_utf8_lossy(&explained.stdout).into_owned();
    // Walking both: a line of ours that is not the next of --annotate's is an added one,
    // and must follow an annotation, indented as it is.
    let mut added: Vec<(String, String)> = Vec::new();
    let mut plain_lines = plain.lines().peekable();
    let mut previous = "";
    for line in explained.lines() {
        if plain_lines.peek() == Some(&line) {
            plain_lines.next();
            previous = line;
            continue;
        }
        assert!(
            previous.starts_with("    ") && line.starts_with("    "),
            "{line:?} after {previous:?}"
        );
        added.push((previous.to_string(), line.to_string()));
    }
    assert_eq!(
        plain_lines.next(),
        None,
        "every line of --annotate is there"
    );
    let summary_1158 = match perror::catalog::explanation(
        perror::catalog::Family::MariaDb,
        perror::catalog::Kind::Server,
        1158,
    ) {
        Some((_, perror::catalog::Explanation::Doc(doc))) => doc.summary().to_string(),
        other => panic!("{other:?}"),
    };
    assert!(
        added
            .iter()
            .any(|(a, e)| a.contains("(ER_NET_READ_ERROR)") && e == &format!("    {summary_1158}")),
        "{added:?}"
    );
    // A code without a write-up whose message carries another: what to look up next.
    let rename = b"2024-04-19 17:03:00 5 [ERROR] mariadbd: Error on rename of './shop/a' to \
                   './shop/b' (errno: 13 \"Permission denied\")\n";
    let rename = perror(&args(&["--annotate", "--explain"]), rename).stdout;
    let rename = String::from_utf8_lossy(&rename);
    assert!(
        rename.contains(
            "(ER_ERROR_ON_RENAME)\n    \
             look up next: <errno> (an errno, or from 120 up a storage engine (handler) error): \
             perror --explain <errno>\n"
        ),
        "{rename}"
    );
    let json = perror(&args(&["--annotate", "--explain", "--json"]), &log);
    let objects: Vec<serde_json::Value> = String::from_utf8_lossy(&json.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(objects.iter().all(|o| o.get("explanation").is_some()));
    assert!(
        objects
            .iter()
            .any(|o| o["explanation"] == summary_1158.as_str())
    );
    let plain_json = perror(&args(&["--annotate", "--json"]), &log);
    assert!(!String::from_utf8_lossy(&plain_json.stdout).contains("explanation"));
    assert_eq!(
        perror(&args(&["--annotate", "--explain", "--top"]), b"").status,
        2
    );
}

// Issue 20: each number read by the evidence around it; levels, not tags, keep normal
// events quiet.

/// What `--annotate --json` finds on each line of `log`, as `kind:code` per line.
fn codes_per_line(flavor: &str, log: &str) -> Vec<Vec<String>> {
    static RECOGNISERS: std::sync::OnceLock<Vec<(&'static str, Recogniser)>> =
        std::sync::OnceLock::new();
    let recognisers = RECOGNISERS.get_or_init(|| {
        Flavor::all()
            .iter()
            .map(|f| (f.name, Recogniser::new(f)))
            .collect()
    });
    let r = &recognisers.iter().find(|(n, _)| *n == flavor).unwrap().1;
    let style = Style {
        verbose: true,
        palette: Palette::PLAIN,
    };
    let mut a = Annotator::new(r, Flavor::find(flavor).unwrap(), Report::Json, style);
    let mut out = Vec::new();
    a.feed(log.as_bytes(), &mut out).unwrap();
    a.finish(&mut out).unwrap();
    let mut lines = vec![Vec::new(); log.lines().count()];
    for object in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let o: serde_json::Value = serde_json::from_slice(object).unwrap();
        let m = &o["match"];
        let line = o["line"].as_u64().unwrap() as usize;
        lines[line - 1].push(format!("{}:{}", m["kind"].as_str().unwrap(), m["code"]));
    }
    lines
}

#[test]
fn each_shape_of_the_issue_is_read_by_its_evidence() {
    let cases: &[(&str, &[&str])] = &[
        (
            "2024-02-11T02:20:03Z 129 [Note] [MY-010914] [Server] Aborted connection 129 to db: 'm' user: 'u' host: 'h' (Got an error reading communication packets).",
            &["mysql:1158"],
        ),
        (
            "2019-03-04 10:00:00 0 [ERROR] InnoDB: preallocating 12582912 bytes for file ./ibtmp1 failed with error 28",
            &["os:28"],
        ),
        (
            "[ERROR] mariadbd: Can't lock aria control file '/var/lib/mysql/aria_log_control' for exclusive use, error: 11. Will retry for 30 seconds",
            &["os:11"],
        ),
        (
            "2014-12-19 11:52:04 7 [Warning] WSREP: RBR event 9 Update_rows apply warning: 120, 2140",
            &["handler:120"],
        ),
        (
            "[ERROR] WSREP: gcs/src/gcs_core.cpp:gcs_core_open():209: Failed to open backend connection: -113(No route to host)",
            &["os:113"],
        ),
        (
            "_mysql_exceptions.OperationalError: (1005, \"Can't create table 'a.b' (errno: 150)\")",
            &["server:1005", "handler:150"],
        ),
        (
            "OperationalError: (2013, 'Lost connection to MySQL server during query')",
            &["client:2013"],
        ),
        (
            "java.sql.SQLException: HY000: 126: Incorrect key file for table './db/t1.MYI'; try to repair it",
            &["handler:126", "server:1034"],
        ),
        (
            "2021-01-01 0:00:00 0 [ERROR] [MY-012574] [InnoDB] Unable to lock ./ibdata1 error: 11",
            &["os:11"],
        ),
        (
            "ERROR 2013 (HY000): Lost connection to server at 'handshake: reading initial communication packet', system error: 104",
            &["client:2013", "os:104"],
        ),
        (
            "210226 15:49:51 [ERROR] mysqld got signal 11 ;",
            &["signal:11"],
        ),
        ("04:51:21 UTC - mysqld got signal 6 ;", &["signal:6"]),
        (
            "django.db.utils.OperationalError: (2005, \"Unknown MySQL server host 'mysql' (-2)\")",
            &["client:2005", "resolver:-2"],
        ),
        (
            "ERROR 2005 (HY000): Unknown MySQL server host 'db.example' (11001)",
            &["client:2005", "resolver:11001"],
        ),
        ("Error: connect ECONNREFUSED 127.0.0.1:3306", &["os:111"]),
        ("  code: 'ER_DUP_ENTRY',", &["server:1062"]),
        ("BrokenPipeError: [Errno 32] Broken pipe", &["os:32"]),
        (
            "SQLSTATE[HY000] [2002] Connection refused",
            &["client:2002"],
        ),
        (
            "Warning: mysqli_real_connect(): (HY000/1045): Access denied for user 'a'@'b' (using password: YES)",
            &["server:1045"],
        ),
        (
            "Error: (conn=810, no: 1062, SQLState: 23000) Duplicate entry 3 for key PRIMARY",
            &["server:1062"],
        ),
        // A number beside no such evidence is no code.
        (
            "2024-01-01 12:00:00 0 [Note] InnoDB: Buffer pool(s) load completed at 240101 12:00:00",
            &[],
        ),
        ("Lost connection at 'x', system error: 0", &[]),
    ];
    for (line, want) in cases {
        let got = codes_per_line("mariadb-11.8", line).remove(0);
        // JSON has an object per field and message found; one code may be both.
        let mut got_sorted = got.clone();
        got_sorted.sort();
        got_sorted.dedup();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got_sorted, want, "{line}");
    }
}

#[test]
fn normal_events_are_quiet_by_their_level_with_or_without_a_tag() {
    // MySQL 5.x and 4.x start-up under the MySQL flavor, whose tables hold these texts as
    // error-log messages MySQL only logs as notes; a start-up message with no level tag.
    let log = "2016-09-28 15:17:31 2719 [Note] InnoDB: Completed initialization of buffer pool\n\
        InnoDB: Completed initialization of buffer pool\n\
        2016-09-28 15:17:32 2719 [Note] Server socket created on IP: '::'.\n\
        2016-09-28 15:17:32 2719 [Note] InnoDB: 5.6.12 started; log sequence number 1626038\n\
        mysqld: ready for connections.\n\
        2016-09-28 15:17:32 2719 [Note] Aborted connection 5 to db: 'x' user: 'y' host: 'z' (Got an error reading communication packets)\n";
    for flavor in ["mysql-9.7", "mariadb-11.8"] {
        let lines = codes_per_line(flavor, log);
        assert!(lines[..5].iter().all(Vec::is_empty), "{flavor}: {lines:?}");
        // An error's text in an informational line is still an error.
        assert!(
            lines[5].iter().any(|c| c.ends_with(":1158")),
            "{flavor}: {lines:?}"
        );
    }
    // MySQL 8's [MY-] codes: a note-only code is quiet at any level, an error's is not.
    let mysql8 = "2024-01-01T00:00:00Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 9.0.0) starting as process 1\n\
        2024-01-01T00:00:00Z 0 [Warning] [MY-010055] [Server] IP address '10.0.0.7' could not be resolved: Name or service not known\n";
    assert_eq!(
        codes_per_line("mariadb-11.8", mysql8),
        [vec![], vec!["mysql:10055".to_string()]]
    );
}

#[test]
fn from_a_pipe_each_line_goes_out_before_perror_waits_for_more() {
    // `tail -F err.log | perror --annotate | grep …`: stdin and stdout are pipes, and the
    // writer has not finished. The annotated line must arrive while stdin is still open.
    let mut child = Command::new(env!("CARGO_BIN_EXE_perror"))
        .arg0("perror")
        .env("PERROR_FLAVOR", "mariadb-11.8")
        .args(["--annotate"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            if lines.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    stdin
        .write_all(b"2024-04-19 17:02:11 5 [Warning] mariadbd: Could not read packet: errno: 104\n")
        .unwrap();
    stdin.flush().unwrap();
    let wait = std::time::Duration::from_secs(20);
    let first = received
        .recv_timeout(wait)
        .expect("the log line, before EOF");
    assert!(first.ends_with("errno: 104"), "{first}");
    let second = received
        .recv_timeout(wait)
        .expect("its annotation, before EOF");
    assert!(second.contains("ECONNRESET"), "{second}");
    // A second line, still before EOF.
    stdin.write_all(b"x errno: 13\n").unwrap();
    stdin.flush().unwrap();
    assert_eq!(received.recv_timeout(wait).unwrap(), "x errno: 13");
    assert!(received.recv_timeout(wait).unwrap().contains("EACCES"));
    drop(stdin);
    assert!(child.wait().unwrap().success());
    reader.join().unwrap();
}

#[test]
fn json_carries_each_line_s_time_and_level_where_it_has_them() {
    let log = b"2024-04-19 17:02:11 5 [Warning] mariadbd: Could not read packet: errno: 104\n\
        Dec 12 13:57:06 db1 mysqld[16538]: 2018-12-12 13:57:06 1396 [ERROR] WSREP: failed: 110 (Connection timed out)\n\
        ERROR 1045 (28000): Access denied for user 'a'@'b' (using password: YES)\n";
    let out = perror(&args(&["--annotate", "--json"]), log);
    let objects: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at = |line: u64| objects.iter().find(|o| o["line"] == line).unwrap();
    assert_eq!(
        (&at(1)["time"], &at(1)["level"]),
        (&"2024-04-19 17:02:11".into(), &"Warning".into())
    );
    // The server's own time, not the journal's.
    assert_eq!(at(2)["time"], "2018-12-12 13:57:06");
    assert_eq!(at(2)["level"], "ERROR");
    // A client's message has neither: the keys are left out.
    assert!(at(3).get("time").is_none() && at(3).get("level").is_none());
}
