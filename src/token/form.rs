//! The token request on the wire (RFC 6749 4.4 and 2.3.1): the form body and HTTP Basic client
//! authentication, whose id and secret are each form-urlencoded before Base64.

use crate::text::concat;

/// `grant_type` of the client-credentials grant.
const GRANT_TYPE: &str = "client_credentials";

/// Appends `value` as `application/x-www-form-urlencoded` (the URL Standard's serializer): ASCII
/// letters, digits and `*-._` stay, a space becomes `+`, every other UTF-8 byte `%XX`.
pub fn form_urlencode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_') {
            out.push(char::from(byte));
        } else if byte == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
}

/// `value` form-urlencoded.
pub fn form_urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    form_urlencode_into(&mut out, value);
    out
}

/// Standard Base64 (RFC 4648 section 4) with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `Authorization` value of HTTP Basic client authentication (RFC 6749 2.3.1): the id and
/// the secret are each form-urlencoded, joined by `:`, and Base64-encoded.
pub fn basic_authorization(client_id: &str, client_secret: &str) -> String {
    let user_pass = concat(&[
        &form_urlencode(client_id),
        ":",
        &form_urlencode(client_secret),
    ]);
    concat(&["Basic ", &base64(user_pass.as_bytes())])
}

/// The form body of a client-credentials token request: `grant_type`, `resource` (RFC 8707) and
/// `scope`. The client is authenticated in the `Authorization` header, never in the body.
pub fn token_request_body(resource: &str, scope: &str) -> String {
    let mut body = concat(&["grant_type=", GRANT_TYPE, "&resource="]);
    form_urlencode_into(&mut body, resource);
    body.push_str("&scope=");
    form_urlencode_into(&mut body, scope);
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_urlencoding_follows_the_url_standard() {
        assert_eq!(form_urlencode("abcXYZ019*-._"), "abcXYZ019*-._");
        assert_eq!(form_urlencode("a b"), "a+b");
        assert_eq!(form_urlencode("a+b"), "a%2Bb");
        assert_eq!(
            form_urlencode(":/?#[]@!$&'()~=%"),
            "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%7E%3D%25"
        );
        assert_eq!(form_urlencode("é"), "%C3%A9");
        assert_eq!(form_urlencode(""), "");
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output, "{input}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn basic_authorization_encodes_id_and_secret_first() {
        // echo -n 'm2m-app:m2m-secret' | base64
        assert_eq!(
            basic_authorization("m2m-app", "m2m-secret"),
            "Basic bTJtLWFwcDptMm0tc2VjcmV0"
        );
        // Each part is form-urlencoded first, so a ':' in the secret cannot split it.
        assert_eq!(
            basic_authorization("my app", "s:e+c r%t"),
            concat(&["Basic ", &base64(b"my+app:s%3Ae%2Bc+r%25t")])
        );
    }

    #[test]
    fn the_body_names_the_grant_resource_and_scope() {
        assert_eq!(
            token_request_body("https://default.logto.app/api", "all"),
            "grant_type=client_credentials&resource=https%3A%2F%2Fdefault.logto.app%2Fapi&scope=all"
        );
        assert_eq!(
            token_request_body("https://t1.logto.app/api", "all read"),
            "grant_type=client_credentials&resource=https%3A%2F%2Ft1.logto.app%2Fapi&scope=all+read"
        );
    }
}
