#![no_main]
// Body and rationale: fuzz/src/targets.rs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| brandlens_fuzz::filter_list(data));
