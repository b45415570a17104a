//! Fuzz target: see `sourceline::fuzzing::canonical_roundtrip` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sourceline::fuzzing::canonical_roundtrip(data));
