//! Fuzz target: see `sourceline::fuzzing::date_finder` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sourceline::fuzzing::date_finder(data));
