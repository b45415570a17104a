//! Fuzz target: see `sourceline::fuzzing::timelinejs_import` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sourceline::fuzzing::timelinejs_import(data));
