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

impl Stdout<io::Stdout> {
    /// The process's standard output, buffered as glibc would buffer it.
    pub fn new() -> Self {
        let stdout = io::stdout();
        let line_buffered = stdout.is_terminal();
        let block = block_size(&stdout).unwrap_or(DEFAULT_BLOCK);
        Stdout::with(stdout, block, line_buffered)
    }
}

impl Default for Stdout<io::Stdout> {
    fn default() -> Self {
        Self::new()
    }
}

/// `st_blksize` of the file behind fd 1, as glibc reads it to size the buffer.
fn block_size(stdout: &io::Stdout) -> Option<usize> {
    use std::os::fd::AsFd;
    let file = std::fs::File::from(stdout.as_fd().try_clone_to_owned().ok()?);
    let size = file.metadata().ok()?.blksize();
    usize::try_from(size).ok().filter(|&s| s > 0)
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

    /// The wrapped writer (for tests).
    pub fn get_ref(&self) -> &W {
        &self.inner
    }
}

impl<W: Write> Write for Stdout<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    fn write_all(&mut self, mut data: &[u8]) -> io::Result<()> {
        // Fill the buffer; each time it is full, hand over exactly one block. Whole blocks
        // past that go straight through, as glibc's fwrite does.
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

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.inner.flush()
    }
}

/// Writes one line to standard error at once, unbuffered, as C's stderr does. Errors
/// writing to stderr are ignored: there is nowhere left to report them.
pub fn eprint_bytes(line: &[u8]) {
    let mut bytes = Vec::with_capacity(line.len() + 1);
    bytes.extend_from_slice(line);
    bytes.push(b'\n');
    let _ = io::stderr().lock().write_all(&bytes);
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
