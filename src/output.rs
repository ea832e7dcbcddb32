//! Standard output buffered the way C's stdio buffers it, so that perror's stdout and
//! stderr interleave exactly like the original's when both go to one place
//! (`perror 1 99999 2>&1 | …`).
//!
//! glibc line-buffers a terminal and fully buffers anything else in blocks of the
//! file's `st_blksize`, writing only whole blocks until the final flush; stderr is not
//! buffered at all. [`Stdout`] does the same, so every byte reaches the file descriptor
//! in the same chunks as the original's.

use std::io::{self, IsTerminal, Write};
use std::os::unix::fs::MetadataExt;

/// glibc's fallback when the file reports no block size (`BUFSIZ`).
const DEFAULT_BLOCK: usize = 8192;

pub struct Stdout<W: Write> {
    inner: W,
    buf: Vec<u8>,
    block: usize,
    line_buffered: bool,
}

/// Where standard output goes: file descriptor 1 itself. Rust's `io::Stdout` keeps a
/// line buffer of its own, which would cut our blocks at line ends.
pub enum Fd1 {
    File(std::fs::File),
    /// fd 1 could not be duplicated (it is closed, say); fall back to `io::Stdout`.
    Std(io::Stdout),
}

impl Write for Fd1 {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        match self {
            Fd1::File(f) => f.write(data),
            Fd1::Std(s) => s.write(data),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Fd1::File(f) => f.flush(),
            Fd1::Std(s) => s.flush(),
        }
    }
}

impl Stdout<Fd1> {
    /// The process's standard output, buffered as glibc would buffer it.
    pub fn new() -> Self {
        use std::os::fd::AsFd;
        let stdout = io::stdout();
        let line_buffered = stdout.is_terminal();
        // A duplicate of fd 1 shares its file offset and flags: writing to it is writing
        // to standard output, without Rust's line buffer in between.
        match stdout.as_fd().try_clone_to_owned() {
            Ok(fd) => {
                let file = std::fs::File::from(fd);
                let block = file
                    .metadata()
                    .ok()
                    .and_then(|m| usize::try_from(m.blksize()).ok())
                    .filter(|&b| b > 0)
                    .unwrap_or(DEFAULT_BLOCK);
                Stdout::with(Fd1::File(file), block, line_buffered)
            }
            Err(_) => Stdout::with(Fd1::Std(stdout), DEFAULT_BLOCK, line_buffered),
        }
    }
}

impl Default for Stdout<Fd1> {
    fn default() -> Self {
        Self::new()
    }
}

impl<W: Write> Stdout<W> {
    pub fn with(inner: W, block: usize, line_buffered: bool) -> Self {
        Stdout {
            inner,
            buf: Vec::with_capacity(block),
            block: block.max(1),
            line_buffered,
        }
    }

    /// The wrapped writer, for the tests of what reached it.
    #[cfg(test)]
    fn get_ref(&self) -> &W {
        &self.inner
    }
}

impl<W: Write> Stdout<W> {
    /// Fills the buffer; each time it is full, hands over exactly one block. Whole blocks
    /// past that go straight through, as glibc's fwrite does. A line-buffered stdout
    /// (a terminal) is flushed at each line end.
    #[inline(never)]
    fn write_through(&mut self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            let room = self.block - self.buf.len();
            let take = room.min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.buf.len() == self.block {
                self.inner.write_all(&self.buf)?;
                self.buf.clear();
                let whole = data.len() - data.len() % self.block;
                if whole > 0 {
                    self.inner.write_all(&data[..whole])?;
                    data = &data[whole..];
                }
            }
        }
        if self.line_buffered && self.buf.contains(&b'\n') {
            self.flush()?;
        }
        Ok(())
    }
}

impl<W: Write> Write for Stdout<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    #[inline]
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        // The usual case, kept small enough to inline: a piece that fits in the block
        // being filled, on a fully buffered stdout.
        if !self.line_buffered && data.len() < self.block - self.buf.len() {
            self.buf.extend_from_slice(data);
            return Ok(());
        }
        self.write_through(data)
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.inner.flush()
    }
}

/// `prog: message` on stderr: how every error that ends or spoils a run is reported.
pub fn eprint_error(prog: &[u8], e: &crate::error::Error) {
    let mut line = prog.to_vec();
    line.extend_from_slice(format!(": {e}").as_bytes());
    eprint_bytes(&line);
}

/// Writes one line to standard error at once, unbuffered, as C's stderr does. Errors
/// writing to stderr are ignored: there is nowhere left to report them.
pub fn eprint_bytes(line: &[u8]) {
    // One write(2) for the line and its end, from the stack for the usual short line
    // (`perror $(seq 0 5000)` prints thousands of `Illegal error code: N`).
    let mut short = [0u8; 128];
    let mut long = Vec::new();
    let bytes: &mut [u8] = if line.len() < short.len() {
        &mut short[..=line.len()]
    } else {
        long.resize(line.len() + 1, 0);
        &mut long
    };
    let (text, end) = bytes.split_at_mut(line.len());
    text.copy_from_slice(line);
    end[0] = b'\n';
    crate::sys::write_stderr(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each write the buffer passes on.
    #[derive(Default)]
    struct Chunks(Vec<Vec<u8>>);

    impl Write for Chunks {
        fn write(&mut self, d: &[u8]) -> io::Result<usize> {
            self.0.push(d.to_vec());
            Ok(d.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn full_buffering_writes_whole_blocks_only() {
        let mut out = Stdout::with(Chunks::default(), 4, false);
        out.write_all(b"ab").unwrap();
        assert!(out.get_ref().0.is_empty());
        out.write_all(b"cdefghijk").unwrap();
        let sizes: Vec<usize> = out.get_ref().0.iter().map(Vec::len).collect();
        assert_eq!(sizes, [4, 4]);
        out.flush().unwrap();
        let all: Vec<u8> = out.get_ref().0.concat();
        assert_eq!(all, b"abcdefghijk");
    }

    #[test]
    fn line_buffering_flushes_at_newline() {
        let mut out = Stdout::with(Chunks::default(), 64, true);
        out.write_all(b"one").unwrap();
        assert!(out.get_ref().0.is_empty());
        out.write_all(b"\n").unwrap();
        assert_eq!(out.get_ref().0.concat(), b"one\n");
    }
}
