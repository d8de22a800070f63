//! Envelopes: one document's changes from one device, signed with the
//! device's ed25519 key and encrypted (XChaCha20-Poly1305) with a key the
//! header names: the workspace's, or an organisation's for what it keeps
//! internal (see `keys`). Named by the SHA-256 of their bytes. A lost stick
//! reveals nothing of the changes without the key; a changed byte, a foreign
//! workspace or a forged author is refused when opened, and an envelope
//! sealed with a key this device does not hold waits until it does.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::keys::{KeyId, Keyring, key_id};
use crate::doc::DocId;

/// Envelopes of the first format: sealed with the workspace's first key,
/// which the header does not name. Still read.
const MAGIC_V1: &[u8; 8] = b"ACCENV1\n";
const MAGIC: &[u8; 8] = b"ACCENV2\n";
/// Bytes before the ciphertext: magic, workspace id, the key's name, nonce.
/// They are authenticated as the cipher's associated data.
const HEADER: usize = 8 + 16 + 16 + 24;
const HEADER_V1: usize = 8 + 16 + 24;
/// Domain separation of the signature.
const CONTEXT: &[u8] = b"accord-envelope-v1";
/// Largest envelope read (a big import of one document stays far below).
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// The subject name of a new device's request to be admitted.
pub const JOIN_REQUEST: &str = "join-request";
/// The subject name of a key granted to devices.
pub const GRANT: &str = "key-grant";

/// What an envelope is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Changes of one document.
    Doc(DocId),
    /// A new device asking to be admitted (see `sync::join`).
    JoinRequest,
    /// A key sealed to the devices that may hold it (see `sync::keys`).
    Grant,
}

impl Subject {
    fn name(&self) -> String {
        match self {
            Subject::Doc(doc) => doc.to_string(),
            Subject::JoinRequest => JOIN_REQUEST.to_owned(),
            Subject::Grant => GRANT.to_owned(),
        }
    }

    fn parse(name: &str) -> Option<Subject> {
        if name == JOIN_REQUEST {
            return Some(Subject::JoinRequest);
        }
        if name == GRANT {
            return Some(Subject::Grant);
        }
        name.parse().ok().map(Subject::Doc)
    }
}

/// What an envelope carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub workspace: Uuid,
    pub subject: Subject,
    /// The author device's ed25519 public key.
    pub signer: [u8; 32],
    /// For a document: its Automerge changes, each preceded by its length
    /// (4 bytes); for a join request, the request as JSON.
    pub body: Vec<u8>,
    /// Everything of the file but the body: its clear header, the signer
    /// and the signature. With the body and the key it makes the same file
    /// again (`reseal`), so a working copy that stores the changes need not
    /// keep the file too.
    pub head: Vec<u8>,
}

impl Envelope {
    /// The Automerge changes of a document's envelope, one slice each.
    pub fn changes(&self) -> Result<Vec<&[u8]>, EnvelopeError> {
        let mut out = Vec::new();
        let mut rest = self.body.as_slice();
        while !rest.is_empty() {
            let (len, tail) = rest
                .split_first_chunk::<4>()
                .ok_or(EnvelopeError::Malformed("a change's length is cut"))?;
            let len = u32::from_be_bytes(*len) as usize;
            if len == 0 || len > tail.len() {
                return Err(EnvelopeError::Malformed("a change's length is wrong"));
            }
            out.push(&tail[..len]);
            rest = &tail[len..];
        }
        Ok(out)
    }
}

/// Frames changes for an envelope's body: each preceded by its length.
pub fn frame_changes<'a>(changes: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut body = Vec::new();
    for c in changes {
        body.extend_from_slice(&(c.len() as u32).to_be_bytes());
        body.extend_from_slice(c);
    }
    body
}

