//! Where the bytes come from: a file or standard input, read in fixed-size chunks and
//! decompressed on the way when it is gzip (recognised by its magic bytes, so a `.gz`
//! piped to stdin works too, and a log named `.gz` that is not compressed passes through).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;

use flate2::bufread::MultiGzDecoder;

/// How much is read at a time.
pub const CHUNK: usize = 256 * 1024;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Standard input's name on the command line, and in JSON.
pub const STDIN_NAME: &[u8] = b"-";

/// An opened input.
pub struct Input {
    reader: Box<dyn BufRead>,
    /// A pipe or a terminal (`tail -f err.log | perror --annotate`): more may come at any
    /// time, so what was read is written out before waiting for it.
    live: bool,
}

impl Input {
    /// Opens `name`, or standard input for `-`. A directory is refused here (EISDIR), not
    /// at the first read.
    pub fn open(name: &[u8]) -> io::Result<Input> {
        let (raw, live): (Box<dyn Read>, bool) = if name == STDIN_NAME {
            let stdin = io::stdin();
            let live = is_live(&stdin.as_fd().try_clone_to_owned().map(File::from)?);
            (Box::new(stdin.lock()), live)
        } else {
            let file = File::open(std::ffi::OsStr::from_bytes(name))?;
            if file.metadata()?.is_dir() {
                return Err(io::Error::from_raw_os_error(libc::EISDIR));
            }
            let live = is_live(&file);
            (Box::new(file), live)
        };
        let mut input = Input::from_reader(raw)?;
        input.live = live;
        Ok(input)
    }

    /// Whether the input is a pipe, a socket or a terminal rather than a file.
    pub fn is_live(&self) -> bool {
        self.live
    }

    /// Wraps any reader, decompressing it if it starts like gzip.
    pub fn from_reader(raw: Box<dyn Read>) -> io::Result<Input> {
        let mut buffered = BufReader::with_capacity(CHUNK, raw);
        let start = fill(&mut buffered)?;
        let reader: Box<dyn BufRead> = if start.starts_with(&GZIP_MAGIC) {
            // Multi-member: `cat a.gz b.gz` and logrotate's appends are one stream.
            Box::new(BufReader::with_capacity(
                CHUNK,
                MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        Ok(Input {
            reader,
            live: false,
        })
    }

    /// Hands each chunk to `sink` until the end of the input. A read error is
    /// [`Failure::Read`]; an error from `sink` (writing the output) is [`Failure::Write`].
    pub fn pump(&mut self, mut sink: impl FnMut(&[u8]) -> io::Result<()>) -> Result<(), Failure> {
        loop {
            let chunk = fill(&mut self.reader).map_err(Failure::Read)?;
            if chunk.is_empty() {
                return Ok(());
            }
            let len = chunk.len();
            sink(chunk).map_err(Failure::Write)?;
            self.reader.consume(len);
        }
    }
}

#[derive(Debug)]
pub enum Failure {
    Read(io::Error),
    Write(io::Error),
}

/// A pipe, a socket, a terminal: anything but a regular file (or a block device).
fn is_live(file: &File) -> bool {
    use std::os::unix::fs::FileTypeExt;
    file.metadata().is_ok_and(|m| {
        let t = m.file_type();
        t.is_fifo() || t.is_socket() || t.is_char_device()
    })
}

/// `fill_buf`, retried when a signal interrupts it. Empty at the end of the input (and
/// then not asked again: a terminal would wait for more).
fn fill<R: BufRead + ?Sized>(reader: &mut R) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
            Ok([]) => return Ok(&[]),
            // Returning this borrow from inside the loop does not pass the borrow
            // checker yet; the buffer is full now, so asking again reads nothing.
            Ok(_) => break,
        }
    }
    reader.fill_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(input: &mut Input) -> Vec<u8> {
        let mut all = Vec::new();
        input
            .pump(|c| {
                all.extend_from_slice(c);
                Ok(())
            })
            .unwrap();
        all
    }

    #[test]
    fn plain_bytes_pass_unchanged() {
        let data = b"line one\r\n\xff\xfe binary\0junk\nno newline".to_vec();
        let mut input = Input::from_reader(Box::new(io::Cursor::new(data.clone()))).unwrap();
        assert_eq!(read_all(&mut input), data);
    }

    #[test]
    fn gzip_is_recognised_by_its_magic_and_members_are_joined() {
        let mut gz = Vec::new();
        for part in [&b"first member\n"[..], b"second\n"] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let mut input = Input::from_reader(Box::new(io::Cursor::new(gz))).unwrap();
        assert_eq!(read_all(&mut input), b"first member\nsecond\n");
    }

    #[test]
    fn corrupt_gzip_is_a_read_failure() {
        let bad = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff];
        let mut input = Input::from_reader(Box::new(io::Cursor::new(bad))).unwrap();
        assert!(matches!(input.pump(|_| Ok(())), Err(Failure::Read(_))));
    }

    #[test]
    fn a_pipe_is_live_and_a_file_is_not() {
        let path = std::env::temp_dir().join(format!("perror-live-{}", std::process::id()));
        std::fs::write(&path, b"x\n").unwrap();
        let file = Input::open(path.as_os_str().as_bytes()).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(!file.is_live(), "a regular file");
        assert!(
            is_live(&File::open("/dev/null").unwrap()),
            "a character device"
        );
        let (reader, _writer) = std::io::pipe().unwrap();
        assert!(is_live(&File::from(std::os::fd::OwnedFd::from(reader))));
    }

    #[test]
    fn directories_and_missing_files_fail_to_open() {
        let e = Input::open(b"/").err().unwrap();
        assert_eq!(e.raw_os_error(), Some(libc::EISDIR));
        let e = Input::open(b"/nonexistent/perror-test").err().unwrap();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }
}
