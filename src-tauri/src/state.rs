//! The working copy the app holds open, shared by every command.

use std::path::PathBuf;
use std::sync::Mutex;

use accord_core::Workspace;
use accord_core::store::Store;

use crate::error::{UiError, UiResult};

pub struct AppState {
    /// Where the working copy lives: ACCORD_WORKSPACE, else the same data
    /// folder as the `accord` command's.
    pub dir: PathBuf,
    /// Why the working copy in `dir` could not be opened, if it could not.
    pub problem: Option<UiError>,
    ws: Mutex<Option<Workspace>>,
    /// A second, read-only connection for the recommendations list: the
    /// list answers while the working copy is busy with a long view (the
    /// dashboard's counts), a print or a sync.
    reader: Mutex<Option<Store>>,
    /// The automatic sync, while it is on.
    auto_sync: Mutex<Option<crate::commands::autosync::AutoSync>>,
}

/// The list's connection, or none (the list then uses the working copy's).
fn reader_of(ws: &Workspace) -> Option<Store> {
    Store::open_reader(ws.store().path()).ok()
}

impl AppState {
    /// Opens the working copy if there is one; the first-start screen
    /// handles a folder without one, and shows why one could not be opened.
    pub fn open(dir: PathBuf) -> AppState {
        let (ws, problem) = if Workspace::exists(&dir) {
            match Workspace::open(&dir) {
                Ok(ws) => (Some(ws), None),
                Err(e) => (None, Some(UiError::from(e))),
            }
        } else {
            (None, None)
        };
        AppState {
            dir,
            problem,
            reader: Mutex::new(ws.as_ref().and_then(reader_of)),
            ws: Mutex::new(ws),
            auto_sync: Mutex::new(None),
        }
    }

    /// SQLite's count of commits by other connections: it moves when
    /// another process (the `accord` command) writes to the working copy.
    pub fn outside_writes(&self) -> Option<i64> {
        self.lock()
            .as_ref()
            .and_then(|ws| ws.store().data_version().ok())
    }

    /// Replaces the automatic sync (the one running stops).
    pub fn set_auto_sync(&self, auto: Option<crate::commands::autosync::AutoSync>) {
        *self
            .auto_sync
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = auto;
    }

    pub fn is_open(&self) -> bool {
        self.lock().is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Workspace>> {
        // A command that panicked left no half-made change behind (each
        // write is one SQLite transaction), so the working copy is usable.
        self.ws.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the open working copy.
    pub fn with<T>(&self, f: impl FnOnce(&mut Workspace) -> accord_core::Result<T>) -> UiResult<T> {
        let mut guard = self.lock();
        let ws = guard.as_mut().ok_or_else(UiError::no_workspace)?;
        Ok(f(ws)?)
    }

    /// Runs a read of the index on the list's own connection, else on the
    /// working copy's.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> accord_core::Result<T>) -> UiResult<T> {
        {
            let reader = self.reader.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(store) = reader.as_ref() {
                return Ok(f(store)?);
            }
        }
        self.with(|ws| f(ws.store()))
    }

    /// Runs `f`, which fails with the shell's own errors, on the open
    /// working copy.
    pub fn with_ui<T>(&self, f: impl FnOnce(&mut Workspace) -> UiResult<T>) -> UiResult<T> {
        let mut guard = self.lock();
        let ws = guard.as_mut().ok_or_else(UiError::no_workspace)?;
        f(ws)
    }

    /// Makes a working copy with `make` unless one is open.
    pub fn install(
        &self,
        make: impl FnOnce(&std::path::Path) -> accord_core::Result<Workspace>,
    ) -> UiResult<()> {
        let mut guard = self.lock();
        if guard.is_some() || self.problem.is_some() {
            return Err(UiError::new(
                "workspace-exists",
                format!(
                    "A workspace is open already in {}; Accord keeps one working copy per folder.",
                    self.dir.display()
                ),
            ));
        }
        let ws = make(&self.dir)?;
        *self.reader.lock().unwrap_or_else(|p| p.into_inner()) = reader_of(&ws);
        *guard = Some(ws);
        Ok(())
    }
}
