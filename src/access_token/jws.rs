//! A JWT in JWS compact serialisation (RFC 7515 section 7.1): `header.payload.signature`, each
//! part base64url without padding (RFC 7515 section 2). Splitting, decoding and the protected
//! header's rules: only the signing algorithms Logto uses (RFC 7518 names), never `none` or an
//! HMAC, no `crit` extension, a `kid` to choose the key by. Plain Rust.

use super::problem::TokenProblem;
use crate::wire::Value;

/// The longest token accepted, in bytes: Logto's access tokens are well under 2 KB; a larger
/// `Authorization` header is refused before anything is decoded.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// The JWS algorithms Logto signs access tokens with: `RS256` for an RSA signing key (Logto
/// before 1.0 and RSA tenants), `ES256`/`ES384`/`ES512` for an EC key on P-256/P-384/P-521
/// (Logto generates P-384 keys, so `ES384` is the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// ECDSA on P-384 with SHA-384.
    Es384,
    /// ECDSA on P-521 with SHA-512.
    Es512,
}

impl Algorithm {
    /// The algorithm of a header's `alg`; `None` for anything else (`none`, `HS256`, `PS256`...).
    pub fn parse(alg: &str) -> Option<Algorithm> {
        match alg {
            "RS256" => Some(Algorithm::Rs256),
            "ES256" => Some(Algorithm::Es256),
            "ES384" => Some(Algorithm::Es384),
            "ES512" => Some(Algorithm::Es512),
            _ => None,
        }
    }

    /// Its RFC 7518 name.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Rs256 => "RS256",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Es512 => "ES512",
        }
    }

    /// The JWK `kty` and, for EC, `crv` of a key for this algorithm.
    pub fn key_type(self) -> (&'static str, Option<&'static str>) {
        match self {
            Algorithm::Rs256 => ("RSA", None),
            Algorithm::Es256 => ("EC", Some("P-256")),
            Algorithm::Es384 => ("EC", Some("P-384")),
            Algorithm::Es512 => ("EC", Some("P-521")),
        }
    }

    /// The WebCrypto hash name.
    pub fn hash(self) -> &'static str {
        match self {
            Algorithm::Rs256 | Algorithm::Es256 => "SHA-256",
            Algorithm::Es384 => "SHA-384",
            Algorithm::Es512 => "SHA-512",
        }
    }

    /// The length of an ECDSA signature (`r || s`, RFC 7518 section 3.4); `None` for RSA.
    pub fn ecdsa_signature_len(self) -> Option<usize> {
        match self {
            Algorithm::Rs256 => None,
            Algorithm::Es256 => Some(64),
            Algorithm::Es384 => Some(96),
            Algorithm::Es512 => Some(132),
        }
    }
}

/// A token split into its parts, the header and payload decoded to text (not yet parsed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compact<'a> {
    /// `header.payload` as sent: what the signature signs.
    pub signing_input: &'a str,
    /// The header, decoded: JSON text.
    pub header: String,
    /// The payload, decoded: JSON text.
    pub payload: String,
    /// The signature's bytes.
    pub signature: Vec<u8>,
}

/// Splits and decodes a compact JWS. Exactly three parts, each strict base64url (no padding, no
/// other characters), header and payload UTF-8, a non-empty signature.
pub fn split(token: &str) -> Result<Compact<'_>, TokenProblem> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenProblem::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenProblem::Malformed);
    };
    let text = |part: &str| {
        base64url_decode(part)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or(TokenProblem::Malformed)
    };
    let signature = base64url_decode(signature).ok_or(TokenProblem::Malformed)?;
    if signature.is_empty() {
        return Err(TokenProblem::Unsigned);
    }
    Ok(Compact {
        signing_input: &token[..header.len() + 1 + payload.len()],
        header: text(header)?,
        payload: text(payload)?,
        signature,
    })
}

/// The protected header, as far as it decides anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// `alg`, one of Logto's.
    pub alg: Algorithm,
    /// `kid`: which key of the JWKS signed it.
    pub kid: String,
}

impl Header {
    /// Reads a parsed header: an object with `alg` one of [`Algorithm`]'s (`none` is
    /// [`TokenProblem::Unsigned`]), a string `kid` (Logto always sets one), no `crit` (RFC 7515
    /// section 4.1.11: an extension this verifier does not understand), and a `typ`, when
    /// present, of a JWT access token (`at+jwt`, RFC 9068, as Logto sets it, or `JWT`).
    pub fn read<V: Value>(header: &V) -> Result<Header, TokenProblem> {
        let member = |key| header.member(key).map_err(|_| TokenProblem::Malformed);
        if !header.is(crate::wire::ValueType::Object) {
            return Err(TokenProblem::Malformed);
        }
        let alg = member("alg")?.string().ok_or(TokenProblem::Malformed)?;
        if alg.eq_ignore_ascii_case("none") {
            return Err(TokenProblem::Unsigned);
        }
        let alg = Algorithm::parse(&alg).ok_or(TokenProblem::Algorithm)?;
        if !member("crit")?.is(crate::wire::ValueType::Undefined) {
            return Err(TokenProblem::Malformed);
        }
        let typ = member("typ")?;
        if !typ.is(crate::wire::ValueType::Undefined) {
            let typ = typ.string().unwrap_or_default().to_ascii_lowercase();
            let typ = typ.strip_prefix("application/").unwrap_or(&typ);
            if typ != "at+jwt" && typ != "jwt" {
                return Err(TokenProblem::Malformed);
            }
        }
        let kid = member("kid")?
            .string()
            .filter(|kid| !kid.is_empty())
            .ok_or(TokenProblem::Malformed)?;
        Ok(Header { alg, kid })
    }
}

