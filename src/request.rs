//! The HTTP requests of the six operations: method, URL (path segments and query percent-encoded),
//! JSON body. Plain Rust: the wasm shell only adds headers and sends what this module builds.

use crate::error::ApiError;
use crate::invitation::{
    validate_id, CreateOrganizationInvitationRequest, ListOrganizationInvitationsQuery,
    MessagePayload, ReplaceOrganizationInvitationStatusRequest,
};
use crate::text::{cat, num};

const COLLECTION: &str = "/api/organization-invitations";

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request cannot do anything twice (GET, PUT, DELETE).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

/// What a successful response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// One invitation (200 or 201).
    Invitation,
    /// An array of invitations.
    InvitationList,
    /// Nothing (204).
    NoContent,
}

/// One request, ready to send: the wasm shell adds `Accept`, `Authorization`, the caller's extra
/// headers and `Content-Type: application/json` when `body` is present.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// The full URL: the configured base URL, then the path and query.
    pub url: String,
    /// The JSON body, if any.
    pub body: Option<String>,
    /// The shape of a successful response.
    pub expect: Expect,
}

/// `POST /api/organization-invitations`.
pub fn create_invitation(
    base_url: &str,
    request: &CreateOrganizationInvitationRequest,
) -> HttpRequest {
    let mut body = JsonObject::new();
    body.string("invitee", &request.invitee);
    body.string("organizationId", &request.organization_id);
    body.millis("expiresAt", request.expires_at);
    if let Some(inviter) = &request.inviter_id {
        body.string("inviterId", inviter);
    }
    if let Some(roles) = &request.organization_role_ids {
        body.string_array("organizationRoleIds", roles);
    }
    match &request.message_payload {
        None => {}
        Some(MessagePayload::Disabled) => body.raw("messagePayload", "false"),
        Some(MessagePayload::Send(payload)) => body.raw("messagePayload", &payload.json),
    }
    HttpRequest {
        method: Method::Post,
        url: cat(&[base_url, COLLECTION]),
        body: Some(body.finish()),
        expect: Expect::Invitation,
    }
}

/// `POST /api/organization-invitations/{id}/message`; `payload_json` is a JSON object.
pub fn create_invitation_message(
    base_url: &str,
    id: &str,
    payload_json: &str,
) -> Result<HttpRequest, ApiError> {
    Ok(HttpRequest {
        method: Method::Post,
        url: item_url(base_url, id, "/message")?,
        body: Some(payload_json.to_owned()),
        expect: Expect::NoContent,
    })
}

/// `DELETE /api/organization-invitations/{id}`.
pub fn delete_invitation(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    Ok(HttpRequest {
        method: Method::Delete,
        url: item_url(base_url, id, "")?,
        body: None,
        expect: Expect::NoContent,
    })
}

/// `GET /api/organization-invitations/{id}`.
pub fn get_invitation(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    Ok(HttpRequest {
        method: Method::Get,
        url: item_url(base_url, id, "")?,
        body: None,
        expect: Expect::Invitation,
    })
}

/// `GET /api/organization-invitations?organizationId=&inviterId=&invitee=`, each only when given.
pub fn list_invitations(base_url: &str, query: &ListOrganizationInvitationsQuery) -> HttpRequest {
    let mut url = cat(&[base_url, COLLECTION]);
    let mut separator = '?';
    for (name, value) in [
        ("organizationId", &query.organization_id),
        ("inviterId", &query.inviter_id),
        ("invitee", &query.invitee),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            url.push(separator);
            url.push_str(name);
            url.push('=');
            percent_encode_into(&mut url, value);
            separator = '&';
        }
    }
    HttpRequest {
        method: Method::Get,
        url,
        body: None,
        expect: Expect::InvitationList,
    }
}

/// `PUT /api/organization-invitations/{id}/status`.
pub fn replace_invitation_status(
    base_url: &str,
    id: &str,
    request: &ReplaceOrganizationInvitationStatusRequest,
) -> Result<HttpRequest, ApiError> {
    let mut body = JsonObject::new();
    body.string("status", request.status.as_str());
    if let Some(user) = &request.accepted_user_id {
        body.string("acceptedUserId", user);
    }
    Ok(HttpRequest {
        method: Method::Put,
        url: item_url(base_url, id, "/status")?,
        body: Some(body.finish()),
        expect: Expect::Invitation,
    })
}

