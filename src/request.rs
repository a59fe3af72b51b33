//! The HTTP requests of the six operations, built from the route table ([`crate::routes`]):
//! method, URL (the ID as one percent-encoded path segment, the query encoded), JSON body.
//! Plain Rust: the wasm shell only adds headers and sends what this module builds.

use crate::error::ApiError;
use crate::invitation::{
    CreateOrganizationInvitationRequest, ListOrganizationInvitationsQuery,
    ReplaceOrganizationInvitationStatusRequest,
};
use crate::routes::{self, Expect, Method, Route};
use crate::text::{concat, decimal};
use crate::wire::{percent_encode_into, JsonWriter, QueryWriter};

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
    /// For a status change: the status it sets, which a read-back can confirm.
    pub goal_status: Option<&'static str>,
}

impl HttpRequest {
    fn new(route: Route, url: String, body: Option<String>) -> Self {
        HttpRequest {
            method: route.method,
            url,
            body,
            expect: route.expect,
            goal_status: None,
        }
    }

    /// Page `page` of a paged lookup, whose `url` has no query yet.
    pub fn page(&self, page: u32) -> HttpRequest {
        let mut next = self.clone();
        page_query(&mut next.url, page);
        next
    }

    /// For a status change: the `GET` of the same invitation, which shows whether the goal
    /// status is reached (after an attempt that may have been applied).
    pub fn read_back(&self) -> Option<(HttpRequest, &'static str)> {
        let goal = self.goal_status?;
        let url = self.url.strip_suffix("/status")?.to_owned();
        Some((HttpRequest::new(routes::GET, url, None), goal))
    }
}

/// The URL of a route without an ID.
fn collection_url(base_url: &str, route: Route) -> String {
    concat(&[base_url, route.path])
}

/// The URL of a route with an ID: the ID becomes one percent-encoded path segment.
fn item_url(base_url: &str, route: Route, id: &str) -> Result<String, ApiError> {
    validate_id("id", id)?;
    let mut url = concat(&[base_url, route.path]);
    percent_encode_into(&mut url, id);
    url.push_str(route.after_id.unwrap_or_default());
    Ok(url)
}

/// Checks an ID used as a path segment: what no URL can carry as one segment (empty, `.` or
/// `..`, which URL parsing turns into a directory step even when percent-encoded).
pub fn validate_id(field: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() {
        return Err(ApiError::invalid_input(field, "must not be empty"));
    }
    if id == "." || id == ".." {
        return Err(ApiError::invalid_input(
            field,
            "cannot be \".\" or \"..\" (no URL can carry it as a path segment)",
        ));
    }
    Ok(())
}

/// `POST /api/organization-invitations`.
pub fn create_invitation(
    base_url: &str,
    request: &CreateOrganizationInvitationRequest,
) -> HttpRequest {
    let body = JsonWriter::object(request);
    HttpRequest::new(
        routes::CREATE,
        collection_url(base_url, routes::CREATE),
        Some(body),
    )
}

/// `POST /api/organization-invitations/{id}/message`; `payload_json` is a JSON object.
pub fn create_invitation_message(
    base_url: &str,
    id: &str,
    payload_json: &str,
) -> Result<HttpRequest, ApiError> {
    let route = routes::CREATE_MESSAGE;
    Ok(HttpRequest::new(
        route,
        item_url(base_url, route, id)?,
        Some(payload_json.to_owned()),
    ))
}

/// `DELETE /api/organization-invitations/{id}`.
pub fn delete_invitation(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    let route = routes::DELETE;
    Ok(HttpRequest::new(
        route,
        item_url(base_url, route, id)?,
        None,
    ))
}

/// `GET /api/organization-invitations/{id}`.
pub fn get_invitation(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    let route = routes::GET;
    Ok(HttpRequest::new(
        route,
        item_url(base_url, route, id)?,
        None,
    ))
}

/// `GET /api/organization-invitations?organizationId=&inviterId=&invitee=`, each only when given.
pub fn list_invitations(base_url: &str, query: &ListOrganizationInvitationsQuery) -> HttpRequest {
    let mut url = collection_url(base_url, routes::LIST);
    QueryWriter::append(&mut url, query);
    HttpRequest::new(routes::LIST, url, None)
}

/// `PUT /api/organization-invitations/{id}/status`.
pub fn replace_invitation_status(
    base_url: &str,
    id: &str,
    request: &ReplaceOrganizationInvitationStatusRequest,
) -> Result<HttpRequest, ApiError> {
    let route = routes::REPLACE_STATUS;
    let body = JsonWriter::object(request);
    let mut http = HttpRequest::new(route, item_url(base_url, route, id)?, Some(body));
    http.goal_status = Some(request.status.as_str());
    Ok(http)
}

