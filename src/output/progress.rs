//! A spinner on standard error for work that can take a while (reading a
//! large plan, writing thousands of schemas). Shown only on a terminal:
//! piped and redirected output stays clean.

use std::io::IsTerminal;
use std::time::Duration;

/// A running spinner, cleared when dropped.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// Starts a spinner with `message`, if standard error is a terminal.
    pub fn start(message: impl Into<String>) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress(Some(bar))
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
