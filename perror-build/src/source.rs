//! Where the data files come from: `data/` on disk for the build, memory for tests.
//!
//! Paths are relative to `data/` (`mariadb-11.8/server.tsv`), which is also how errors
//! name them (`data/mariadb-11.8/server.tsv:3: …`).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;

use crate::tsv::{self, DataError, Record};

/// A tree of data files.
pub trait Source {
    /// The text of the file at `rel`.
    fn read(&self, rel: &str) -> io::Result<String>;
    /// Whether there is a file at `rel` (for optional files).
    fn exists(&self, rel: &str) -> bool;
    /// The names of the entries of the directory at `rel`, in no particular order.
    fn list(&self, rel: &str) -> io::Result<Vec<String>>;
}

/// A `data/` directory on disk. Remembers what was read, for `cargo:rerun-if-changed`.
pub struct DataDir {
    root: PathBuf,
    watched: RefCell<Vec<PathBuf>>,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir {
            root: root.into(),
            watched: RefCell::new(Vec::new()),
        }
    }

    /// Every file and directory read so far, in the order read.
    pub fn watched(&self) -> Vec<PathBuf> {
        self.watched.borrow().clone()
    }

    fn watch(&self, rel: &str) -> PathBuf {
        let path = self.root.join(rel);
        self.watched.borrow_mut().push(path.clone());
        path
    }
}

impl Source for DataDir {
    fn read(&self, rel: &str) -> io::Result<String> {
        std::fs::read_to_string(self.watch(rel))
    }

    fn exists(&self, rel: &str) -> bool {
        // Not watched when absent: a path that does not exist makes cargo rerun the build
        // script every time. The build watches all of data/ anyway, which sees it appear.
        self.root.join(rel).is_file()
    }

    fn list(&self, rel: &str) -> io::Result<Vec<String>> {
        std::fs::read_dir(self.watch(rel))?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect()
    }
}

/// Files held in memory, for tests: path relative to `data/` → text.
#[derive(Debug, Default, Clone)]
pub struct Memory {
    files: BTreeMap<String, String>,
}

impl Memory {
    /// Adds or replaces a file.
    pub fn with(mut self, rel: &str, text: &str) -> Memory {
        self.files.insert(rel.to_string(), text.to_string());
        self
    }

    /// Removes a file.
    pub fn without(mut self, rel: &str) -> Memory {
        self.files.remove(rel);
        self
    }
}

impl Source for Memory {
    fn read(&self, rel: &str) -> io::Result<String> {
        self.files
            .get(rel)
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    fn exists(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    fn list(&self, rel: &str) -> io::Result<Vec<String>> {
        let prefix = format!("{rel}/");
        Ok(self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(str::to_string)
            .collect())
    }
}

/// Reads and parses the TSV file at `rel`, checking its header.
pub(crate) fn read_tsv(
    source: &dyn Source,
    rel: &str,
    header: &[&str],
) -> Result<Vec<Record>, DataError> {
    let file = format!("data/{rel}");
    let text = source.read(rel).map_err(|e| DataError {
        file: file.clone(),
        line: 0,
        reason: format!("cannot read: {e}"),
    })?;
    tsv::parse(&file, &text, header)
}

/// A record and the file it is in: what a data error names.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    pub rel: &'a str,
    pub record: &'a Record,
}

impl<'a> At<'a> {
    pub fn new(rel: &'a str, record: &'a Record) -> At<'a> {
        At { rel, record }
    }

    pub fn field(&self, i: usize) -> &'a str {
        self.record.get(i)
    }

    /// `data/<rel>:<line>: <reason>`.
    pub fn error(&self, reason: impl Into<String>) -> DataError {
        DataError {
            file: format!("data/{}", self.rel),
            line: self.record.line,
            reason: reason.into(),
        }
    }

    /// Field `i` as a code.
    pub fn code(&self, i: usize) -> Result<i32, DataError> {
        let text = self.field(i);
        text.parse()
            .map_err(|_| self.error(format!("code {text:?} is not a number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_lists_one_directory_and_reads_files() {
        let m = Memory::default()
            .with("explain/a.md", "A")
            .with("explain/b.md", "B")
            .with("explainer.tsv", "x");
        let mut names = m.list("explain").unwrap();
        names.sort();
        assert_eq!(names, ["a.md", "b.md"]);
        assert_eq!(m.read("explain/b.md").unwrap(), "B");
        assert!(!m.exists("explain/c.md"));
        assert!(m.without("explain/b.md").read("explain/b.md").is_err());
    }

    #[test]
    fn a_missing_file_is_a_data_error_naming_it() {
        let e = read_tsv(&Memory::default(), "x/server.tsv", &["code"]).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("data/x/server.tsv", 0));
        assert!(e.reason.starts_with("cannot read: "), "{e}");
    }

    #[test]
    fn a_data_dir_remembers_what_it_read_but_not_what_is_absent() {
        let root = std::env::temp_dir().join(format!("perror-build-src-{}", std::process::id()));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.tsv"), "x\n").unwrap();
        let dir = DataDir::new(&root);
        assert_eq!(dir.read("sub/a.tsv").unwrap(), "x\n");
        assert!(!dir.exists("sub/missing.tsv"));
        assert_eq!(dir.list("sub").unwrap(), ["a.tsv"]);
        assert_eq!(dir.watched(), [root.join("sub/a.tsv"), root.join("sub")]);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