/// How many items a page of Logto's paged lookups asks for: Logto's largest `page_size`.
pub const PAGE_SIZE: u32 = 100;

/// `?page={page}&page_size=100`.
fn page_query(url: &mut String, page: u32) {
    url.push_str("?page=");
    url.push_str(&decimal(page.into()));
    url.push_str("&page_size=");
    url.push_str(&decimal(PAGE_SIZE.into()));
}

/// `GET /api/organization-roles`, paged: [`HttpRequest::page`] adds `?page=N&page_size=100`.
pub fn list_organization_roles(base_url: &str) -> HttpRequest {
    let route = routes::LIST_ORGANIZATION_ROLES;
    HttpRequest::new(route, collection_url(base_url, route), None)
}

/// `GET /api/organizations/{id}`.
pub fn get_organization(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    let route = routes::GET_ORGANIZATION;
    Ok(HttpRequest::new(
        route,
        item_url(base_url, route, id)?,
        None,
    ))
}

/// `GET /api/organizations/{id}/users`, paged as [`list_organization_roles`].
pub fn list_organization_users(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    let route = routes::LIST_ORGANIZATION_USERS;
    Ok(HttpRequest::new(
        route,
        item_url(base_url, route, id)?,
        None,
    ))
}

/// The acceptance handler's `GET {baseUrl}/{id}`.
pub fn get_invitation_for_invitee(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    let route = routes::GET_INVITATION_FOR_INVITEE;
    Ok(HttpRequest::new(
        route,
        item_url(base_url, route, id)?,
        None,
    ))
}

/// The acceptance handler's `POST {baseUrl}/{id}/accept`, with the body `{}`.
pub fn accept_invitation(base_url: &str, id: &str) -> Result<HttpRequest, ApiError> {
    let route = routes::ACCEPT_INVITATION;
    Ok(HttpRequest::new(
        route,
        item_url(base_url, route, id)?,
        Some("{}".to_owned()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invitation::{InvitationStatusUpdate, MessagePayload, SendMessagePayload};
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
        let (check, goal) = r.read_back().unwrap();
        assert_eq!(goal, "Revoked");
        assert_eq!(
            (check.method, check.url.as_str(), check.expect),
            (
                Method::Get,
                "http://127.0.0.1:3001/api/organization-invitations/abc",
                Expect::Invitation
            )
        );
        assert_eq!(get_invitation(BASE, "abc").unwrap().read_back(), None);
    }

    #[test]
    fn ids_are_one_encoded_segment() {
        for bad in ["", ".", ".."] {
            assert!(validate_id("id", bad).is_err(), "{bad}");
        }
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

    #[test]
    fn lookups_ask_for_pages_of_100() {
        let roles = list_organization_roles(BASE).page(1);
        assert_eq!(
            roles.url,
            format!("{BASE}/api/organization-roles?page=1&page_size=100")
        );
        assert_eq!(
            (roles.method, roles.expect, roles.body),
            (Method::Get, Expect::OrganizationRoles, None)
        );
        let organization = get_organization("/logto", "org 1").unwrap();
        assert_eq!(organization.url, "/logto/api/organizations/org%201");
        assert_eq!(organization.expect, Expect::Organization);
        let paged = list_organization_users("/logto", "o/1").unwrap();
        assert_eq!(paged.url, "/logto/api/organizations/o%2F1/users");
        let users = paged.page(3);
        assert_eq!(
            users.url,
            "/logto/api/organizations/o%2F1/users?page=3&page_size=100"
        );
        assert_eq!(users.expect, Expect::OrganizationUsers);
        assert_eq!(
            paged.page(12).url,
            "/logto/api/organizations/o%2F1/users?page=12&page_size=100"
        );
        for bad in ["", ".", ".."] {
            assert!(get_organization(BASE, bad).is_err());
            assert!(list_organization_users(BASE, bad).is_err());
        }
    }

    #[test]
    fn the_invitee_calls_go_under_the_handler_base_url() {
        let get = get_invitation_for_invitee("/api/invitations", "inv 1").unwrap();
        assert_eq!(get.url, "/api/invitations/inv%201");
        assert_eq!(
            (get.method, get.expect, get.body),
            (Method::Get, Expect::InvitationForInvitee, None)
        );
        let accept = accept_invitation("https://app.example.com/invitations", "a/b").unwrap();
        assert_eq!(
            accept.url,
            "https://app.example.com/invitations/a%2Fb/accept"
        );
        assert_eq!(
            (accept.method, accept.expect, accept.body.as_deref()),
            (Method::Post, Expect::AcceptedInvitation, Some("{}"))
        );
        for bad in ["", ".", ".."] {
            assert!(get_invitation_for_invitee(BASE, bad).is_err());
            assert!(accept_invitation(BASE, bad).is_err());
        }
    }
}