/// Why an envelope was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("not an Accord envelope")]
    NotAnEnvelope,
    #[error("the envelope is larger than {MAX_BYTES} bytes")]
    TooLarge,
    #[error("the envelope belongs to another workspace ({0})")]
    OtherWorkspace(Uuid),
    #[error("the envelope cannot be decrypted: damaged, or sealed with another workspace key")]
    Undecryptable,
    /// Sealed with a key this device does not hold (yet): kept, relayed and
    /// opened when the key arrives.
    #[error("the envelope is sealed with a key this device does not hold")]
    KeyMissing(KeyId),
    #[error("the envelope's contents are malformed: {0}")]
    Malformed(&'static str),
    #[error("the envelope's signature does not match its author and contents")]
    BadSignature,
}

fn signed_bytes(workspace: Uuid, doc: &str, changes: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(CONTEXT.len() + 16 + 2 + doc.len() + changes.len());
    m.extend_from_slice(CONTEXT);
    m.extend_from_slice(workspace.as_bytes());
    m.extend_from_slice(&(doc.len() as u16).to_be_bytes());
    m.extend_from_slice(doc.as_bytes());
    m.extend_from_slice(changes);
    m
}

/// Seals an envelope: signs it as `signer` and encrypts it with `key`,
/// named in the header, under a fresh random nonce.
pub fn seal(
    workspace: Uuid,
    subject: Subject,
    changes: &[u8],
    signer: &SigningKey,
    key: &[u8; 32],
) -> Vec<u8> {
    seal_with_head(workspace, subject, changes, signer, key).0
}

/// Seals as `seal` does, and gives the envelope's head too (see
/// `Envelope::head`), for keeping it by its changes.
pub fn seal_with_head(
    workspace: Uuid,
    subject: Subject,
    changes: &[u8],
    signer: &SigningKey,
    key: &[u8; 32],
) -> (Vec<u8>, Vec<u8>) {
    let doc_name = subject.name();
    let signature = signer.sign(&signed_bytes(workspace, &doc_name, changes));
    let mut plain = Vec::with_capacity(32 + 64 + 2 + doc_name.len() + changes.len());
    plain.extend_from_slice(&signer.verifying_key().to_bytes());
    plain.extend_from_slice(&signature.to_bytes());
    plain.extend_from_slice(&(doc_name.len() as u16).to_be_bytes());
    plain.extend_from_slice(doc_name.as_bytes());
    plain.extend_from_slice(changes);

    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).expect("the operating system's random source failed");
    let mut out = Vec::with_capacity(HEADER + plain.len() + 16);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(workspace.as_bytes());
    out.extend_from_slice(&key_id(key));
    out.extend_from_slice(&nonce);
    let cipher = XChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &plain,
                aad: &out[..HEADER],
            },
        )
        .expect("encryption of an in-memory buffer does not fail");
    let mut head = out.clone();
    head.extend_from_slice(&plain[..96]);
    out.extend_from_slice(&sealed);
    (out, head)
}

/// The name of the key an envelope is sealed with, read from its header
/// (None for the first format, sealed with the workspace's first key).
pub fn key_of(bytes: &[u8]) -> Option<KeyId> {
    (bytes.len() >= HEADER && &bytes[..8] == MAGIC)
        .then(|| bytes[24..40].try_into().expect("16 bytes"))
}

