//! Keys that seal envelopes, and how one reaches the devices that may hold
//! it.
//!
//! A workspace starts with one key, shared through invites. Revoking a
//! device brings a new workspace key that the revoked device never gets;
//! each organisation has keys of its own for what it keeps internal, which
//! only its own devices hold. A key reaches a device in a *grant*: the key
//! sealed to the device's X25519 public key (NaCl's sealed box), which is
//! the device's ed25519 roster key in Montgomery form, so every device on the
//! roster can be granted a key without publishing anything new.
//!
//! A key is named by a hash of itself: whoever holds a key knows its name,
//! and a grant cannot name one key and carry another.

use std::collections::{BTreeMap, HashMap};

use crypto_box::aead::OsRng;
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The name of a key: the first 16 bytes of a hash of it.
pub type KeyId = [u8; 16];

/// Domain separation of key names.
const NAME_CONTEXT: &[u8] = b"accord-key-name-v1";

/// The name of `secret`.
pub fn key_id(secret: &[u8; 32]) -> KeyId {
    let mut h = Sha256::new();
    h.update(NAME_CONTEXT);
    h.update(secret);
    h.finalize()[..16].try_into().expect("16 of 32 bytes")
}

/// A fresh random key.
pub fn new_secret() -> [u8; 32] {
    let mut s = [0u8; 32];
    getrandom::fill(&mut s).expect("the operating system's random source failed");
    s
}

/// Whom a key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Every device of the workspace that is not revoked.
    Workspace,
    /// The devices of one organisation: its internal records and drafts.
    Org(Uuid),
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Workspace => f.write_str("workspace"),
            Scope::Org(id) => write!(f, "org/{id}"),
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = ();
    fn from_str(s: &str) -> Result<Scope, ()> {
        if s == "workspace" {
            return Ok(Scope::Workspace);
        }
        s.strip_prefix("org/")
            .and_then(|id| Uuid::parse_str(id).ok())
            .map(Scope::Org)
            .ok_or(())
    }
}

/// The keys a device holds, by name; `first` is the workspace's first key,
/// which opens envelopes written before keys were named.
#[derive(Clone, Default)]
pub struct Keyring {
    keys: HashMap<KeyId, [u8; 32]>,
    first: Option<[u8; 32]>,
}

impl Keyring {
    pub fn new(first: [u8; 32]) -> Keyring {
        let mut ring = Keyring {
            keys: HashMap::new(),
            first: Some(first),
        };
        ring.add(first);
        ring
    }

    pub fn add(&mut self, secret: [u8; 32]) {
        self.keys.insert(key_id(&secret), secret);
    }

    pub fn get(&self, id: &KeyId) -> Option<&[u8; 32]> {
        self.keys.get(id)
    }

    pub fn first(&self) -> Option<&[u8; 32]> {
        self.first.as_ref()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A device's public key for sealed boxes, from its roster key; None for
/// bytes that are not a valid ed25519 key.
pub fn box_public(device: &[u8; 32]) -> Option<crypto_box::PublicKey> {
    let vk = VerifyingKey::from_bytes(device).ok()?;
    Some(crypto_box::PublicKey::from(vk.to_montgomery().to_bytes()))
}

/// This device's secret for sealed boxes, from its signing key (the same
/// conversion libsodium makes).
pub fn box_secret(signing: &SigningKey) -> crypto_box::SecretKey {
    crypto_box::SecretKey::from(signing.to_scalar_bytes())
}

/// Seals `secret` so that only `device` can open it.
pub fn seal_to(device: &[u8; 32], secret: &[u8; 32]) -> Option<Vec<u8>> {
    box_public(device)?.seal(&mut OsRng, secret).ok()
}

/// Opens a sealed key meant for this device; None when it is not for this
/// device or damaged.
pub fn open_sealed(signing: &SigningKey, sealed: &[u8]) -> Option<[u8; 32]> {
    box_secret(signing).unseal(sealed).ok()?.try_into().ok()
}

/// One key granted to devices: the body of a grant envelope, signed by the
/// granting device. `excludes` names the devices that were revoked when
/// the key was made and must never be granted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub scope: String,
    /// The key's name, hex.
    pub key: String,
    /// Revoked devices' keys, hex, sorted.
    pub excludes: Vec<String>,
    /// For each device (its key, hex), the key sealed to it (hex).
    pub boxes: BTreeMap<String, String>,
}

/// Largest grant read: a box is 80 bytes, hex 160, so this is thousands of
/// devices.
const MAX_GRANT: usize = 1024 * 1024;

impl Grant {
    /// A grant of `secret` to `devices`.
    pub fn make(scope: Scope, secret: &[u8; 32], excludes: &[String], devices: &[String]) -> Grant {
        let mut boxes = BTreeMap::new();
        for d in devices {
            let Ok(bytes) = hex::decode(d) else { continue };
            let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) else {
                continue;
            };
            if let Some(sealed) = seal_to(&key, secret) {
                boxes.insert(d.clone(), hex::encode(sealed));
            }
        }
        let mut excludes = excludes.to_vec();
        excludes.sort();
        excludes.dedup();
        Grant {
            scope: scope.to_string(),
            key: hex::encode(key_id(secret)),
            excludes,
            boxes,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a grant serialises")
    }

