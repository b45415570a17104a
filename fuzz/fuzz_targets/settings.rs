//! Fuzz target: see `sourceline::fuzzing::settings` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sourceline::fuzzing::settings(data));
