//! The request body rules: only the operations that take a body get one forwarded; it must be
//! JSON (`Content-Type: application/json`, with or without parameters), and at most
//! [`MAX_BODY_BYTES`]. A declared `Content-Length` over the cap is refused before reading; a
//! body without one is read up to the cap and refused there (see `crate::runtime::read_capped`).
//! Only an identity `Content-Encoding` is read (a gzipped body would be judged unread and could
//! pass the cap), and only UTF-8 text without a byte order mark: what Logto gets is what the proxy
//! parsed, re-serialised.

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

/// Whether a `Content-Encoding` value leaves the body as it is: absent, empty or `identity`.
pub fn is_identity(content_encoding: Option<&str>) -> bool {
    match content_encoding.map(str::trim) {
        None | Some("") => true,
        Some(coding) => coding.eq_ignore_ascii_case("identity"),
    }
}

/// The body as JSON text: UTF-8 without a byte order mark (which JSON does not allow and some
/// parsers skip); `None` otherwise.
pub fn json_text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes)
        .ok()
        .filter(|text| !text.starts_with('\u{feff}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_identity_bodies_are_read() {
        for identity in [None, Some(""), Some("identity"), Some(" Identity ")] {
            assert!(is_identity(identity), "{identity:?}");
        }
        for coded in ["gzip", "deflate", "br", "zstd", "gzip, identity", "x-gzip"] {
            assert!(!is_identity(Some(coded)), "{coded}");
        }
    }

    #[test]
    fn json_text_is_utf8_without_a_bom() {
        assert_eq!(json_text(b"{\"a\":1}"), Some("{\"a\":1}"));
        assert_eq!(json_text(b"\xef\xbb\xbf{}"), None);
        assert_eq!(json_text(b"{\"a\":\"\xff\"}"), None);
        assert_eq!(json_text("{\"a\":\"é\"}".as_bytes()), Some("{\"a\":\"é\"}"));
    }

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
