//! One forced token refresh for many 401s. `getAccessToken({ forceRefresh: true })` cannot say
//! which token failed, so the proxy decides: a refresh already under way is joined, and a token
//! that a forced refresh obtained after the failing request was sent (and that is not the one it
//! sent) counts as fresh. Only a 401 on the newest token starts another refresh. Plain Rust: the
//! shell keeps the state and runs the refresh.

/// What the proxy knows of forced refreshes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refreshes {
    /// The newest token a forced refresh gave, and when (epoch ms).
    pub latest: Option<(String, f64)>,
}

/// What a request that got a 401 does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterUnauthorized {
    /// Repeat with this token, obtained since the request was sent.
    Use(String),
    /// Wait for the refresh under way.
    Join,
    /// Start a forced refresh.
    Refresh,
}

impl Refreshes {
    /// The decision for a request sent at `sent_at` (epoch ms) with `sent_token` that got 401,
    /// while a forced refresh is `under_way` or not.
    pub fn after_unauthorized(
        &self,
        under_way: bool,
        sent_at: f64,
        sent_token: &str,
    ) -> AfterUnauthorized {
        if under_way {
            return AfterUnauthorized::Join;
        }
        match &self.latest {
            Some((token, obtained_at)) if *obtained_at >= sent_at && token != sent_token => {
                AfterUnauthorized::Use(token.clone())
            }
            _ => AfterUnauthorized::Refresh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storm_of_401s_makes_one_refresh() {
        let mut refreshes = Refreshes::default();
        // Ten requests sent at t = 0..9 with token T0; the first 401 arrives at t = 100.
        assert_eq!(
            refreshes.after_unauthorized(false, 0.0, "T0"),
            AfterUnauthorized::Refresh
        );
        assert_eq!(
            refreshes.after_unauthorized(true, 1.0, "T0"),
            AfterUnauthorized::Join
        );
        refreshes.latest = Some(("T1".into(), 120.0));
        // The later 401s (40 ms apart) were all sent before T1 was obtained.
        for sent_at in 2..10 {
            assert_eq!(
                refreshes.after_unauthorized(false, f64::from(sent_at), "T0"),
                AfterUnauthorized::Use("T1".into())
            );
        }
    }

    #[test]
    fn a_401_on_the_newest_token_refreshes_again() {
        let refreshes = Refreshes {
            latest: Some(("T1".into(), 120.0)),
        };
        assert_eq!(
            refreshes.after_unauthorized(false, 130.0, "T1"),
            AfterUnauthorized::Refresh
        );
        // Sent after T1 was obtained, with another (cached) token: T1 is not known to be newer.
        assert_eq!(
            refreshes.after_unauthorized(false, 130.0, "T2"),
            AfterUnauthorized::Refresh
        );
        assert_eq!(
            refreshes.after_unauthorized(false, 120.0, "T0"),
            AfterUnauthorized::Use("T1".into())
        );
    }
}
