//! Bad input never panics, never hangs and never loses output (issue: the CLI).

mod support;

use support::{perror_command, run_perror, status_of};

fn no_panic(stderr: &[u8]) {
    let text = String::from_utf8_lossy(stderr);
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn non_utf8_arguments_are_read_as_bytes() {
    // atoi stops at the first byte that is not a digit, whatever the encoding.
    let run = run_perror(
        "mariadb-11.8",
        &[b"12\xff".to_vec(), b"\xff104".to_vec()],
        false,
    );
    no_panic(&run.stderr);
    assert_eq!(run.status, 0);
    let want = format!(
        "OS error code  12:  {}\nOS error code   0:  {}\n",
        perror::os_error::message(12).unwrap(),
        perror::os_error::message(0).unwrap()
    );
    assert_eq!(String::from_utf8_lossy(&run.stdout), want);
}

#[test]
fn a_one_mebibyte_argument_saturates_like_strtol() {
    // Linux refuses to exec an argument over 128 KiB (MAX_ARG_STRLEN), so the largest
    // one goes through a real exec and the 1 MiB one through the same code in-process.
    let huge = vec![b'7'; 1 << 20];
    assert_eq!(
        perror::atoi::atoi(&huge),
        -1,
        "strtol saturates at LONG_MAX, whose low 32 bits are -1"
    );
    let mut out = Vec::new();
    let status = perror::run::dispatch(b"perror", vec![huge.into()], None, &mut out).unwrap();
    assert_eq!((status.code(), out.len()), (1, 0));

    let largest = vec![b'7'; 128 * 1024 - 1];
    let run = run_perror("mariadb-11.8", &[largest], false);
    no_panic(&run.stderr);
    assert_eq!(run.status, 1);
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "Illegal error code: -1\n"
    );
}

#[test]
fn a_hundred_thousand_arguments() {
    // 100 rounds of the codes 1000..=1999: the output must be 100 copies of one round's.
    let round: Vec<Vec<u8>> = (1000..2000)
        .map(|i: i32| i.to_string().into_bytes())
        .collect();
    let args: Vec<Vec<u8>> = round.iter().cycle().take(100_000).cloned().collect();
    let one = run_perror("mariadb-11.8", &round, false);
    let all = run_perror("mariadb-11.8", &args, false);
    no_panic(&all.stderr);
    assert!(!one.stdout.is_empty() && !one.stderr.is_empty());
    assert_eq!(all.status, one.status);
    assert!(
        all.stdout == one.stdout.repeat(100),
        "stdout is not 100 rounds"
    );
    assert!(
        all.stderr == one.stderr.repeat(100),
        "stderr is not 100 rounds"
    );
}

#[test]
fn closed_pipe_ends_quietly_like_the_original() {
    // `perror $(seq 0 5000) | head -1`: the original dies of SIGPIPE, silently.
    let mut cmd = perror_command();
    cmd.args((0..=5000).map(|i| i.to_string()));
    // Its stderr holds the illegal codes met before the pipe closed, as the original's.
    let (status, _) = support::status_after_closing_stdout(cmd);
    assert_eq!(
        status,
        128 + libc::SIGPIPE,
        "killed by SIGPIPE, as C programs are"
    );
}

#[test]
fn full_disk_is_reported_not_ignored() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        panic!("this test needs /dev/full (every Linux has it)");
    };
    let out = perror_command().arg("104").stdout(full).output().unwrap();
    assert_eq!(status_of(out.status), 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "perror: write error: No space left on device\n"
    );
}

#[test]
fn no_arguments_prints_usage_and_fails() {
    let out = perror_command().output().unwrap();
    assert_eq!(status_of(out.status), 1);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("\nUsage: perror [OPTIONS] [ERRORCODE [ERRORCODE...]]\n")
    );
}

#[test]
fn unknown_flavor_lists_the_known_ones() {
    let out = perror_command()
        .args(["--flavor=mariadb-5.5", "1"])
        .output()
        .unwrap();
    assert_eq!(status_of(out.status), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "perror: unknown flavor 'mariadb-5.5'; known flavors: mariadb-11.8, mariadb-10.11\n"
    );
    let out = perror_command()
        .arg("1")
        .env("PERROR_FLAVOR", "nope")
        .output()
        .unwrap();
    assert_eq!(status_of(out.status), 2);
}
