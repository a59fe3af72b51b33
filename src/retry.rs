//! When a failed attempt is tried again, and after how long: exponential backoff with full
//! jitter, `Retry-After` honoured up to a cap, and only where repeating cannot do anything twice.

use crate::error::{ApiError, ErrorKind};
use crate::routes::{Expect, Method};

/// The retry settings (`retry` in the configuration; `false` means [`RetryPolicy::NONE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a failed attempt may be repeated (so at most `retries + 1` attempts).
    pub retries: u32,
    /// The backoff unit: attempt `n` (from 1) waits a random time below `baseDelayMs * 2^(n-1)`.
    pub base_delay_ms: u32,
    /// The longest wait between attempts; a `Retry-After` asking for longer ends the retries.
    pub max_delay_ms: u32,
}

impl RetryPolicy {
    /// The default: two more attempts, 300 ms backoff unit, waits of at most 10 s.
    pub const DEFAULT: RetryPolicy = RetryPolicy {
        retries: 2,
        base_delay_ms: 300,
        max_delay_ms: 10_000,
    };

    /// No retries (`retry: false`).
    pub const NONE: RetryPolicy = RetryPolicy {
        retries: 0,
        base_delay_ms: 0,
        max_delay_ms: 0,
    };

    /// Checks each member: whole numbers, at most 10 retries, delays at most 5 minutes.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.retries > 10 {
            return Err(ApiError::invalid_input(
                "config.retry.retries",
                "must be a whole number from 0 to 10",
            ));
        }
        if self.max_delay_ms > 300_000 || self.base_delay_ms > self.max_delay_ms {
            return Err(ApiError::invalid_input(
                "config.retry",
                "needs 0 <= baseDelayMs <= maxDelayMs <= 300000",
            ));
        }
        Ok(())
    }
}

/// Whether a failure is transient: no response at all, or 408, 429, 500, 502, 503, 504.
pub fn is_transient(error: &ApiError) -> bool {
    match error.kind {
        ErrorKind::Network => true,
        ErrorKind::Http => matches!(error.status, Some(408 | 429 | 500 | 502 | 503 | 504)),
        _ => false,
    }
}

/// How long to wait before repeating a failed attempt, or `None` to give up.
///
/// - `retries_done`: how many repeats already happened;
/// - `retry_after_ms`: the server's `Retry-After`, already turned into milliseconds;
/// - `random`: a number in `[0, 1)` for the jitter.
///
/// POST (`createOrganizationInvitation`, `createOrganizationInvitationMessage`) is never
/// repeated: a failure may come after the server acted, and a repeat could invite or email twice.
pub fn retry_delay(
    policy: &RetryPolicy,
    method: Method,
    error: &ApiError,
    retries_done: u32,
    retry_after_ms: Option<f64>,
    random: f64,
) -> Option<u32> {
    if retries_done >= policy.retries || !method.is_idempotent() || !is_transient(error) {
        return None;
    }
    if let Some(wait) = retry_after_ms {
        return (wait <= f64::from(policy.max_delay_ms)).then(|| wait.max(0.0).ceil() as u32);
    }
    let ceiling = u64::from(policy.base_delay_ms)
        .saturating_mul(1u64 << retries_done.min(20))
        .min(u64::from(policy.max_delay_ms));
    Some((random.clamp(0.0, 1.0) * ceiling as f64) as u32)
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Ask `getAccessToken` for a new token (`forceRefresh`) and repeat the attempt at once.
    RefreshToken,
    /// Wait this many milliseconds, then repeat the attempt.
    Retry(u32),
    /// End the call with this failure.
    GiveUp,
}

/// Where a call stands when an attempt has failed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CallState {
    /// The HTTP method.
    pub method: Method,
    /// How many repeats (not counting a token refresh) already happened.
    pub retries_done: u32,
    /// Whether the client can ask for a new token (it has `getAccessToken`).
    pub can_refresh_token: bool,
    /// Whether the token was already refreshed in this call.
    pub token_refreshed: bool,
    /// Milliseconds left before the call's time limit, if it has one.
    pub remaining_ms: Option<f64>,
}

