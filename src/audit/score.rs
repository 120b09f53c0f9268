//! The authenticity score.
//!
//! A follower is *suspicious* when at least `min_signals` of the applicable rules flag it
//! (default 2: one signal alone — an account without followers, or one that never interacts — is
//! common among real people; farm accounts show four or five at once). The score is
//!
//! ```text
//! authenticity = 1 − suspicious followers / audience size
//! ```
//!
//! so 1 means no follower shows two signals, and 0.4 means 60 % of the audience does. It is
//! empty for an account without followers. When fewer rules than `min_signals` apply to the data
//! (a bare edge list), `min_signals` is lowered to the number that apply, so the score still
//! reads "followers flagged by every available signal".

/// The number of signals that makes a follower suspicious, given how many rules apply.
pub(crate) fn effective_min_signals(min_signals: u32, applicable: u32) -> u32 {
    min_signals.min(applicable).max(1)
}

/// Authenticity from the counts; `None` for an empty audience.
pub(crate) fn authenticity(suspicious: u64, audience: u64) -> Option<f64> {
    (audience > 0).then(|| 1.0 - suspicious as f64 / audience as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_is_one_minus_suspicious_share() {
        assert_eq!(authenticity(0, 10), Some(1.0));
        assert_eq!(authenticity(6, 10), Some(0.4));
        assert_eq!(authenticity(0, 0), None);
        assert_eq!(effective_min_signals(2, 6), 2);
        assert_eq!(effective_min_signals(2, 1), 1);
        assert_eq!(effective_min_signals(0, 3), 1);
    }
}
