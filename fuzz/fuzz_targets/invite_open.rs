//! Any bytes given to the invite reader: refused with a reason, no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = accord_core::sync::invite::open(data, "a passphrase");
});