/// The decision after a failed attempt: a 401 with `getAccessToken` is repeated once with a
/// fresh token (a 401 means Logto did nothing, so even a POST may be repeated); a transient
/// failure of an idempotent call waits and repeats (see [`retry_delay`]), unless the wait
/// cannot end before the call's time limit, which ends the retries at once with this failure;
/// anything else gives up.
pub fn next_step(
    policy: &RetryPolicy,
    call: &CallState,
    error: &ApiError,
    retry_after_ms: Option<f64>,
    random: f64,
) -> Next {
    let unauthorized = error.kind == ErrorKind::Http && error.status == Some(401);
    if unauthorized && call.can_refresh_token && !call.token_refreshed {
        return Next::RefreshToken;
    }
    match retry_delay(
        policy,
        call.method,
        error,
        call.retries_done,
        retry_after_ms,
        random,
    ) {
        Some(delay) if call.remaining_ms.is_none_or(|left| f64::from(delay) < left) => {
            Next::Retry(delay)
        }
        _ => Next::GiveUp,
    }
}

/// Whether a failure leaves it unknown if the server acted: a dropped connection or a 5xx may
/// come after the request was applied.
pub fn is_ambiguous(error: &ApiError) -> bool {
    match error.kind {
        ErrorKind::Network => true,
        ErrorKind::Http => error.status.is_some_and(|s| s >= 500),
        _ => false,
    }
}

/// How a repeat's failure reads when an earlier attempt of the same call failed ambiguously
/// (so it may have been applied): check, don't guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterAmbiguous {
    /// The answer shows the goal state is reached: the call succeeded (a 404 on a repeated
    /// DELETE: this very call deleted it).
    Succeeded,
    /// Read the invitation back to see whether the goal state is reached (a 422 on a repeated
    /// status change: the first attempt may have changed it already).
    Verify,
    /// It cannot be known from here: the error says the first attempt may have been applied.
    Unknown,
}

/// Reads a repeat's failure after an ambiguous earlier attempt of `method` expecting `expect`.
pub fn after_ambiguous(method: Method, expect: Expect, error: &ApiError) -> AfterAmbiguous {
    match (method, expect, error.kind, error.status) {
        (Method::Delete, _, ErrorKind::Http, Some(404)) => AfterAmbiguous::Succeeded,
        (Method::Put, Expect::Invitation, ErrorKind::Http, Some(422)) => AfterAmbiguous::Verify,
        _ => AfterAmbiguous::Unknown,
    }
}

/// Reads a `Retry-After` header: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`), as milliseconds from `now_ms`; a date in the past is 0.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim().as_bytes();
    if !value.is_empty() && value.iter().all(u8::is_ascii_digit) {
        // More seconds than a u32 holds is too long to wait.
        return Some(
            integer(value)
                .filter(|s| *s <= i64::from(u32::MAX))
                .map_or(f64::MAX, |s| s as f64 * 1000.0),
        );
    }
    http_date_ms(value).map(|at| (at - now_ms).max(0.0))
}

