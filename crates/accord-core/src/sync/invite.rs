//! Invite files: what a new device needs to join a workspace offline (the
//! workspace's id and key, its roster, a one-time token), protected by a
//! passphrase that the coordinator gives the new user by another way.
//!
//! Format: magic `ACCINV1\n`, 16 bytes of Argon2id salt, a 24-byte nonce,
//! then the invite as JSON encrypted with XChaCha20-Poly1305 under the key
//! Argon2id derives from the passphrase (the first 48 bytes as associated
//! data).

use argon2::Argon2;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const MAGIC: &[u8; 8] = b"ACCINV1\n";
const HEADER: usize = 8 + 16 + 24;
/// Invites are small (a roster); anything much larger is not one.
const MAX_BYTES: usize = 64 * 1024 * 1024;
pub const MIN_PASSPHRASE: usize = 8;

/// What an invite carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub workspace: Uuid,
    pub workspace_name: String,
    /// The workspace key, hex.
    pub key: String,
    /// The organisation the new device will belong to.
    pub org: Uuid,
    pub org_name: String,
    /// One-time token, hex: the new device's join request carries it.
    pub token: String,
    /// The inviting device's public key, hex.
    pub inviter: String,
    /// The roster's changes, hex: the new device checks envelopes against it.
    pub roster: Vec<String>,
    /// The organisation's own document's changes, hex.
    pub org_doc: Vec<String>,
}

/// A new device's request to be admitted, sealed in its join-request file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub token: String,
    pub org: Uuid,
    /// The ids the device and its person will have on the roster: the new
    /// device writes with them before it is admitted.
    pub device: Uuid,
    pub person: Uuid,
    pub person_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InviteError {
    #[error("this is not an Accord invite file")]
    NotAnInvite,
    #[error("the passphrase is wrong, or the invite file is damaged")]
    WrongPassphrase,
    #[error("the passphrase must have at least {MIN_PASSPHRASE} characters")]
    ShortPassphrase,
    #[error("the invite's contents are malformed: {0}")]
    Malformed(String),
}

fn derive(passphrase: &str, salt: &[u8]) -> Result<[u8; 32], InviteError> {
    let mut key = [0u8; 32];
    Argon2::default()
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| InviteError::Malformed(e.to_string()))?;
    Ok(key)
}

/// Encrypts an invite under a passphrase.
pub fn seal(invite: &Invite, passphrase: &str) -> Result<Vec<u8>, InviteError> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(InviteError::ShortPassphrase);
    }
    let mut header = [0u8; HEADER];
    header[..8].copy_from_slice(MAGIC);
    getrandom::fill(&mut header[8..]).expect("the operating system's random source failed");
    let key = derive(passphrase, &header[8..24])?;
    let nonce: [u8; 24] = header[24..].try_into().expect("24 bytes");
    let json = serde_json::to_vec(invite).expect("an invite serialises");
    let sealed = XChaCha20Poly1305::new((&key).into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &json,
                aad: &header,
            },
        )
        .expect("encryption of an in-memory buffer does not fail");
    Ok([header.as_slice(), &sealed].concat())
}

/// Opens an invite with its passphrase.
pub fn open(bytes: &[u8], passphrase: &str) -> Result<Invite, InviteError> {
    if bytes.len() > MAX_BYTES || bytes.len() < HEADER + 16 || &bytes[..8] != MAGIC {
        return Err(InviteError::NotAnInvite);
    }
    let key = derive(passphrase, &bytes[8..24])?;
    let nonce: [u8; 24] = bytes[24..HEADER].try_into().expect("24 bytes");
    let json = XChaCha20Poly1305::new((&key).into())
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &bytes[HEADER..],
                aad: &bytes[..HEADER],
            },
        )
        .map_err(|_| InviteError::WrongPassphrase)?;
    serde_json::from_slice(&json).map_err(|e| InviteError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invite() -> Invite {
        Invite {
            workspace: Uuid::new_v4(),
            workspace_name: "Mongolia".into(),
            key: "00".repeat(32),
            org: Uuid::new_v4(),
            org_name: "NGO Forum".into(),
            token: "ab".repeat(16),
            inviter: "cd".repeat(32),
            roster: vec!["0102".into()],
            org_doc: vec![],
        }
    }

    #[test]
    fn an_invite_opens_only_with_its_passphrase() {
        let invite = invite();
        let sealed = seal(&invite, "correct horse").unwrap();
        assert_eq!(open(&sealed, "correct horse").unwrap(), invite);
        assert_eq!(
            open(&sealed, "wrong horse"),
            Err(InviteError::WrongPassphrase)
        );
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(
            open(&flipped, "correct horse"),
            Err(InviteError::WrongPassphrase)
        );
        assert_eq!(
            open(&sealed[..40], "correct horse"),
            Err(InviteError::NotAnInvite)
        );
        assert_eq!(open(b"{}", "correct horse"), Err(InviteError::NotAnInvite));
        assert_eq!(seal(&invite, "short"), Err(InviteError::ShortPassphrase));
        // The key and the names are not readable in the file.
        assert!(!sealed.windows(8).any(|w| w == b"Mongolia"));
    }
}
