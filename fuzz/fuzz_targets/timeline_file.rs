//! Fuzz target: see `sourceline::fuzzing::timeline_file` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sourceline::fuzzing::timeline_file(data));
