//! Invite files: what a new device needs to join a workspace offline (the
//! workspace's id and key, its roster, a one-time token), protected by a
//! passphrase that the coordinator gives the new user by another way.
//!
//! Format (docs/sync-format.md): magic `ACCINV2\n`, the Argon2id costs
//! (memory in KiB, passes, lanes: 4 bytes each, big-endian), 16 bytes of
//! salt, a 24-byte nonce, then the invite as JSON encrypted with
//! XChaCha20-Poly1305 under the key Argon2id derives from the passphrase
//! (the first 60 bytes as associated data).
//!
//! An invite is opened once per device, so the key derivation may be slow:
//! 256 MiB and three passes (about 0.6 s on one core) make each guess of a
//! passphrase as costly for whoever finds the file.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const MAGIC: &[u8; 8] = b"ACCINV2\n";
/// The first format, whose key derivation was too cheap; refused with advice.
const MAGIC_V1: &[u8; 8] = b"ACCINV1\n";
const HEADER: usize = 8 + 12 + 16 + 24;
/// Invites are small (a roster); anything much larger is not one.
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Argon2id's costs: what sealing uses, and the bounds an invite's header
/// must keep to be opened (a hostile file must not ask for gigabytes).
pub const MEMORY_KIB: u32 = 256 * 1024;
pub const PASSES: u32 = 3;
const LANES: u32 = 1;
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_PASSES: u32 = 16;
const MAX_LANES: u32 = 8;

/// A passphrase must be expected to take at least 10^this many guesses.
pub const MIN_GUESSES_LOG10: f64 = 12.0;
/// Words in a proposed passphrase: 6 of the EFF's 7,776 give 77 bits.
const PROPOSED_WORDS: usize = 6;

/// What an invite carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    /// Names the invite on the inviting device (to list or cancel it);
    /// unlike the token it proves nothing.
    pub id: Uuid,
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
    /// Milliseconds since the epoch after which the inviting device admits
    /// nobody with it.
    pub expires: i64,
    /// The roster's changes, hex: the new device checks envelopes against it.
    pub roster: Vec<String>,
    /// The organisation's own document's changes, hex.
    pub org_doc: Vec<String>,
    /// The workspace keys made since the first (at revocations), so that
    /// the new device reads what was sealed with them.
    #[serde(default)]
    pub keys: Vec<InviteKey>,
}

/// A workspace key carried in an invite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteKey {
    /// The key, hex.
    pub secret: String,
    /// The devices it excludes, hex.
    pub excludes: Vec<String>,
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
    #[error(
        "this invite was made by an older version of Accord, whose invites are no longer accepted; ask the coordinator for a new one"
    )]
    Outdated,
    #[error("the passphrase is wrong, or the invite file is damaged")]
    WrongPassphrase,
    #[error(
        "this passphrase is too easy to guess (about 10^{guesses_log10} tries{hint}); use the passphrase Accord proposes, or five or more unrelated words"
    )]
    WeakPassphrase { guesses_log10: u32, hint: String },
    #[error("the invite's contents are malformed: {0}")]
    Malformed(String),
}

/// A new passphrase: six words drawn at random from the EFF's long list
/// (77 bits), easy to read out on a telephone.
pub fn propose_passphrase() -> String {
    let words = diceware_wordlists::Wordlist::EffLong.get_list();
    (0..PROPOSED_WORDS)
        .map(|_| words[uniform(words.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join("-")
}

/// A random number below `n`, without the bias of a plain modulo.
fn uniform(n: u64) -> u64 {
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).expect("the operating system's random source failed");
        let x = u64::from_le_bytes(b);
        if x < zone {
            return x % n;
        }
    }
}

/// Refuses a passphrase that could be guessed, judged by zxcvbn (which
/// knows common passwords, names, dates, keyboard patterns, and the words
/// given in `context`, such as the workspace's and organisations' names).
pub fn check_passphrase(passphrase: &str, context: &[&str]) -> Result<(), InviteError> {
    let estimate = zxcvbn::zxcvbn(passphrase, context);
    let log10 = estimate.guesses_log10();
    if log10 >= MIN_GUESSES_LOG10 {
        return Ok(());
    }
    let hint = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!(": {}", w.to_string().trim_end_matches('.').to_lowercase()))
        .unwrap_or_default();
    Err(InviteError::WeakPassphrase {
        guesses_log10: log10.floor().max(0.0) as u32,
        hint,
    })
}

