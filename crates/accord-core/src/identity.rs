//! This device's identity (an ed25519 key pair) and the workspace key. The private key lives in a
//! file of its own with owner-only permissions, in the working copy's folder
//! (never in a sync folder, never in the database that other tools may copy).

use std::io::Write;
use std::path::Path;

use ed25519_dalek::SigningKey;

use crate::error::{Error, Result};

pub struct Identity {
    key: SigningKey,
}

impl Identity {
    pub fn generate() -> Identity {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the operating system's random source failed");
        Identity {
            key: SigningKey::from_bytes(&secret),
        }
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    pub fn public_hex(&self) -> String {
        hex::encode(self.public_key())
    }

    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    pub fn load(path: &Path) -> Result<Identity> {
        let bytes = read_secret(
            path,
            "this device's key",
            "restore it from a backup of this folder (a working copy cannot write without it)",
        )?;
        Ok(Identity {
            key: SigningKey::from_bytes(&bytes),
        })
    }

    /// Writes the key to a new file readable by its owner only; refuses to
    /// overwrite one.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_secret(path, "this device's key", &self.key.to_bytes())
    }
}

/// The key every device of a workspace shares, with which envelopes are
/// encrypted. It reaches a new device only inside a passphrase-protected
/// invite, and never enters a sync folder.
#[derive(Clone)]
pub struct WorkspaceKey([u8; 32]);

impl WorkspaceKey {
    pub fn generate() -> WorkspaceKey {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the operating system's random source failed");
        WorkspaceKey(key)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> WorkspaceKey {
        WorkspaceKey(bytes)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn load(path: &Path) -> Result<WorkspaceKey> {
        read_secret(
            path,
            "the workspace key",
            "restore it from a backup of this folder, or join the workspace again from an invite",
        )
        .map(WorkspaceKey)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        write_secret(path, "the workspace key", &self.0)
    }
}

impl std::fmt::Debug for WorkspaceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WorkspaceKey(..)")
    }
}

fn read_secret(path: &Path, what: &str, restore: &str) -> Result<[u8; 32]> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            format!("; {restore}")
        } else {
            String::new()
        };
        Error::io(format!("cannot read {what} {}{hint}", path.display()), e)
    })?;
    hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::Corrupt {
            path: path.to_path_buf(),
            reason: format!("{what} file is damaged; {restore}"),
        })
}

/// Writes a secret to a new file readable by its owner only; refuses to
/// overwrite one (a key replaced by mistake cannot be recovered).
fn write_secret(path: &Path, what: &str, secret: &[u8; 32]) -> Result<()> {
    let context = || format!("cannot write {what} {}", path.display());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| Error::io(context(), e))?;
    file.write_all(hex::encode(secret).as_bytes())
        .and_then(|_| file.write_all(b"\n"))
        .and_then(|_| file.sync_all())
        .map_err(|e| Error::io(context(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_survives_a_round_trip_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.key");
        let id = Identity::generate();
        id.save(&path).unwrap();
        assert_eq!(Identity::load(&path).unwrap().public_key(), id.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(id.save(&path).is_err(), "an existing key was overwritten");
        std::fs::write(&path, "not hex").unwrap();
        assert!(matches!(Identity::load(&path), Err(Error::Corrupt { .. })));
    }
}