/// A decimal integer as `i64::from_str` reads one (an optional sign, then digits), over bytes:
/// the generic `str` parsing and splitting cost the .wasm more than the whole header parser.
fn integer(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    Some(if negative { -value } else { value })
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form HTTP servers send.
fn http_date_ms(value: &[u8]) -> Option<f64> {
    let comma = value.iter().position(|&b| b == b',')?;
    let rest = value[comma + 1..].strip_prefix(b" ")?;
    let mut parts = rest.split(|&b| b == b' ');
    let day = integer(parts.next()?)?;
    let month = match parts.next()? {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    };
    let year = integer(parts.next()?)?;
    let mut clock = parts.next()?.split(|&b| b == b':');
    let hour = integer(clock.next()?)?;
    let minute = integer(clock.next()?)?;
    let second = integer(clock.next()?)?;
    if parts.next()? != b"GMT"
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // In f64 from here: exact for any real date, and a year or hour of many digits cannot
    // overflow (it wrapped in i64, so a date far in the future read as one in the past).
    let days = era as f64 * 146_097.0 + (doe - 719_468) as f64;
    Some((days * 86_400.0 + hour as f64 * 3600.0 + minute as f64 * 60.0 + second as f64) * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16) -> ApiError {
        ApiError::http(status, None, None)
    }

    #[test]
    fn transient_failures() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_transient(&http(status)), "{status}");
        }
        for status in [400, 401, 403, 404, 405, 422, 501] {
            assert!(!is_transient(&http(status)), "{status}");
        }
        assert!(is_transient(&ApiError::network(
            "GET", "u", "x", None, true
        )));
        assert!(!is_transient(&ApiError::invalid_input("id", "x")));
        assert!(!is_transient(&ApiError::timeout("GET", "u", 5, None)));
    }

    #[test]
    fn only_idempotent_methods_retry() {
        let p = RetryPolicy::DEFAULT;
        let e = http(503);
        for method in [Method::Get, Method::Put, Method::Delete] {
            assert!(
                retry_delay(&p, method, &e, 0, None, 0.5).is_some(),
                "{method:?}"
            );
        }
        assert_eq!(retry_delay(&p, Method::Post, &e, 0, None, 0.5), None);
        let network = ApiError::network("POST", "u", "x", None, true);
        assert_eq!(retry_delay(&p, Method::Post, &network, 0, None, 0.5), None);
    }

    #[test]
    fn backoff_is_exponential_with_full_jitter_and_capped() {
        let p = RetryPolicy {
            retries: 10,
            base_delay_ms: 100,
            max_delay_ms: 1000,
        };
        let e = http(502);
        assert_eq!(retry_delay(&p, Method::Get, &e, 0, None, 0.999), Some(99));
        assert_eq!(retry_delay(&p, Method::Get, &e, 1, None, 0.999), Some(199));
        assert_eq!(retry_delay(&p, Method::Get, &e, 2, None, 0.5), Some(200));
        assert_eq!(retry_delay(&p, Method::Get, &e, 9, None, 0.999), Some(999));
        assert_eq!(retry_delay(&p, Method::Get, &e, 3, None, 0.0), Some(0));
        assert_eq!(
            retry_delay(&p, Method::Get, &e, 10, None, 0.5),
            None,
            "budget used up"
        );
        assert_eq!(
            retry_delay(&RetryPolicy::NONE, Method::Get, &e, 0, None, 0.5),
            None
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::DEFAULT;
        let e = http(429);
        assert_eq!(
            retry_delay(&p, Method::Get, &e, 0, Some(2000.0), 0.1),
            Some(2000)
        );
        assert_eq!(
            retry_delay(&p, Method::Get, &e, 0, Some(60_000.0), 0.1),
            None
        );
    }

    #[test]
    fn retry_after_parses_seconds_and_http_dates() {
        let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("120", now), Some(120_000.0));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0.0));
        assert_eq!(
            parse_retry_after("99999999999", now),
            Some(f64::MAX),
            "too long to wait"
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(10_000.0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(0.0)
        );
        assert_eq!(http_date_ms(b"Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            http_date_ms(b"Sat, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400_000.0)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn dates_with_many_digits_do_not_overflow() {
        // Sun, 06 Nov 1994 08:49:37 GMT.
        let now = 784_111_777_000.0;
        // Far in the future: longer than any policy waits, never "now".
        for far in [
            "Sun, 06 Nov 99999999999999 08:49:37 GMT",
            "Sun, 06 Nov 9223372036854775807 08:49:37 GMT",
        ] {
            assert!(
                parse_retry_after(far, now).is_some_and(|ms| ms > 1e15),
                "{far:?}"
            );
        }
        // Far in the past: 0, as any date in the past.
        for past in [
            "Sun, 06 Nov -9223372036854775807 08:49:37 GMT",
            "Sun, 06 Nov 1994 -99999999999999999:49:37 GMT",
            "Sun, 06 Nov 1994 08:-9223372036854775807:37 GMT",
        ] {
            assert_eq!(parse_retry_after(past, now), Some(0.0), "{past:?}");
        }
    }

    #[test]
    fn integers_read_as_std_reads_them() {
        for text in [
            "0",
            "07",
            "+5",
            "-12",
            "",
            "+",
            "-",
            "1a",
            " 1",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999",
        ] {
            assert_eq!(
                integer(text.as_bytes()),
                text.parse::<i64>().ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn policies_are_checked() {
        assert!(RetryPolicy::DEFAULT.validate().is_ok());
        assert!(RetryPolicy::NONE.validate().is_ok());
        let mut p = RetryPolicy::DEFAULT;
        p.retries = 11;
        assert!(p.validate().is_err());
        p = RetryPolicy::DEFAULT;
        p.base_delay_ms = 20_000;
        assert!(p.validate().is_err());
    }

    fn call(method: Method) -> CallState {
        CallState {
            method,
            retries_done: 0,
            can_refresh_token: true,
            token_refreshed: false,
            remaining_ms: None,
        }
    }

    #[test]
    fn a_401_refreshes_the_token_once_even_for_post() {
        let p = RetryPolicy::DEFAULT;
        let e = http(401);
        assert_eq!(
            next_step(&p, &call(Method::Post), &e, None, 0.5),
            Next::RefreshToken
        );
        let refreshed = CallState {
            token_refreshed: true,
            ..call(Method::Get)
        };
        assert_eq!(next_step(&p, &refreshed, &e, None, 0.5), Next::GiveUp);
        let no_getter = CallState {
            can_refresh_token: false,
            ..call(Method::Get)
        };
        assert_eq!(next_step(&p, &no_getter, &e, None, 0.5), Next::GiveUp);
    }

    #[test]
    fn a_wait_past_the_time_limit_gives_up_at_once() {
        let p = RetryPolicy::DEFAULT;
        let e = http(503);
        assert_eq!(
            next_step(&p, &call(Method::Get), &e, Some(5000.0), 0.5),
            Next::Retry(5000)
        );
        let short = CallState {
            remaining_ms: Some(1000.0),
            ..call(Method::Get)
        };
        assert_eq!(next_step(&p, &short, &e, Some(5000.0), 0.5), Next::GiveUp);
        assert_eq!(next_step(&p, &short, &e, None, 0.5), Next::Retry(150));
        assert_eq!(
            next_step(&p, &call(Method::Post), &e, None, 0.5),
            Next::GiveUp
        );
    }

    #[test]
    fn repeats_after_an_ambiguous_failure_check_the_goal_state() {
        assert!(is_ambiguous(&http(504)));
        assert!(is_ambiguous(&ApiError::network(
            "DELETE", "u", "x", None, false
        )));
        assert!(!is_ambiguous(&http(429)));
        assert!(!is_ambiguous(&http(408)));
        use AfterAmbiguous::*;
        assert_eq!(
            after_ambiguous(Method::Delete, Expect::NoContent, &http(404)),
            Succeeded
        );
        assert_eq!(
            after_ambiguous(Method::Put, Expect::Invitation, &http(422)),
            Verify
        );
        assert_eq!(
            after_ambiguous(Method::Get, Expect::Invitation, &http(404)),
            Unknown
        );
        assert_eq!(
            after_ambiguous(Method::Delete, Expect::NoContent, &http(500)),
            Unknown
        );
    }
}
