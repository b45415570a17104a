//! How the memory allocator (mimalloc, the program's global allocator) gives memory back to the
//! system: set once at start by `main` and the benchmarks.
//!
//! mimalloc 3 keeps memory it has freed for a second before returning it, in case it is asked for
//! again. Loading a large timeline frees hundreds of megabytes of working memory (blocks of the
//! file, each thread's events before they are joined, the ids seen), and with the delay much of it
//! was still held when the next large lists were made: the peak of `sourceline check` on a million
//! events fell from about 575 to about 485 MB when it was returned at once, and the run was no
//! slower. Transparent huge pages are not asked for either (the `no_thp` feature of
//! `libmimalloc-sys`): with them freed memory is returned in 2 MB pieces, which a partly used
//! piece keeps whole.

/// mimalloc 3's number for its `mi_option_purge_delay` option (milliseconds before freed memory
/// is returned; 0 returns it at once). `libmimalloc-sys` names only the options of older
/// versions; the test below checks the number against the option's documented default.
const PURGE_DELAY_OPTION: libmimalloc_sys::mi_option_t = 15;

/// Makes the allocator return memory to the system as soon as it is freed. Call it first in
/// `main`, before any other thread starts.
#[expect(
    unsafe_code,
    reason = "setting an option of the C allocator is a foreign call"
)]
pub fn return_freed_memory_at_once() {
    // SAFETY: `mi_option_set` stores a number in mimalloc's table of options (it takes no
    // pointer), and `PURGE_DELAY_OPTION` is within that table.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY_OPTION, 0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number names the option meant: its default is mimalloc 3's purge delay (1000 ms),
    /// and setting it reads back 0.
    #[test]
    #[expect(
        unsafe_code,
        reason = "reading an option of the C allocator is a foreign call"
    )]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading an option takes no pointer; the number is within the table.
        let before = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY_OPTION) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(
                before, 1000,
                "option {PURGE_DELAY_OPTION} is not the purge delay"
            );
        }
        return_freed_memory_at_once();
        // SAFETY: as above.
        let after = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY_OPTION) };
        assert_eq!(after, 0);
    }
}
