//! When a cached token is still good: Logto says how long it lives (`expires_in`, seconds); the
//! cache counts from when the request was sent (so the time the answer took is on the safe side)
//! and stops using the token shortly before the end: a tenth of its lifetime, at most a minute
//! (for Logto's 3600 s: 60 s; for a 2 s test token: 0.2 s). An answer without `expires_in` is
//! used for [`UNSTATED_LIFETIME_S`]; `expires_in: 0` is never cached.

/// The longest margin before expiry.
const MAX_MARGIN_MS: f64 = 60_000.0;

/// How long a token is used when its answer has no `expires_in`, in seconds: 60, used in full
/// (no margin). RFC 6749 5.1 makes `expires_in` optional ("the authorization server SHOULD
/// provide the expiration time via other means or document the default value"), so the real
/// lifetime is unknown. Without caching, every API call would make its own token request;
/// 60 s makes it at most one a minute, and stays below the shortest lifetimes common OAuth
/// servers give access tokens by default (Keycloak: 5 minutes; Logto always sends 3600). A token
/// that still expires sooner costs one call a 401, which asks for a new token and retries.
pub const UNSTATED_LIFETIME_S: f64 = 60.0;

/// An access token and until when it may be used.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedToken {
    /// The access token.
    pub access_token: String,
    /// When it is not used any more (`expires_in` minus the margin), in milliseconds of the
    /// monotonic clock (`performance.now()`), as every time given here is.
    pub use_until_ms: f64,
}

impl CachedToken {
    /// A token issued for `expires_in` seconds by a request sent at `requested_at_ms`.
    pub fn new(access_token: String, expires_in: f64, requested_at_ms: f64) -> Self {
        let lifetime_ms = expires_in * 1000.0;
        let margin_ms = (lifetime_ms / 10.0).min(MAX_MARGIN_MS);
        CachedToken {
            access_token,
            use_until_ms: requested_at_ms + lifetime_ms - margin_ms,
        }
    }

    /// The cache entry for a token answer with `expires_in` (`None` when the answer has none)
    /// got by a request sent at `requested_at_ms`: none when `expires_in` is 0; for no
    /// `expires_in`, [`UNSTATED_LIFETIME_S`] from the request.
    pub fn for_answer(
        access_token: String,
        expires_in: Option<f64>,
        requested_at_ms: f64,
    ) -> Option<Self> {
        match expires_in {
            Some(seconds) if seconds > 0.0 => {
                Some(CachedToken::new(access_token, seconds, requested_at_ms))
            }
            Some(_) => None,
            None => Some(CachedToken {
                access_token,
                use_until_ms: requested_at_ms + UNSTATED_LIFETIME_S * 1000.0,
            }),
        }
    }

    /// Whether the token can still be used at `now_ms`.
    pub fn is_fresh(&self, now_ms: f64) -> bool {
        now_ms < self.use_until_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logto_tokens_are_used_until_a_minute_before_expiry() {
        let token = CachedToken::new("t".into(), 3600.0, 1_000_000.0);
        assert_eq!(token.use_until_ms, 1_000_000.0 + 3_540_000.0);
        assert!(token.is_fresh(1_000_000.0));
        assert!(token.is_fresh(1_000_000.0 + 3_539_999.0));
        assert!(!token.is_fresh(1_000_000.0 + 3_540_000.0));
    }

    #[test]
    fn short_lifetimes_keep_a_tenth_as_margin() {
        let token = CachedToken::new("t".into(), 2.0, 0.0);
        assert_eq!(token.use_until_ms, 1800.0);
        assert!(token.is_fresh(1799.0));
        assert!(!token.is_fresh(1800.0));
        let ten_minutes = CachedToken::new("t".into(), 600.0, 0.0);
        assert_eq!(ten_minutes.use_until_ms, 540_000.0);
    }

    #[test]
    fn a_token_without_lifetime_is_never_fresh() {
        assert!(!CachedToken::new("t".into(), 0.0, 5.0).is_fresh(5.0));
    }

    #[test]
    fn answers_without_expires_in_are_used_for_a_minute() {
        let token = CachedToken::for_answer("t".into(), None, 1000.0).unwrap();
        assert_eq!(token.use_until_ms, 61_000.0);
        assert!(token.is_fresh(1000.0));
        assert!(token.is_fresh(60_999.0));
        assert!(!token.is_fresh(61_000.0));
    }

    #[test]
    fn expires_in_zero_is_not_cached_and_others_keep_their_margin() {
        assert_eq!(CachedToken::for_answer("t".into(), Some(0.0), 5.0), None);
        assert_eq!(
            CachedToken::for_answer("t".into(), Some(3600.0), 0.0),
            Some(CachedToken::new("t".into(), 3600.0, 0.0))
        );
        assert_eq!(
            CachedToken::for_answer("t".into(), Some(2.0), 0.0).map(|t| t.use_until_ms),
            Some(1800.0)
        );
    }
}