/// Opens an envelope of `workspace` with whichever of `keys` its header
/// names: decrypts it and checks its signature. Whether the signer may
/// write the document is the roster's question.
pub fn open(bytes: &[u8], workspace: Uuid, keys: &Keyring) -> Result<Envelope, EnvelopeError> {
    if bytes.len() > MAX_BYTES {
        return Err(EnvelopeError::TooLarge);
    }
    let (header, key) = match bytes.get(..8) {
        Some(m) if m == MAGIC && bytes.len() >= HEADER + 16 => {
            let id: KeyId = bytes[24..40].try_into().expect("16 bytes");
            (HEADER, keys.get(&id).ok_or(EnvelopeError::KeyMissing(id))?)
        }
        Some(m) if m == MAGIC_V1 && bytes.len() >= HEADER_V1 + 16 => {
            (HEADER_V1, keys.first().ok_or(EnvelopeError::Undecryptable)?)
        }
        _ => return Err(EnvelopeError::NotAnEnvelope),
    };
    let ws = Uuid::from_slice(&bytes[8..24]).map_err(|_| EnvelopeError::NotAnEnvelope)?;
    if ws != workspace {
        return Err(EnvelopeError::OtherWorkspace(ws));
    }
    let nonce: [u8; 24] = bytes[header - 24..header]
        .try_into()
        .map_err(|_| EnvelopeError::NotAnEnvelope)?;
    let cipher = XChaCha20Poly1305::new(key.into());
    let plain = cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &bytes[header..],
                aad: &bytes[..header],
            },
        )
        .map_err(|_| EnvelopeError::Undecryptable)?;

    let take = |from: usize, len: usize| {
        plain
            .get(from..from + len)
            .ok_or(EnvelopeError::Malformed("too short"))
    };
    let signer: [u8; 32] = take(0, 32)?
        .try_into()
        .map_err(|_| EnvelopeError::Malformed("signer"))?;
    let signature: [u8; 64] = take(32, 64)?
        .try_into()
        .map_err(|_| EnvelopeError::Malformed("signature"))?;
    let name_len = u16::from_be_bytes(
        take(96, 2)?
            .try_into()
            .map_err(|_| EnvelopeError::Malformed("name"))?,
    ) as usize;
    let name = std::str::from_utf8(take(98, name_len)?)
        .map_err(|_| EnvelopeError::Malformed("document name"))?;
    let subject = Subject::parse(name).ok_or(EnvelopeError::Malformed("unknown document name"))?;
    let changes = &plain[98 + name_len..];

    let verifying = VerifyingKey::from_bytes(&signer).map_err(|_| EnvelopeError::BadSignature)?;
    verifying
        .verify_strict(
            &signed_bytes(workspace, name, changes),
            &Signature::from_bytes(&signature),
        )
        .map_err(|_| EnvelopeError::BadSignature)?;
    let mut head = Vec::with_capacity(header + 96);
    head.extend_from_slice(&bytes[..header]);
    head.extend_from_slice(&plain[..96]);
    Ok(Envelope {
        workspace,
        subject,
        signer,
        body: changes.to_vec(),
        head,
    })
}

/// Makes an envelope file again from its `head` (see `Envelope::head`), its
/// subject's name and its body, which must be the ones it was opened with:
/// the same key, nonce and plaintext encrypt to the same bytes. None when
/// the head is not one `open` gives or its key is not held; whether the
/// result is the file it was is for the caller to check (its name is the
/// hash of its bytes).
pub fn reseal(head: &[u8], subject: &str, body: &[u8], keys: &Keyring) -> Option<Vec<u8>> {
    let (header, key) = match head.get(..8)? {
        m if m == MAGIC => (HEADER, keys.get(&head.get(24..40)?.try_into().ok()?)?),
        m if m == MAGIC_V1 => (HEADER_V1, keys.first()?),
        _ => return None,
    };
    if head.len() != header + 96 {
        return None;
    }
    let nonce: [u8; 24] = head[header - 24..header].try_into().ok()?;
    let mut plain = Vec::with_capacity(98 + subject.len() + body.len());
    plain.extend_from_slice(&head[header..]);
    plain.extend_from_slice(&(subject.len() as u16).to_be_bytes());
    plain.extend_from_slice(subject.as_bytes());
    plain.extend_from_slice(body);
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &plain,
                aad: &head[..header],
            },
        )
        .ok()?;
    let mut out = Vec::with_capacity(header + sealed.len());
    out.extend_from_slice(&head[..header]);
    out.extend_from_slice(&sealed);
    Some(out)
}

