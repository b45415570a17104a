//! How the memory allocator (mimalloc, the program's global allocator) gives memory back to the
//! system while a timeline loads, and the process's use of huge pages.
//!
//! mimalloc 3 keeps memory it has freed for a second before returning it, in case it is asked for
//! again. Loading a large timeline frees hundreds of megabytes of working memory (blocks of the
//! file, each thread's events before they are joined, the ids seen), and with the delay much of it
//! was still held when the next large lists were made: the peak of `sourceline check` on a million
//! events fell from about 575 to about 485 MB when it was returned at once, and the run was no
//! slower. Between loads the delay stays: a search or a frame that frees a large list and makes
//! another a moment later would otherwise have the system hand out (and zero) fresh memory each
//! time, which made keystrokes in a million-event search a third slower.
//!
//! Transparent huge pages are turned off for the whole process ([`without_huge_pages`], called
//! first thing by the program and the benchmarks). With them, a page of 2 MB stays resident while
//! any of it is in use, and the kernel may stop a thread to gather free memory into such a page
//! when it first touches one. Without them, in eight interleaved pairs of runs with a million
//! events: the frame benchmark's process held 356–360 MB after zooming instead of 384–387; its
//! slowest frame took 7.1–7.8 ms against 6.0–29.2 (three runs of the eight over 19 ms); a search
//! keystroke's 95th percentile was 16.6–19.2 ms against 13.5–53.3, and the slowest 19.6–34 ms
//! against 18–211. `sourceline check` peaked at 359 MB instead of 386–392 in the same hour.
//! (An earlier comparison, which found frames slower without them, ran while the benchmark's
//! generator still held gigabytes of freed memory.)

use std::ffi::c_long;
use std::sync::Mutex;

/// mimalloc 3's number for its `mi_option_purge_delay` option (milliseconds before freed memory
/// is returned; 0 returns it at once). `libmimalloc-sys` names only the options of older
/// versions; the test below checks the number against the option's documented default.
const PURGE_DELAY_OPTION: libmimalloc_sys::mi_option_t = 15;

/// How many loads are running, and the delay to restore when the last ends.
static LOADS: Mutex<Loads> = Mutex::new(Loads {
    running: 0,
    delay_after: 0,
});

struct Loads {
    running: usize,
    delay_after: c_long,
}

impl Loads {
    fn start(&mut self) {
        if self.running == 0 {
            self.delay_after = purge_delay();
            set_purge_delay(0);
        }
        self.running += 1;
    }

    fn end(&mut self) {
        self.running = self.running.saturating_sub(1);
        if self.running == 0 {
            set_purge_delay(self.delay_after);
        }
    }
}

fn loads() -> std::sync::MutexGuard<'static, Loads> {
    LOADS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// While one is held (by each load), the allocator returns freed memory at once.
#[must_use = "freed memory is returned at once only while this is held"]
pub struct LoadingMemory(());

impl LoadingMemory {
    /// Returns freed memory at once until this is dropped (and any other held is too).
    pub fn hold() -> Self {
        loads().start();
        Self(())
    }
}

impl Drop for LoadingMemory {
    fn drop(&mut self) {
        loads().end();
    }
}

/// Turns transparent huge pages off for this process (on Linux; elsewhere it does nothing). The
/// kernel then never gives it a huge page, whatever the allocator asks for (see the module's
/// comment for why).
pub fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    disable_transparent_huge_pages();
}

#[cfg(target_os = "linux")]
#[expect(unsafe_code, reason = "prctl is a foreign call")]
fn disable_transparent_huge_pages() {
    // SAFETY: `PR_SET_THP_DISABLE` takes integer arguments only and changes nothing but the
    // process's use of huge pages. It fails only on kernels older than 3.15, which then keep
    // their default.
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[expect(
    unsafe_code,
    reason = "reading an option of the C allocator is a foreign call"
)]
fn purge_delay() -> c_long {
    // SAFETY: `mi_option_get` reads a number from mimalloc's table of options (it takes no
    // pointer), and `PURGE_DELAY_OPTION` is within that table.
    unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY_OPTION) }
}

#[expect(
    unsafe_code,
    reason = "setting an option of the C allocator is a foreign call"
)]
fn set_purge_delay(milliseconds: c_long) {
    // SAFETY: `mi_option_set` stores a number in mimalloc's table of options (it takes no
    // pointer), and `PURGE_DELAY_OPTION` is within that table.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY_OPTION, milliseconds) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number names the option meant (its default is mimalloc 3's purge delay, 1000 ms),
    /// freed memory is returned at once while a load runs, and the delay comes back when the
    /// last of two overlapping loads ends. (The other tests' loads wait meanwhile.)
    #[test]
    fn loads_return_freed_memory_at_once_while_they_run() {
        let mut loads = loads();
        let before = purge_delay();
        if loads.running == 0 {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                assert_eq!(
                    before, 1000,
                    "option {PURGE_DELAY_OPTION} is not the purge delay"
                );
            }
        } else {
            assert_eq!(before, 0, "another test is loading");
        }
        loads.start();
        assert_eq!(purge_delay(), 0);
        loads.start();
        loads.end();
        assert_eq!(purge_delay(), 0, "the second load still runs");
        loads.end();
        assert_eq!(purge_delay(), before);
    }
}
