//! Any bytes given to the envelope reader: it refuses or opens, never
//! panics; what opens splits into changes or is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let workspace = uuid::Uuid::from_bytes([1; 16]);
    let key = [7u8; 32];
    // Give the header a chance to match, so the decryption path is reached.
    let mut bytes = data.to_vec();
    if bytes.len() >= 24 {
        bytes[..8].copy_from_slice(b"ACCENV1\n");
        bytes[8..24].copy_from_slice(workspace.as_bytes());
    }
    for b in [data, bytes.as_slice()] {
        if let Ok(env) = accord_core::sync::envelope::open(b, workspace, &key) {
            let _ = env.changes();
        }
    }
});