/// An envelope's file name: the hex SHA-256 of its bytes. A copy can only
/// ever hold the same bytes; a half-copied file does not match its name.
pub fn name_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key() -> [u8; 32] {
        [7; 32]
    }

    fn ring() -> Keyring {
        Keyring::new(key())
    }

    fn signer() -> SigningKey {
        SigningKey::from_bytes(&[3; 32])
    }

    #[test]
    fn an_envelope_opens_to_what_was_sealed() {
        let ws = Uuid::new_v4();
        let doc = Subject::Doc(DocId::Org(Uuid::new_v4()));
        let body = frame_changes([b"change one".as_slice(), b"two"]);
        let sealed = seal(ws, doc, &body, &signer(), &key());
        let env = open(&sealed, ws, &ring()).unwrap();
        assert_eq!(env.subject, doc);
        assert_eq!(
            env.changes().unwrap(),
            vec![b"change one".as_slice(), b"two"]
        );
        assert_eq!(env.signer, signer().verifying_key().to_bytes());
        // Nothing of the changes shows in the sealed bytes.
        assert!(!sealed.windows(6).any(|w| w == b"change"));
        // Two seals of the same changes differ (fresh nonce), so names differ.
        assert_ne!(
            name_of(&sealed),
            name_of(&seal(ws, doc, &body, &signer(), &key()))
        );
    }

    #[test]
    fn foreign_damaged_and_forged_envelopes_are_refused_with_their_reason() {
        let ws = Uuid::new_v4();
        let sealed = seal(ws, Subject::Doc(DocId::Plan), b"changes", &signer(), &key());
        assert_eq!(
            open(&sealed, Uuid::new_v4(), &ring()),
            Err(EnvelopeError::OtherWorkspace(ws))
        );
        assert_eq!(
            open(&sealed, ws, &Keyring::new([8; 32])),
            Err(EnvelopeError::KeyMissing(key_id(&key())))
        );
        assert_eq!(key_of(&sealed), Some(key_id(&key())));
        assert_eq!(
            open(b"hello", ws, &ring()),
            Err(EnvelopeError::NotAnEnvelope)
        );
        assert_eq!(
            open(&sealed[..sealed.len() - 1], ws, &ring()),
            Err(EnvelopeError::Undecryptable)
        );

        // Someone with the workspace key but not the device's key: they can
        // encrypt, but the signature they can make is not the device's.
        let doc = "plan";
        let forged_sig = SigningKey::from_bytes(&[9; 32]).sign(&signed_bytes(ws, doc, b"evil"));
        let mut plain = signer().verifying_key().to_bytes().to_vec();
        plain.extend_from_slice(&forged_sig.to_bytes());
        plain.extend_from_slice(&(doc.len() as u16).to_be_bytes());
        plain.extend_from_slice(doc.as_bytes());
        plain.extend_from_slice(b"evil");
        let mut out = sealed[..HEADER].to_vec();
        let cipher = XChaCha20Poly1305::new((&key()).into());
        let nonce: [u8; 24] = sealed[HEADER - 24..HEADER].try_into().unwrap();
        let ct = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &plain,
                    aad: &out,
                },
            )
            .unwrap();
        out.extend_from_slice(&ct);
        assert_eq!(open(&out, ws, &ring()), Err(EnvelopeError::BadSignature));

        // An envelope of the first format (no key named) opens with the
        // workspace's first key.
        let mut v1 = MAGIC_V1.to_vec();
        v1.extend_from_slice(ws.as_bytes());
        v1.extend_from_slice(&nonce);
        let ct = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &valid_plain(ws, b"old"),
                    aad: &v1,
                },
            )
            .unwrap();
        v1.extend_from_slice(&ct);
        let env = open(&v1, ws, &ring()).unwrap();
        assert_eq!(env.body, b"old");
        assert_eq!(key_of(&v1), None);
        assert_eq!(
            reseal(&env.head, "plan", &env.body, &ring()).as_deref(),
            Some(v1.as_slice())
        );
    }

    #[test]
    fn an_envelope_is_made_again_from_its_head_and_body_only_with_its_key() {
        let ws = Uuid::new_v4();
        let doc = DocId::Org(Uuid::new_v4());
        let body = frame_changes([b"change one".as_slice(), b"two"]);
        let sealed = seal(ws, Subject::Doc(doc), &body, &signer(), &key());
        let env = open(&sealed, ws, &ring()).unwrap();
        assert_eq!(env.head.len(), HEADER + 96);
        let again = reseal(&env.head, &doc.to_string(), &env.body, &ring()).unwrap();
        assert_eq!(name_of(&again), name_of(&sealed));
        // Another body, subject or key makes another file, or none.
        let other = frame_changes([b"change one".as_slice()]);
        let changed = reseal(&env.head, &doc.to_string(), &other, &ring()).unwrap();
        assert_ne!(name_of(&changed), name_of(&sealed));
        assert_ne!(
            reseal(&env.head, "plan", &env.body, &ring()),
            Some(sealed.clone())
        );
        assert_eq!(
            reseal(
                &env.head,
                &doc.to_string(),
                &env.body,
                &Keyring::new([8; 32])
            ),
            None
        );
        assert_eq!(reseal(&env.head[..50], "plan", &env.body, &ring()), None);
        assert_eq!(reseal(b"junk", "plan", &env.body, &ring()), None);
    }

    fn valid_plain(ws: Uuid, body: &[u8]) -> Vec<u8> {
        let doc = "plan";
        let sig = signer().sign(&signed_bytes(ws, doc, body));
        let mut plain = signer().verifying_key().to_bytes().to_vec();
        plain.extend_from_slice(&sig.to_bytes());
        plain.extend_from_slice(&(doc.len() as u16).to_be_bytes());
        plain.extend_from_slice(doc.as_bytes());
        plain.extend_from_slice(body);
        plain
    }

    proptest! {
        #[test]
        fn any_changed_byte_or_cut_is_refused(pos in 0usize..200, bit in 0u8..8, cut in 0usize..200) {
            let ws = Uuid::from_bytes([1; 16]);
            let sealed = seal(ws, Subject::Doc(DocId::Catalogue), &[5u8; 100], &signer(), &key());
            let mut flipped = sealed.clone();
            let i = pos % flipped.len();
            flipped[i] ^= 1 << bit;
            prop_assert!(open(&flipped, ws, &ring()).is_err());
            let cut = cut % sealed.len();
            prop_assert!(open(&sealed[..cut], ws, &ring()).is_err());
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let ws = Uuid::from_bytes([1; 16]);
            let mut b = bytes.clone();
            if b.len() >= 40 {
                let magic = if b[39] % 2 == 0 { MAGIC } else { MAGIC_V1 };
                b[..8].copy_from_slice(magic);
                b[8..24].copy_from_slice(ws.as_bytes());
                b[24..40].copy_from_slice(&key_id(&key()));
            }
            if let Ok(env) = open(&b, ws, &ring()) {
                let _ = env.changes();
            }
        }

        #[test]
        fn any_opened_envelope_is_made_again_byte_for_byte(
            parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..40), 0..6),
        ) {
            let ws = Uuid::from_bytes([5; 16]);
            let body = frame_changes(parts.iter().map(|p| p.as_slice()));
            let sealed = seal(ws, Subject::Doc(DocId::Plan), &body, &signer(), &key());
            let env = open(&sealed, ws, &ring()).unwrap();
            prop_assert_eq!(reseal(&env.head, "plan", &env.body, &ring()), Some(sealed));
        }

        #[test]
        fn any_body_splits_without_panic(body in proptest::collection::vec(any::<u8>(), 0..64)) {
            let env = Envelope {
                workspace: Uuid::nil(),
                subject: Subject::JoinRequest,
                signer: [0; 32],
                body,
                head: Vec::new(),
            };
            if let Ok(parts) = env.changes() {
                prop_assert_eq!(frame_changes(parts), env.body.clone());
            }
        }
    }
}