fn derive(passphrase: &str, salt: &[u8], costs: [u32; 3]) -> Result<[u8; 32], InviteError> {
    let [memory, passes, lanes] = costs;
    if !(8 * lanes..=MAX_MEMORY_KIB).contains(&memory)
        || !(1..=MAX_PASSES).contains(&passes)
        || !(1..=MAX_LANES).contains(&lanes)
    {
        return Err(InviteError::NotAnInvite);
    }
    let params = Params::new(memory, passes, lanes, Some(32))
        .map_err(|e| InviteError::Malformed(e.to_string()))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| InviteError::Malformed(e.to_string()))?;
    Ok(key)
}

/// Encrypts an invite under a passphrase, which must be strong enough.
pub fn seal(invite: &Invite, passphrase: &str, context: &[&str]) -> Result<Vec<u8>, InviteError> {
    check_passphrase(passphrase, context)?;
    let mut header = [0u8; HEADER];
    header[..8].copy_from_slice(MAGIC);
    for (i, v) in [MEMORY_KIB, PASSES, LANES].into_iter().enumerate() {
        header[8 + 4 * i..12 + 4 * i].copy_from_slice(&v.to_be_bytes());
    }
    getrandom::fill(&mut header[20..]).expect("the operating system's random source failed");
    let key = derive(passphrase, &header[20..36], [MEMORY_KIB, PASSES, LANES])?;
    let nonce: [u8; 24] = header[36..].try_into().expect("24 bytes");
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
    if bytes.len() >= 8 && &bytes[..8] == MAGIC_V1 {
        return Err(InviteError::Outdated);
    }
    if bytes.len() > MAX_BYTES || bytes.len() < HEADER + 16 || &bytes[..8] != MAGIC {
        return Err(InviteError::NotAnInvite);
    }
    let cost = |i: usize| u32::from_be_bytes(bytes[8 + 4 * i..12 + 4 * i].try_into().expect("4"));
    let key = derive(passphrase, &bytes[20..36], [cost(0), cost(1), cost(2)])?;
    let nonce: [u8; 24] = bytes[36..HEADER].try_into().expect("24 bytes");
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

    const STRONG: &str = "correct horse battery staple";

    fn invite() -> Invite {
        Invite {
            id: Uuid::new_v4(),
            workspace: Uuid::new_v4(),
            workspace_name: "Mongolia".into(),
            key: "00".repeat(32),
            org: Uuid::new_v4(),
            org_name: "NGO Forum".into(),
            token: "ab".repeat(16),
            inviter: "cd".repeat(32),
            expires: 0,
            roster: vec!["0102".into()],
            org_doc: vec![],
            keys: vec![],
        }
    }

    #[test]
    fn an_invite_opens_only_with_its_passphrase() {
        let invite = invite();
        let sealed = seal(&invite, STRONG, &[]).unwrap();
        assert_eq!(open(&sealed, STRONG).unwrap(), invite);
        assert_eq!(
            open(&sealed, "wrong horse"),
            Err(InviteError::WrongPassphrase)
        );
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(open(&flipped, STRONG), Err(InviteError::WrongPassphrase));
        assert_eq!(open(&sealed[..40], STRONG), Err(InviteError::NotAnInvite));
        assert_eq!(open(b"{}", STRONG), Err(InviteError::NotAnInvite));
        // The key and the names are not readable in the file.
        assert!(!sealed.windows(8).any(|w| w == b"Mongolia"));
    }

    #[test]
    fn weak_passphrases_are_refused_and_proposals_are_strong() {
        for weak in [
            "12345678",
            "        ",
            "mongolia2024",
            "password1",
            "Tsetseg2024!",
        ] {
            assert!(
                matches!(
                    seal(&invite(), weak, &["Tsetseg"]),
                    Err(InviteError::WeakPassphrase { .. })
                ),
                "{weak:?} was accepted"
            );
        }
        // A context word (the workspace's name) does not count as strength.
        assert!(check_passphrase("Khuvsgul-Accord", &["Khuvsgul", "Accord"]).is_err());
        let a = propose_passphrase();
        let b = propose_passphrase();
        assert_ne!(a, b);
        assert_eq!(a.split('-').count(), PROPOSED_WORDS);
        check_passphrase(&a, &[]).unwrap();
    }

    #[test]
    fn hostile_headers_are_refused_before_any_work() {
        let sealed = seal(&invite(), STRONG, &[]).unwrap();
        // A header asking for 4 TiB of memory, no pass, or many lanes.
        for (at, value) in [(8, u32::MAX), (12, 0), (12, 1000), (16, 0), (16, 64)] {
            let mut bad = sealed.clone();
            bad[at..at + 4].copy_from_slice(&value.to_be_bytes());
            assert_eq!(
                open(&bad, STRONG),
                Err(InviteError::NotAnInvite),
                "{at} {value}"
            );
        }
        let mut old = sealed.clone();
        old[..8].copy_from_slice(MAGIC_V1);
        assert_eq!(open(&old, STRONG), Err(InviteError::Outdated));
    }
}
