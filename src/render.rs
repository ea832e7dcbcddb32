//! perror's output lines, byte for byte.

use std::io::{self, Write};

use crate::lookup::Match;

/// Writes `m` the way perror prints it. Verbose lines carry the code (`%3d`, as the
/// original's printf does); silent ones (`-s`) only the message.
pub fn perror_line(out: &mut impl Write, m: &Match, verbose: bool) -> io::Result<()> {
    match (m, verbose) {
        (Match::Os { code, message }, true) => writeln!(out, "OS error code {code:3}:  {message}"),
        (Match::Handler(e), true) => {
            writeln!(out, "MariaDB error code {:3}: {}", e.code, e.message)
        }
        // The legacy table's text is "NAME: message" in both modes:
        // `perror -s -- -30999` prints `DB_INCOMPLETE: Sync didn't finish`.
        (Match::Bdb(e), true) => writeln!(
            out,
            "MariaDB error code {:3}: {}: {}",
            e.code, e.name, e.message
        ),
        (Match::Bdb(e), false) => writeln!(out, "{}: {}", e.name, e.message),
        (Match::Server { entry, message }, true) => {
            writeln!(
                out,
                "MariaDB error code {:3} ({}): {message}",
                entry.code, entry.name
            )?;
            writeln!(out, "Learn more: https://err.mariadb.com/{}", entry.code)
        }
        (Match::Client(e), true) => writeln!(
            out,
            "MariaDB client error code {} ({}): {}",
            e.code, e.name, e.message
        ),
        (Match::Global(e), true) => writeln!(
            out,
            "MariaDB global error code {} ({}): {}",
            e.code, e.name, e.message
        ),
        (m, false) => writeln!(out, "{}", m.message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Flavor;
    use crate::lookup::matches;

    fn lines(code: i32, verbose: bool) -> String {
        let mut out = Vec::new();
        for m in matches(Flavor::find("mariadb-11.8").unwrap(), code) {
            perror_line(&mut out, &m, verbose).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn verbose_and_silent_server_lines() {
        assert_eq!(
            lines(1158, true),
            "MariaDB error code 1158 (ER_NET_READ_ERROR): Got an error reading communication packets\n\
             Learn more: https://err.mariadb.com/1158\n"
        );
        assert_eq!(
            lines(1158, false),
            "Got an error reading communication packets\n"
        );
    }

    #[test]
    fn codes_are_padded_to_three() {
        assert_eq!(lines(5, true), "OS error code   5:  Input/output error\n");
    }

    #[test]
    fn client_lines_say_client() {
        assert_eq!(
            lines(2013, true),
            "MariaDB client error code 2013 (CR_SERVER_LOST): Lost connection to server during query\n"
        );
    }
}
