//! Writing a model's members: as a JSON request body, as a query string, or (in the wasm shell)
//! as a JavaScript object. Request bodies need no general serializer: this keeps `serde_json`
//! and float formatting, and their weight, out of the `.wasm`.

use crate::text::decimal;

/// Where members are written.
pub trait Sink {
    /// A string member.
    fn string(&mut self, key: &'static str, value: &str);
    /// A number member.
    fn number(&mut self, key: &'static str, value: f64);
    /// A member that is an array of strings.
    fn strings(&mut self, key: &'static str, values: &[String]);
    /// A member already written as JSON by the caller's environment (`false`, or an object).
    fn json(&mut self, key: &'static str, json: &str);
}

/// A type written as one member.
pub trait WriteMember<S: Sink> {
    /// Writes `self` as the member `key`.
    fn write_member(&self, key: &'static str, sink: &mut S);
}

/// A model written member by member.
pub trait WriteShape<S: Sink> {
    /// Writes every member.
    fn write_members(&self, sink: &mut S);
}

impl<S: Sink> WriteMember<S> for String {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        sink.string(key, self);
    }
}

impl<S: Sink> WriteMember<S> for f64 {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        sink.number(key, *self);
    }
}

impl<S: Sink> WriteMember<S> for u32 {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        sink.number(key, f64::from(*self));
    }
}

impl<S: Sink> WriteMember<S> for u16 {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        sink.number(key, f64::from(*self));
    }
}

impl<S: Sink> WriteMember<S> for Vec<String> {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        sink.strings(key, self);
    }
}

/// An absent member is not written.
impl<S: Sink, T: WriteMember<S>> WriteMember<S> for Option<T> {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        if let Some(value) = self {
            value.write_member(key, sink);
        }
    }
}

/// A JSON object, written member by member.
pub struct JsonWriter {
    out: String,
}

impl JsonWriter {
    /// Writes `shape` as a JSON object.
    pub fn object<T: WriteShape<JsonWriter>>(shape: &T) -> String {
        let mut writer = JsonWriter {
            out: String::from("{"),
        };
        shape.write_members(&mut writer);
        writer.out.push('}');
        writer.out
    }

    /// A JSON array of shapes, each written as [`JsonWriter::object`].
    pub fn array<T: WriteShape<JsonWriter>>(shapes: &[T]) -> String {
        let mut out = String::from("[");
        for (i, shape) in shapes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&JsonWriter::object(shape));
        }
        out.push(']');
        out
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_json_string(&mut self.out, key);
        self.out.push(':');
    }
}

impl Sink for JsonWriter {
    fn string(&mut self, key: &'static str, value: &str) {
        self.key(key);
        write_json_string(&mut self.out, value);
    }

    /// Numbers in request bodies are epoch milliseconds, checked finite and within a JavaScript
    /// `Date`'s range (8.64e15): written as a JSON integer, fractions of a millisecond rounded.
    fn number(&mut self, key: &'static str, value: f64) {
        self.key(key);
        let rounded = value.round();
        if rounded < 0.0 {
            self.out.push('-');
        }
        self.out.push_str(&decimal(rounded.abs() as u64));
    }

    fn strings(&mut self, key: &'static str, values: &[String]) {
        self.key(key);
        self.out.push('[');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            write_json_string(&mut self.out, value);
        }
        self.out.push(']');
    }

    fn json(&mut self, key: &'static str, json: &str) {
        self.key(key);
        self.out.push_str(json);
    }
}

/// Writes `value` as a JSON string literal.
pub fn write_json_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A query string appended to a URL: `?name=value&...`, each member percent-encoded; empty
/// strings are not written (Logto reads them as no filter).
pub struct QueryWriter<'a> {
    url: &'a mut String,
    separator: char,
}

impl<'a> QueryWriter<'a> {
    /// Appends `shape`'s members to `url` as its query.
    pub fn append<T: WriteShape<QueryWriter<'a>>>(url: &'a mut String, shape: &T) {
        let mut writer = QueryWriter {
            url,
            separator: '?',
        };
        shape.write_members(&mut writer);
    }
}

impl Sink for QueryWriter<'_> {
    fn string(&mut self, key: &'static str, value: &str) {
        if value.is_empty() {
            return;
        }
        self.url.push(self.separator);
        self.separator = '&';
        self.url.push_str(key);
        self.url.push('=');
        percent_encode_into(self.url, value);
    }

    fn number(&mut self, key: &'static str, value: f64) {
        self.string(key, &decimal(value.max(0.0) as u64));
    }

    fn strings(&mut self, key: &'static str, values: &[String]) {
        for value in values {
            self.string(key, value);
        }
    }

    fn json(&mut self, key: &'static str, json: &str) {
        self.string(key, json);
    }
}

/// Appends `value` percent-encoded as one path segment or query value: every byte but the
/// unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX` (UTF-8), so `/`, `?`, `#`, `&`, `=`, `%` and
/// spaces can never change the URL's structure.
pub fn percent_encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
}