/// Decodes unpadded base64url (RFC 4648 section 5); `None` for any other character, padding, or
/// a length no encoder makes.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0u32;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // One leftover character (6 bits) cannot be; leftover bits must be zero (canonical form).
    if bits >= 6 || buffer != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    #[test]
    fn base64url_round_trips_and_is_strict() {
        for bytes in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"foob",
            b"\xff\xfe\x00",
            b"{\"alg\":\"ES384\"}",
        ] {
            assert_eq!(base64url_decode(&b64(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(base64url_decode("Zm9v"), Some(b"foo".to_vec()));
        for bad in ["Zm9v=", "Zm+v", "Zm/v", "Z", "Zm9vY", "Zh", "Zm9 v"] {
            assert_eq!(base64url_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn splits_three_parts() {
        let token = format!("{}.{}.{}", b64(b"{}"), b64(b"{\"a\":1}"), b64(b"sig"));
        let compact = split(&token).unwrap();
        assert_eq!(compact.header, "{}");
        assert_eq!(compact.payload, "{\"a\":1}");
        assert_eq!(compact.signature, b"sig");
        assert_eq!(compact.signing_input, &token[..token.rfind('.').unwrap()]);
        let two = format!("{}.{}", b64(b"{}"), b64(b"{}"));
        assert_eq!(split(&two), Err(TokenProblem::Malformed));
        assert_eq!(split(&format!("{token}.x")), Err(TokenProblem::Malformed));
        // `alg: none` tokens end with an empty signature.
        let unsigned = format!("{}.{}.", b64(b"{}"), b64(b"{}"));
        assert_eq!(split(&unsigned), Err(TokenProblem::Unsigned));
        let not_utf8 = format!("{}.{}.{}", b64(b"\xff"), b64(b"{}"), b64(b"s"));
        assert_eq!(split(&not_utf8), Err(TokenProblem::Malformed));
        assert_eq!(
            split(&"a".repeat(MAX_TOKEN_BYTES + 1)),
            Err(TokenProblem::Malformed)
        );
    }

    fn header(value: serde_json::Value) -> Result<Header, TokenProblem> {
        Header::read(&Some(value))
    }

    #[test]
    fn headers_of_logto_tokens_only() {
        assert_eq!(
            header(json!({ "alg": "ES384", "typ": "at+jwt", "kid": "k1" })),
            Ok(Header {
                alg: Algorithm::Es384,
                kid: "k1".into()
            })
        );
        assert_eq!(
            header(json!({ "alg": "RS256", "kid": "k" })).unwrap().alg,
            Algorithm::Rs256
        );
        assert!(header(json!({ "alg": "ES256", "typ": "application/at+jwt", "kid": "k" })).is_ok());
        for none in ["none", "None", "NONE"] {
            assert_eq!(
                header(json!({ "alg": none, "kid": "k" })),
                Err(TokenProblem::Unsigned)
            );
        }
        for alg in ["HS256", "PS256", "EdDSA", "es384", ""] {
            assert_eq!(
                header(json!({ "alg": alg, "kid": "k" })),
                Err(TokenProblem::Algorithm),
                "{alg}"
            );
        }
        for bad in [
            json!({ "alg": "ES384" }),
            json!({ "alg": "ES384", "kid": "" }),
            json!({ "alg": "ES384", "kid": 1 }),
            json!({ "alg": "ES384", "kid": "k", "crit": ["exp"] }),
            json!({ "alg": "ES384", "kid": "k", "typ": "id_token+jwt" }),
            json!({ "alg": ["ES384"], "kid": "k" }),
            json!([]),
            json!("ES384"),
        ] {
            assert_eq!(header(bad.clone()), Err(TokenProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn algorithms_name_their_keys() {
        for name in ["RS256", "ES256", "ES384", "ES512"] {
            assert_eq!(Algorithm::parse(name).unwrap().name(), name);
        }
        assert_eq!(Algorithm::Es384.key_type(), ("EC", Some("P-384")));
        assert_eq!(Algorithm::Es384.ecdsa_signature_len(), Some(96));
        assert_eq!(Algorithm::Rs256.key_type(), ("RSA", None));
        assert_eq!(Algorithm::Rs256.hash(), "SHA-256");
    }
}
