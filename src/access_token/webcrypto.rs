//! Signature verification with the runtime's WebCrypto (`crypto.subtle`: Node >= 20, Deno, Bun,
//! Cloudflare Workers): JWKs imported as verify-only public keys, ECDSA signatures in JWS's
//! `r || s` form (what WebCrypto takes), RSASSA-PKCS1-v1_5 for `RS256`. No cryptography in the
//! module itself. Wasm shell.

use js_sys::{Array, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::jws::Algorithm;
use super::keys::{Jwk, Material};
use crate::runtime::{get, set};

#[wasm_bindgen]
extern "C" {
    type SubtleCrypto;
    #[wasm_bindgen(catch, method, structural, js_name = importKey)]
    fn import_key(
        this: &SubtleCrypto,
        format: &str,
        key: &Object,
        algorithm: &Object,
        extractable: bool,
        usages: &Array,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, method, structural)]
    fn verify(
        this: &SubtleCrypto,
        algorithm: &Object,
        key: &JsValue,
        signature: &Uint8Array,
        data: &Uint8Array,
    ) -> Result<Promise, JsValue>;
}

/// `globalThis.crypto.subtle`, if the runtime has it.
fn subtle() -> Option<SubtleCrypto> {
    let subtle = get(&get(&js_sys::global(), "crypto"), "subtle");
    subtle.is_object().then(|| subtle.unchecked_into())
}

/// The WebCrypto algorithm of `alg`, for `importKey` (`import: true`) or `verify`.
fn algorithm(alg: Algorithm, import: bool) -> Object {
    let object = Object::new();
    match alg {
        Algorithm::Rs256 => {
            set(&object, "name", &"RSASSA-PKCS1-v1_5".into());
            if import {
                set(&object, "hash", &alg.hash().into());
            }
        }
        _ => {
            set(&object, "name", &"ECDSA".into());
            if import {
                set(
                    &object,
                    "namedCurve",
                    &alg.key_type().1.unwrap_or_default().into(),
                );
            } else {
                set(&object, "hash", &alg.hash().into());
            }
        }
    }
    object
}

/// Imports a JWKS key as a verify-only `CryptoKey`: the promise of `importKey`, which rejects
/// if the runtime refuses the key (a point not on the curve, a broken modulus); `None` without
/// WebCrypto.
pub fn import(key: &Jwk) -> Option<Promise> {
    let jwk = Object::new();
    match &key.material {
        Material::Ec { crv, x, y } => {
            set(&jwk, "kty", &"EC".into());
            set(&jwk, "crv", &(*crv).into());
            set(&jwk, "x", &x.as_str().into());
            set(&jwk, "y", &y.as_str().into());
        }
        Material::Rsa { n, e } => {
            set(&jwk, "kty", &"RSA".into());
            set(&jwk, "n", &n.as_str().into());
            set(&jwk, "e", &e.as_str().into());
        }
    }
    let usages = Array::of1(&"verify".into());
    subtle()?
        .import_key("jwk", &jwk, &algorithm(key.alg, true), false, &usages)
        .ok()
}

/// Whether `signature` over `data` verifies with `key` (a `CryptoKey` for `alg`).
pub async fn verifies(key: &JsValue, alg: Algorithm, signature: &[u8], data: &[u8]) -> bool {
    if alg
        .ecdsa_signature_len()
        .is_some_and(|len| len != signature.len())
    {
        return false;
    }
    let Some(subtle) = subtle() else {
        return false;
    };
    let signature = Uint8Array::from(signature);
    let data = Uint8Array::from(data);
    match subtle.verify(&algorithm(alg, false), key, &signature, &data) {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()) == Some(true),
        Err(_) => false,
    }
}