fn item_url(base_url: &str, id: &str, suffix: &str) -> Result<String, ApiError> {
    validate_id("id", id)?;
    let mut url = cat(&[base_url, COLLECTION, "/"]);
    percent_encode_into(&mut url, id);
    url.push_str(suffix);
    Ok(url)
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

/// A JSON object written member by member: the request bodies need no general serializer.
struct JsonObject {
    out: String,
}

impl JsonObject {
    fn new() -> Self {
        JsonObject {
            out: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_json_string(&mut self.out, key);
        self.out.push(':');
    }

    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        write_json_string(&mut self.out, value);
    }

    /// Writes epoch milliseconds (validated finite and within a JavaScript `Date`'s range, past
    /// or future) as a JSON integer, rounding fractions of a millisecond; this keeps float
    /// formatting, and its weight, out of the `.wasm`.
    fn millis(&mut self, key: &str, value: f64) {
        self.key(key);
        let rounded = value.round();
        if rounded < 0.0 {
            self.out.push('-');
        }
        // Validated finite and at most 8.64e15 in magnitude: the cast is exact.
        self.out.push_str(&num(rounded.abs() as u64));
    }

    fn string_array(&mut self, key: &str, values: &[String]) {
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

    fn raw(&mut self, key: &str, json: &str) {
        self.key(key);
        self.out.push_str(json);
    }

    fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Writes `value` as a JSON string literal.
fn write_json_string(out: &mut String, value: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invitation::{InvitationStatusUpdate, SendMessagePayload};
    use serde_json::{json, Value};

    const BASE: &str = "http://127.0.0.1:3001";

    fn body(request: &HttpRequest) -> Value {
        serde_json::from_str(request.body.as_deref().unwrap()).unwrap()
    }

    fn create(payload: Option<MessagePayload>) -> CreateOrganizationInvitationRequest {
        CreateOrganizationInvitationRequest {
            invitee: "invitee_444119@example.com".into(),
            organization_id: "3yx5mqb5c0i6".into(),
            expires_at: 1_795_772_985_883.0,
            inviter_id: Some("quyxb9n797hz".into()),
            organization_role_ids: Some(vec!["65p93gokmn24kpkuse6s4".into()]),
            message_payload: payload,
        }
    }

    #[test]
    fn create_matches_the_transcript_request() {
        // real-server-transcript-1.txt, "1. POST /api/organization-invitations (create)"
        let r = create_invitation(BASE, &create(Some(MessagePayload::Disabled)));
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "http://127.0.0.1:3001/api/organization-invitations");
        assert_eq!(r.expect, Expect::Invitation);
        assert_eq!(
            body(&r),
            json!({"organizationId":"3yx5mqb5c0i6","invitee":"invitee_444119@example.com",
                   "inviterId":"quyxb9n797hz","expiresAt":1795772985883_u64,
                   "organizationRoleIds":["65p93gokmn24kpkuse6s4"],"messagePayload":false})
        );
        assert!(r
            .body
            .as_deref()
            .unwrap()
            .contains("\"expiresAt\":1795772985883,"));
    }

    #[test]
    fn create_omits_what_is_not_given_and_passes_payload_members_through() {
        let mut request = create(None);
        request.inviter_id = None;
        request.organization_role_ids = None;
        let r = create_invitation(BASE, &request);
        assert_eq!(
            body(&r),
            json!({"invitee":"invitee_444119@example.com","organizationId":"3yx5mqb5c0i6","expiresAt":1795772985883_u64})
        );
        let payload = SendMessagePayload {
            json: r#"{"link":"https://x/i?a=1","custom":{"n":1}}"#.into(),
        };
        let r = create_invitation(BASE, &create(Some(MessagePayload::Send(payload))));
        assert_eq!(
            body(&r)["messagePayload"],
            json!({"link":"https://x/i?a=1","custom":{"n":1}})
        );
    }

    #[test]
    fn timestamps_are_whole_milliseconds() {
        let mut request = create(None);
        request.expires_at = 1795772985883.4;
        let sent = body(&create_invitation(BASE, &request));
        assert_eq!(sent["expiresAt"], json!(1795772985883_u64));
        request.expires_at = 8.64e15;
        let sent = body(&create_invitation(BASE, &request));
        assert_eq!(sent["expiresAt"], json!(8_640_000_000_000_000_u64));
        // A past expiry is Logto's to refuse: it is written as it is, negative included.
        request.expires_at = -1234.6;
        let sent = body(&create_invitation(BASE, &request));
        assert_eq!(sent["expiresAt"], json!(-1235));
        request.expires_at = -0.2;
        let sent = body(&create_invitation(BASE, &request));
        assert_eq!(sent["expiresAt"], json!(0));
    }

    #[test]
    fn strings_are_escaped() {
        let mut request = create(None);
        request.invitee = "q\"uo\\te\n\u{1}\u{1F600}@x.io".into();
        let r = create_invitation(BASE, &request);
        assert_eq!(body(&r)["invitee"], json!("q\"uo\\te\n\u{1}\u{1F600}@x.io"));
    }

    #[test]
    fn item_requests() {
        let r = get_invitation(BASE, "1j5szmiaf5pmk6anbnd2z").unwrap();
        assert_eq!(
            (r.method, r.body.clone(), r.expect),
            (Method::Get, None, Expect::Invitation)
        );
        assert_eq!(
            r.url,
            format!("{BASE}/api/organization-invitations/1j5szmiaf5pmk6anbnd2z")
        );

        let r = delete_invitation(BASE, "abc").unwrap();
        assert_eq!(
            (r.method, r.body.clone(), r.expect),
            (Method::Delete, None, Expect::NoContent)
        );
        assert_eq!(r.url, format!("{BASE}/api/organization-invitations/abc"));

        let r = create_invitation_message(BASE, "abc", r#"{"link":"l"}"#).unwrap();
        assert_eq!((r.method, r.expect), (Method::Post, Expect::NoContent));
        assert_eq!(
            r.url,
            format!("{BASE}/api/organization-invitations/abc/message")
        );
        assert_eq!(body(&r), json!({"link":"l"}));

        let status = ReplaceOrganizationInvitationStatusRequest {
            status: InvitationStatusUpdate::Accepted,
            accepted_user_id: Some("urlsoqx3pbku".into()),
        };
        let r = replace_invitation_status(BASE, "abc", &status).unwrap();
        assert_eq!((r.method, r.expect), (Method::Put, Expect::Invitation));
        assert_eq!(
            r.url,
            format!("{BASE}/api/organization-invitations/abc/status")
        );
        assert_eq!(
            body(&r),
            json!({"status":"Accepted","acceptedUserId":"urlsoqx3pbku"})
        );

        let revoke = ReplaceOrganizationInvitationStatusRequest {
            status: InvitationStatusUpdate::Revoked,
            accepted_user_id: None,
        };
        let r = replace_invitation_status(BASE, "abc", &revoke).unwrap();
        assert_eq!(r.body.as_deref(), Some(r#"{"status":"Revoked"}"#));
    }

    #[test]
    fn ids_are_one_encoded_segment() {
        let r = get_invitation(BASE, "../users").unwrap();
        assert_eq!(
            r.url,
            format!("{BASE}/api/organization-invitations/..%2Fusers")
        );
        let r = delete_invitation("/logto", "a/b?c#d e%f&g=h").unwrap();
        assert_eq!(
            r.url,
            "/logto/api/organization-invitations/a%2Fb%3Fc%23d%20e%25f%26g%3Dh"
        );
        let r = get_invitation("", "é").unwrap();
        assert_eq!(r.url, "/api/organization-invitations/%C3%A9");
        for bad in ["", ".", ".."] {
            assert!(get_invitation(BASE, bad).is_err());
            assert!(delete_invitation(BASE, bad).is_err());
            assert!(create_invitation_message(BASE, bad, "{}").is_err());
        }
    }

    #[test]
    fn list_query_has_only_given_filters_encoded() {
        let none = list_invitations(BASE, &ListOrganizationInvitationsQuery::default());
        assert_eq!(none.url, format!("{BASE}/api/organization-invitations"));
        assert_eq!(
            (none.method, none.expect),
            (Method::Get, Expect::InvitationList)
        );

        let all = list_invitations(
            BASE,
            &ListOrganizationInvitationsQuery {
                organization_id: Some("3yx5mqb5c0i6".into()),
                inviter_id: Some("quyxb9n797hz".into()),
                invitee: Some("invitee_444119@example.com".into()),
            },
        );
        assert_eq!(
            all.url,
            format!("{BASE}/api/organization-invitations?organizationId=3yx5mqb5c0i6&inviterId=quyxb9n797hz&invitee=invitee_444119%40example.com")
        );

        let tricky = list_invitations(
            BASE,
            &ListOrganizationInvitationsQuery {
                organization_id: Some(String::new()),
                inviter_id: None,
                invitee: Some("a+b&c=d@x.io".into()),
            },
        );
        assert_eq!(
            tricky.url,
            format!("{BASE}/api/organization-invitations?invitee=a%2Bb%26c%3Dd%40x.io")
        );
    }
}