    /// Reads a grant, refusing what is not one.
    pub fn parse(body: &[u8]) -> Result<Grant, &'static str> {
        if body.len() > MAX_GRANT {
            return Err("the grant is too large");
        }
        let g: Grant = serde_json::from_slice(body).map_err(|_| "the grant cannot be read")?;
        if g.scope.parse::<Scope>().is_err() {
            return Err("the grant names no known scope");
        }
        if g.key.len() != 32 || hex::decode(&g.key).is_err() {
            return Err("the grant's key name is malformed");
        }
        Ok(g)
    }

    pub fn scope(&self) -> Scope {
        self.scope.parse().expect("checked when parsed")
    }

    /// The key sealed for `me`, if there is one and it is the key the grant
    /// names.
    pub fn open_for(&self, me: &SigningKey) -> Option<[u8; 32]> {
        let sealed = hex::decode(
            self.boxes
                .get(&hex::encode(me.verifying_key().to_bytes()))?,
        )
        .ok()?;
        let secret = open_sealed(me, &sealed)?;
        (hex::encode(key_id(&secret)) == self.key).then_some(secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn device(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    fn hex_of(d: &SigningKey) -> String {
        hex::encode(d.verifying_key().to_bytes())
    }

    #[test]
    fn a_granted_key_opens_for_its_devices_only() {
        let secret = new_secret();
        let (a, b, outsider) = (device(1), device(2), device(3));
        let g = Grant::make(
            Scope::Workspace,
            &secret,
            &[hex_of(&outsider)],
            &[hex_of(&a), hex_of(&b)],
        );
        let g = Grant::parse(&g.to_bytes()).unwrap();
        assert_eq!(g.open_for(&a), Some(secret));
        assert_eq!(g.open_for(&b), Some(secret));
        assert_eq!(g.open_for(&outsider), None);
        // The key's bytes appear nowhere in the grant.
        let bytes = g.to_bytes();
        assert!(!bytes.windows(8).any(|w| w == &secret[..8]));
        assert!(
            !String::from_utf8(bytes)
                .unwrap()
                .contains(&hex::encode(secret))
        );
    }

    #[test]
    fn a_box_moved_to_another_device_or_naming_another_key_does_not_open() {
        let secret = new_secret();
        let (a, b) = (device(1), device(2));
        let mut g = Grant::make(Scope::Workspace, &secret, &[], &[hex_of(&a)]);
        let boxed = g.boxes[&hex_of(&a)].clone();
        g.boxes.insert(hex_of(&b), boxed);
        assert_eq!(g.open_for(&b), None);
        g.key = hex::encode(key_id(&new_secret()));
        assert_eq!(g.open_for(&a), None);
    }

    #[test]
    fn malformed_grants_are_refused() {
        for bad in [
            &b""[..],
            b"{}",
            b"[1,2]",
            br#"{"scope":"everyone","key":"00000000000000000000000000000000","excludes":[],"boxes":{}}"#,
            br#"{"scope":"workspace","key":"zz","excludes":[],"boxes":{}}"#,
        ] {
            assert!(Grant::parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert!(Grant::parse(&vec![b' '; MAX_GRANT + 1]).is_err());
    }

    proptest! {
        #[test]
        fn any_bytes_as_a_grant_or_box_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = Grant::parse(&bytes);
            prop_assert!(open_sealed(&device(1), &bytes).is_none() || bytes.len() > 32);
            let _ = box_public(&bytes.get(..32).and_then(|b| b.try_into().ok()).unwrap_or([0; 32]));
        }
    }
}
