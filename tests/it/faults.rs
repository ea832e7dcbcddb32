//! Fault injection: what perror does when its surroundings fail (closed pipes and
//! descriptors, a full disk, unreadable or vanishing logs, a stream too large to hold).
//! Each test asserts the documented exit status and message (docs/DEVELOPMENT.md, "Reliability").
//!
//! A new test goes here when something outside perror breaks under it.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use crate::support::{perror_command, status_of};

/// Runs `perror ARGS` from a shell with a redirection that Command cannot express.
fn shell(redirect: &str, args: &str) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!("exec -a perror \"$0\" {args} {redirect}"))
        .arg(env!("CARGO_BIN_EXE_perror"))
        .output()
        .unwrap()
}

#[test]
fn closed_stdout_is_quiet_like_the_original() {
    // The original exits 0 with nothing on stderr: a closed descriptor 1 is reopened on
    // /dev/null at start-up, as C programs find it.
    let out = shell(">&-", "104 1158");
    assert_eq!(
        (status_of(out.status), out.stderr.as_slice()),
        (0, &b""[..])
    );
}

#[test]
fn closed_stderr_still_answers() {
    let out = shell("2>&-", "104 99999");
    assert_eq!(
        status_of(out.status),
        1,
        "the illegal code still fails the run"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "OS error code 104:  {}\n",
            perror::os_error::message(104).unwrap()
        )
    );
}

#[test]
fn stdin_a_directory() {
    let out = perror_command()
        .arg("--annotate")
        .stdin(std::fs::File::open("/").unwrap())
        .output()
        .unwrap();
    assert_eq!(status_of(out.status), 2);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "perror: cannot open '-': Is a directory\n"
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_next_still_read() {
    // /proc/self/mem opens, but reading its first page fails with EIO, even for root (a
    // file with mode 000 would not stop a root CI).
    let dir = std::env::temp_dir().join(format!("perror-faults-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("ok.log");
    std::fs::write(&log, "x errno: 13\n").unwrap();
    let out = perror_command()
        .args(["--annotate", "/proc/self/mem"])
        .arg(&log)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(status_of(out.status), 2);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "perror: cannot open '/proc/self/mem': Input/output error\n"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("x errno: 13\n    errno: OS error code 13 (EACCES): "),
        "{stdout}"
    );
}

// SIGPIPE mid-stream through --annotate: the annotate module, a_closed_stdout_ends_quietly.

/// How much log to stream: 1 GiB in an optimised build (`cargo test --release`, as .ci/run
/// does), 32 MiB in a debug one, which annotates some 25 times slower; PERROR_STREAM_MIB
/// overrides.
fn stream_size() -> u64 {
    let mib = std::env::var("PERROR_STREAM_MIB")
        .ok()
        .and_then(|v| v.parse().ok());
    mib.unwrap_or(if cfg!(debug_assertions) { 32 } else { 1024 }) << 20
}

#[test]
// The child is reaped by wait4 in wait_with_peak_rss, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn a_generated_gibibyte_streams_in_flat_memory() {
    let size = stream_size();
    let lines: [&[u8]; 10] = [
        b"2024-04-19 17:02:11 20090 [Warning] mariadbd: Could not read packet: fd: 4575  state: 1  read_length: 4  errno: 104  vio_errno: 1158  length: -1\n",
        b"2024-04-19 17:02:12 0 [Note] InnoDB: Buffer pool(s) load completed at 240419 17:02:12\n",
        b"2024-04-19 17:02:13 0 [Note] mariadbd: ready for connections.\n",
        b"2024-04-19 17:02:14 5 [Note] Event Scheduler: Loaded 0 events\n",
        b"2024-04-19 17:02:15 0 [Note] InnoDB: Completed initialization of buffer pool\n",
        b"2024-04-19 17:02:16 0 [Note] Server socket created on IP: '0.0.0.0'.\n",
        b"2024-04-19 17:02:17 0 [Note] InnoDB: 128 rollback segments are active.\n",
        b"2024-04-19 17:02:18 0 [Note] InnoDB: log sequence number 46425; transaction id 14\n",
        b"2024-04-19 17:02:19 0 [Note] Reading of all Master_info entries succeeded\n",
        b"2024-04-19 17:02:20 0 [Note] Added new Master_info '' to hash table\n",
    ];
    let block: Vec<u8> = lines
        .iter()
        .cycle()
        .take(10_000)
        .flat_map(|l| l.iter().copied())
        .collect();
    let mut child = perror_command()
        .arg("--annotate")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut sent = 0u64;
        while sent < size {
            stdin.write_all(&block).unwrap();
            sent += block.len() as u64;
        }
        sent
    });
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let (mut total, mut buf) = (0u64, vec![0u8; 1 << 16]);
        loop {
            match stdout.read(&mut buf).unwrap() {
                0 => return total,
                n => total += n as u64,
            }
        }
    });
    let hwm = watch_high_water_mark(child.id());
    let sent = writer.join().unwrap();
    let received = reader.join().unwrap();
    let (status, _) = wait_with_peak_rss(&child);
    let peak_kib = hwm.join().unwrap();
    assert!(peak_kib > 0, "the child's VmHWM was read while it ran");
    assert_eq!(status, 0);
    // Every byte came back, plus two annotation lines for each tenth line.
    assert!(received > sent, "{received} bytes out for {sent} in");
    assert!(
        peak_kib < 32 * 1024,
        "peak RSS {peak_kib} KiB streaming {} MiB",
        size >> 20
    );
}

/// Waits for `child` and returns its exit status and its own peak resident set in KiB
/// (wait4's rusage is the child's alone, not that of every child of this test process).
/// The child's peak resident memory (VmHWM, KiB), read from /proc while it runs. Not
/// wait4's ru_maxrss: Linux carries the memory a process had before exec into it, and a
/// child spawned by the test binary starts from the test binary's own memory, which
/// other tests running beside this one can make large.
fn watch_high_water_mark(pid: u32) -> std::thread::JoinHandle<i64> {
    std::thread::spawn(move || {
        let mut peak = 0;
        while let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok())
            else {
                break; // a zombie: it has exited
            };
            peak = peak.max(kib);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        peak
    })
}

fn wait_with_peak_rss(child: &std::process::Child) -> (i32, i64) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    #[allow(unsafe_code)]
    // SAFETY: wait4 writes the status and the rusage it is given, both live; the child is
    // ours and not yet waited for.
    let usage = unsafe {
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid);
        usage.assume_init()
    };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    (code, usage.ru_maxrss)
}

#[test]
fn closed_pipe_ends_quietly_like_the_original() {
    // `perror $(seq 0 5000) | head -1`: the original dies of SIGPIPE, silently.
    let mut cmd = perror_command();
    cmd.args((0..=5000).map(|i| i.to_string()));
    // Its stderr holds the illegal codes met before the pipe closed, as the original's.
    let (status, _) = crate::support::status_after_closing_stdout(cmd);
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
