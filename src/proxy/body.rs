//! The request body rules: only the operations that take a body get one forwarded; it must be
//! JSON (`Content-Type: application/json`, with or without parameters), and at most
//! [`MAX_BODY_BYTES`]. A declared `Content-Length` over the cap is refused before reading; a
//! body without one is read up to the cap and refused there (see `crate::runtime::read_capped`).

/// The largest request body forwarded: 64 KiB (an invitation with a long message payload is a
/// few KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Whether a `Content-Type` value is JSON: the media type `application/json`, any case, with or
/// without parameters such as `charset=utf-8`.
pub fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether a `Content-Length` value declares more than `cap` bytes (a value that is not a
/// number declares nothing: the cap still applies while reading).
pub fn declared_too_large(content_length: Option<&str>, cap: usize) -> bool {
    content_length
        .and_then(|value| value.trim().parse::<u64>().ok())
        .is_some_and(|length| length > cap as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_is_json() {
        for good in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;charset=UTF-8",
            " application/json ",
        ] {
            assert!(is_json(Some(good)), "{good}");
        }
        for bad in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "application/merge-patch+json",
            "",
        ] {
            assert!(!is_json(Some(bad)), "{bad}");
        }
        assert!(!is_json(None));
    }

    #[test]
    fn declared_lengths_over_the_cap() {
        assert!(!declared_too_large(Some("65536"), MAX_BODY_BYTES));
        assert!(declared_too_large(Some("65537"), MAX_BODY_BYTES));
        assert!(declared_too_large(Some(" 99999999999999 "), MAX_BODY_BYTES));
        assert!(!declared_too_large(Some("x"), MAX_BODY_BYTES));
        assert!(!declared_too_large(None, MAX_BODY_BYTES));
    }
}
