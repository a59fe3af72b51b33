//! Reading the arguments only JavaScript has: functions, an `AbortSignal`, headers in any of the
//! Fetch standard's `HeadersInit` forms; and the platform's own check of `baseUrl`.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::value::{array_of, get, is_array};
use crate::config::{base_url_check, no_page_location, path_url, BaseUrlCheck, PathUrl};
use crate::error::ApiError;
use crate::headers::{validate_header, HeaderList};
use crate::text::concat;
use crate::wire::{Field, ReadArg, Value, ValueType};

#[wasm_bindgen]
extern "C" {
    /// The platform's `URL`.
    #[wasm_bindgen(js_name = URL)]
    type Url;
    // `new URL(url, base)`, catching: it throws a TypeError for what it cannot parse.
    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new_with_base(url: &str, base: &JsValue) -> Result<Url, JsValue>;
    // `Object.prototype.toString.call(value)`, catching (a Proxy's tag getter may throw).
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn object_tag(value: &JsValue) -> Result<JsValue, JsValue>;
    // `Object.entries`, catching: getters and Proxy traps run.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<Array, JsValue>;
}

/// A function; `undefined` and `null` are absent.
impl ReadArg<JsValue> for Option<Function> {
    fn read(value: &JsValue, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is_absent() {
            return Ok(None);
        }
        value
            .dyn_ref::<Function>()
            .cloned()
            .map(Some)
            .ok_or_else(|| at.wrong_type("a function", value))
    }
}

/// An `AbortSignal`, from this realm or another (a same-origin iframe's, which `instanceof`
/// would refuse though `fetch` accepts it); `undefined` and `null` are absent.
impl ReadArg<JsValue> for Option<web_sys::AbortSignal> {
    fn read(value: &JsValue, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is_absent() {
            return Ok(None);
        }
        let is_signal = value.is_object() && get_tag(value) == "[object AbortSignal]";
        if is_signal {
            Ok(Some(value.clone().unchecked_into()))
        } else {
            Err(at.wrong_type("an AbortSignal", value))
        }
    }
}

/// `Object.prototype.toString.call(value)`: `[object AbortSignal]` in every realm.
fn get_tag(value: &JsValue) -> String {
    object_tag(value)
        .ok()
        .and_then(|tag| tag.as_string())
        .unwrap_or_default()
}

/// Headers in any `HeadersInit` form: a record, a `Headers` (or any iterable of pairs, such as
/// a `Map`), or an array of `[name, value]` pairs. Each is checked; nothing is dropped silently.
/// `undefined` and `null` are absent.
impl ReadArg<JsValue> for Option<HeaderList> {
    fn read(value: &JsValue, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is_absent() {
            return Ok(None);
        }
        read_headers(value, at).map(Some)
    }
}

/// Reads and checks headers in any `HeadersInit` form (see [`Option<HeaderList>`]'s reader).
pub fn read_headers(value: &JsValue, at: Field<'_>) -> Result<HeaderList, ApiError> {
    const EXPECTED: &str =
        "a record of header names to strings, a Headers object or an array of [name, value] pairs";
    if !value.is_object() || value.is_function() {
        return Err(at.wrong_type(EXPECTED, value));
    }
    let iterable = get(value, "entries").is_function() || is_array(value);
    let pairs = if iterable {
        array_of(value)
    } else {
        object_entries(value).ok()
    };
    let pairs = pairs.ok_or_else(|| at.error("could not be read (it threw)"))?;
    let in_browser = super::in_browser();
    let mut headers = Vec::with_capacity(pairs.length() as usize);
    for pair in pairs.iter() {
        // Copied (catching): a pair is the caller's array, whose reads may throw (a getter, a
        // Proxy), never through this module's frames; one that throws is not a pair.
        let pair = is_array(&pair).then(|| array_of(&pair)).flatten();
        let Some(pair) = pair.filter(|pair| pair.length() == 2) else {
            return Err(at.wrong_type(EXPECTED, value));
        };
        let Some(name) = pair.get(0).as_string() else {
            return Err(at.error("has a header name that is not a string"));
        };
        let header = pair.get(1);
        let Some(value) = header.as_string() else {
            let path = concat(&[at.path, ".", &name]);
            return Err(Field::new(&path).wrong_type("a string", &header));
        };
        validate_header(at.path, &name, &value, in_browser)?;
        headers.push((name, value));
    }
    Ok(headers)
}

/// The page's (or worker's) location, if this environment has one.
fn page_location() -> Option<JsValue> {
    let location = get(&js_sys::global(), "location");
    location.is(ValueType::Object).then_some(location)
}

/// The URL to give `fetch` for `url`, a call's URL on a path `baseUrl` (see [`path_url`]):
/// `None` to give it as it is; resolved against the page location where the platform's `fetch`
/// would not resolve it (jsdom over Node's fetch); an error where there is no page location.
pub fn path_fetch_url(url: &str) -> Result<Option<String>, ApiError> {
    let location = page_location();
    match path_url(location.is_some(), super::in_browser()) {
        PathUrl::AsIs => Ok(None),
        PathUrl::NoLocation => Err(no_page_location()),
        PathUrl::AgainstLocation => {
            let href = location.map(|l| get(&l, "href")).unwrap_or_default();
            // The constructor checked the base against this location already.
            Url::new_with_base(url, &href)
                .ok()
                .and_then(|parsed| get(&parsed, "href").as_string())
                .map(Some)
                .ok_or_else(no_page_location)
        }
    }
}

/// Parses `base` with the platform's URL parser, as `fetch` will: relative to the page's (or
/// worker's) location where there is one (see [`base_url_check`]; a path where there is none is
/// parsed against a stand-in origin, and its calls reject until there is one). Throws nothing: an
/// unusable base URL is an input error naming `config.baseUrl`, so that no call is sent (and
/// retried) as a network error.
pub fn check_base_url(base: &str) -> Result<(), ApiError> {
    let location = page_location();
    let against = match base_url_check(base, location.is_some()) {
        BaseUrlCheck::Absolute => JsValue::UNDEFINED,
        BaseUrlCheck::AgainstLocation => location.map(|l| get(&l, "href")).unwrap_or_default(),
        BaseUrlCheck::Deferred => JsValue::from_str("http://localhost"),
    };
    Url::new_with_base(&concat(&[base, "/api"]), &against)
        .map(|_| ())
        .map_err(|e| {
            ApiError::invalid_input(
                "config.baseUrl",
                &concat(&[
                    "is not a URL this platform can parse: ",
                    &super::message_of(&e),
                ]),
            )
        })
}
