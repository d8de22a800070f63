//! Waiting for a reason to sync: a sync engine such as Syncthing bringing
//! other offices' files into the folder, or this working copy changed by
//! another process (the app, a command). The file system's notifications
//! wake the wait; what decides is whether the folder's files or the working
//! copy's changes differ from what the last sync left, so a sync's own
//! writes never wake the next one.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use super::Workspace;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::sync::folder::Folder;

/// Files arriving together (a sync engine writes several at once) wake the
/// wait once, this long after the last of them.
const SETTLE: Duration = Duration::from_millis(750);

/// What a sync would look at: every file of the devices' directories (name,
/// size, modification time) and the working copy's newest change.
#[derive(Debug, Default, PartialEq, Eq)]
struct State {
    files: Vec<(PathBuf, u64, i128)>,
    newest_change: i64,
}

/// A watch on a sync folder and a working copy; see the module's comment.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher>,
    events: Receiver<DebounceEventResult>,
    devices: PathBuf,
    reader: Store,
    seen: State,
}

impl Workspace {
    /// Starts watching `folder` and this working copy. Nothing counts as
    /// new until the first `Watch::synced`.
    pub fn watch(&self, folder: &Path) -> Result<Watch> {
        let target = Folder::open(folder, self.workspace_id()?)?;
        let devices = target.devices_dir().to_path_buf();
        let (tx, events) = std::sync::mpsc::channel();
        let fail = |e: notify_debouncer_mini::notify::Error| {
            Error::io(
                format!(
                    "cannot watch {} for changes (syncing by hand still works; on Linux, the system's limit of watched folders, fs.inotify.max_user_watches, may need raising)",
                    folder.display()
                ),
                std::io::Error::other(e.to_string()),
            )
        };
        let mut debouncer = new_debouncer(SETTLE, tx).map_err(fail)?;
        debouncer
            .watcher()
            .watch(&devices, RecursiveMode::Recursive)
            .map_err(fail)?;
        debouncer
            .watcher()
            .watch(self.dir(), RecursiveMode::NonRecursive)
            .map_err(fail)?;
        Ok(Watch {
            _debouncer: debouncer,
            events,
            devices,
            reader: Store::open_reader(&self.dir().join(super::DB_FILE))?,
            seen: State::default(),
        })
    }
}

impl Watch {
    /// Waits until the folder or the working copy holds something the last
    /// sync did not see; false if `timeout` passed first.
    pub fn wait(&mut self, timeout: Duration) -> Result<bool> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(_) => {
                    // Whatever the notification said (or an error of the
                    // watcher itself), look at the files.
                    while self.events.try_recv().is_ok() {}
                    if self.state()? != self.seen {
                        return Ok(true);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Ok(false),
                Err(RecvTimeoutError::Disconnected) => {
                    // The watcher stopped (the folder was removed): look
                    // at the files once the time is up, as a timer would.
                    std::thread::sleep(left);
                    return Ok(self.state()? != self.seen);
                }
            }
        }
    }

    /// Records what a sync just left, so that its own writes do not count
    /// as new.
    pub fn synced(&mut self) -> Result<()> {
        self.seen = self.state()?;
        Ok(())
    }

    fn state(&self) -> Result<State> {
        let mut files = Vec::new();
        list_files(&self.devices, 0, &mut files);
        files.sort();
        Ok(State {
            files,
            newest_change: self.reader.newest_change()?,
        })
    }
}

/// The files under `dir`, two levels deep (device directories and their
/// files), links not followed, temporary files left out: a file being
/// written counts once it has its final name.
fn list_files(dir: &Path, depth: u8, out: &mut Vec<(PathBuf, u64, i128)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if meta.is_dir() && depth == 0 {
            list_files(&entry.path(), 1, out);
        } else {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            out.push((entry.path(), meta.len(), modified));
        }
    }
}
