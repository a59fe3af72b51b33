//! The route table: the six organization-invitation operations, each once, with its method,
//! path (`/api/organization-invitations/{id}/status` is `path` + the ID + `after_id`) and the
//! shapes it sends and answers. Request building ([`crate::request`]) reads it, and so does the
//! server-side proxy's allow list ([`match_route`]), together with the read-only `LOOKUPS` it
//! may be allowed to forward (feature `server`).

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
    /// A page of the tenant's organization roles.
    OrganizationRoles,
    /// One organization.
    Organization,
    /// A page of an organization's members.
    OrganizationUsers,
    /// An invitation as its invitee sees it (the acceptance handler's).
    InvitationForInvitee,
    /// The accepted invitation's organization (the acceptance handler's).
    AcceptedInvitation,
}

/// One operation of Logto's Management API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// Logto's operation ID, which is also the JavaScript method's name.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path up to the invitation ID segment, or the whole path when there is none.
    pub path: &'static str,
    /// After the ID segment: `Some("")`, `Some("/status")`, ...; `None` when the path has no ID.
    pub after_id: Option<&'static str>,
    /// Whether the request has a JSON body.
    pub has_body: bool,
    /// What a successful response carries.
    pub expect: Expect,
}

const COLLECTION: &str = "/api/organization-invitations";
const ITEM: &str = "/api/organization-invitations/";

/// `POST /api/organization-invitations` -> 201, the invitation.
pub const CREATE: Route = Route {
    operation: "createOrganizationInvitation",
    method: Method::Post,
    path: COLLECTION,
    after_id: None,
    has_body: true,
    expect: Expect::Invitation,
};
/// `POST /api/organization-invitations/{id}/message` -> 204.
pub const CREATE_MESSAGE: Route = Route {
    operation: "createOrganizationInvitationMessage",
    method: Method::Post,
    path: ITEM,
    after_id: Some("/message"),
    has_body: true,
    expect: Expect::NoContent,
};
/// `DELETE /api/organization-invitations/{id}` -> 204.
pub const DELETE: Route = Route {
    operation: "deleteOrganizationInvitation",
    method: Method::Delete,
    path: ITEM,
    after_id: Some(""),
    has_body: false,
    expect: Expect::NoContent,
};
/// `GET /api/organization-invitations/{id}` -> 200, the invitation.
pub const GET: Route = Route {
    operation: "getOrganizationInvitation",
    method: Method::Get,
    path: ITEM,
    after_id: Some(""),
    has_body: false,
    expect: Expect::Invitation,
};
/// `GET /api/organization-invitations` -> 200, an array.
pub const LIST: Route = Route {
    operation: "listOrganizationInvitations",
    method: Method::Get,
    path: COLLECTION,
    after_id: None,
    has_body: false,
    expect: Expect::InvitationList,
};
/// `PUT /api/organization-invitations/{id}/status` -> 200, the invitation.
pub const REPLACE_STATUS: Route = Route {
    operation: "replaceOrganizationInvitationStatus",
    method: Method::Put,
    path: ITEM,
    after_id: Some("/status"),
    has_body: true,
    expect: Expect::Invitation,
};

/// Every operation.
pub const ROUTES: [Route; 6] = [CREATE, CREATE_MESSAGE, DELETE, GET, LIST, REPLACE_STATUS];

/// `GET /api/organization-roles?page=&page_size=` -> 200, a page of the tenant's organization
/// roles (a read-only lookup of the client, outside [`ROUTES`]).
pub const LIST_ORGANIZATION_ROLES: Route = Route {
    operation: "listOrganizationRoles",
    method: Method::Get,
    path: "/api/organization-roles",
    after_id: None,
    has_body: false,
    expect: Expect::OrganizationRoles,
};
/// `GET /api/organizations/{id}` -> 200, the organization.
pub const GET_ORGANIZATION: Route = Route {
    operation: "getOrganization",
    method: Method::Get,
    path: "/api/organizations/",
    after_id: Some(""),
    has_body: false,
    expect: Expect::Organization,
};
/// `GET /api/organizations/{id}/users?page=&page_size=` -> 200, a page of its members.
pub const LIST_ORGANIZATION_USERS: Route = Route {
    operation: "listOrganizationUsers",
    method: Method::Get,
    path: "/api/organizations/",
    after_id: Some("/users"),
    has_body: false,
    expect: Expect::OrganizationUsers,
};
/// The acceptance handler's `GET {prefix}/{id}` (paths under the handler's own base URL) -> 200,
/// the invitation as its invitee sees it.
pub const GET_INVITATION_FOR_INVITEE: Route = Route {
    operation: "getInvitation",
    method: Method::Get,
    path: "/",
    after_id: Some(""),
    has_body: false,
    expect: Expect::InvitationForInvitee,
};
/// The acceptance handler's `POST {prefix}/{id}/accept` -> 200, `{ organizationId }`. Its body
/// is `{}`: the handler needs none, but the JSON `Content-Type` it takes cannot be sent by
/// another site without a CORS preflight.
pub const ACCEPT_INVITATION: Route = Route {
    operation: "acceptInvitation",
    method: Method::Post,
    path: "/",
    after_id: Some("/accept"),
    has_body: true,
    expect: Expect::AcceptedInvitation,
};

/// How a request's path relates to the route table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteMatch {
    /// The path and method are one of the operations.
    Allowed(Route),
    /// The path is an operation's, but not with this method (405).
    MethodNotAllowed,
    /// No operation has this path (404).
    NotFound,
}

/// Matches a raw request path (as sent, percent-encoded, without the query) and a method
/// against the table. The ID segment is one segment: non-empty, and after percent-decoding not
/// `.` or `..` and without `/` or `\`, so encoded tricks (`%2e%2e`, `%2F`) and double slashes
/// can never reach another path.
pub fn match_route(method: &str, path: &str) -> RouteMatch {
    let mut path_known = false;
    for route in ROUTES {
        if path_fits(path, route.path, route.after_id) {
            path_known = true;
            if route.method.as_str() == method {
                return RouteMatch::Allowed(route);
            }
        }
    }
    if path_known {
        RouteMatch::MethodNotAllowed
    } else {
        RouteMatch::NotFound
    }
}

/// Whether a raw path is `path`, or `path` + one ID segment + `after_id`.
fn path_fits(raw: &str, path: &str, after_id: Option<&str>) -> bool {
    match after_id {
        None => raw == path,
        Some(after) => raw
            .strip_prefix(path)
            .and_then(|rest| rest.strip_suffix(after))
            .is_some_and(is_one_segment),
    }
}

/// A read-only lookup outside the six operations, which a server-side proxy forwards only when
/// its `allow` option names it: the organizations, roles and users a dashboard shows by name.
/// Always `GET`; the path is `path` (+ one ID segment + `after_id`), as in [`Route`].
#[cfg(feature = "server")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lookup {
    /// How `allow` names it: the method and Logto's path template, e.g.
    /// `"GET /api/organizations/{id}"`.
    pub name: &'static str,
    /// The path up to the ID segment, or the whole path when there is none.
    pub path: &'static str,
    /// After the ID segment; `None` when the path has no ID.
    pub after_id: Option<&'static str>,
}

#[cfg(feature = "server")]
impl Lookup {
    /// Whether a raw request path (percent-encoded, without the query) is this lookup's.
    pub fn fits(&self, path: &str) -> bool {
        path_fits(path, self.path, self.after_id)
    }

    /// Whether it reads users of the whole tenant (refused in a scoped proxy).
    pub fn is_tenant_wide(&self) -> bool {
        self.path.starts_with("/api/users")
    }

    /// Whether its ID is an organization's (`/api/organizations/{id}...`).
    pub fn is_organization(&self) -> bool {
        self.path == "/api/organizations/"
    }
}

/// The read-only lookups a proxy can be allowed to forward (all `GET`, all Logto Management API
/// routes that only read).
#[cfg(feature = "server")]
pub const LOOKUPS: [Lookup; 6] = [
    Lookup {
        name: "GET /api/organizations",
        path: "/api/organizations",
        after_id: None,
    },
    Lookup {
        name: "GET /api/organizations/{id}",
        path: "/api/organizations/",
        after_id: Some(""),
    },
    Lookup {
        name: "GET /api/organizations/{id}/users",
        path: "/api/organizations/",
        after_id: Some("/users"),
    },
    Lookup {
        name: "GET /api/organization-roles",
        path: "/api/organization-roles",
        after_id: None,
    },
    Lookup {
        name: "GET /api/users",
        path: "/api/users",
        after_id: None,
    },
    Lookup {
        name: "GET /api/users/{id}",
        path: "/api/users/",
        after_id: Some(""),
    },
];

/// Percent-decodes a raw path segment; `None` for a malformed escape (`%zz`, `%2`).
pub(crate) fn percent_decode(raw: &str) -> Option<Vec<u8>> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            let high = bytes.get(i + 1).and_then(|b| hex(*b))?;
            let low = bytes.get(i + 2).and_then(|b| hex(*b))?;
            decoded.push((high * 16 + low) as u8);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    Some(decoded)
}

/// Whether a raw path segment is one ID: not empty, no `/`, and after percent-decoding not `.`,
/// `..`, and without `/`, `\` or a malformed escape.
pub(crate) fn is_one_segment(raw: &str) -> bool {
    if raw.is_empty() || raw.contains('/') {
        return false;
    }
    percent_decode(raw).is_some_and(|decoded| {
        !(decoded == b"."
            || decoded == b".."
            || decoded.contains(&b'/')
            || decoded.contains(&b'\\'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_operations_and_nothing_else() {
        let allowed = [
            ("POST", "/api/organization-invitations", CREATE),
            ("GET", "/api/organization-invitations", LIST),
            ("GET", "/api/organization-invitations/inv_1", GET),
            ("DELETE", "/api/organization-invitations/inv_1", DELETE),
            (
                "PUT",
                "/api/organization-invitations/inv_1/status",
                REPLACE_STATUS,
            ),
            (
                "POST",
                "/api/organization-invitations/a%20b/message",
                CREATE_MESSAGE,
            ),
        ];
        for (method, path, route) in allowed {
            assert_eq!(
                match_route(method, path),
                RouteMatch::Allowed(route),
                "{method} {path}"
            );
        }
        for (method, path) in [
            ("PATCH", "/api/organization-invitations/inv_1"),
            ("DELETE", "/api/organization-invitations"),
            ("GET", "/api/organization-invitations/inv_1/status"),
        ] {
            assert_eq!(
                match_route(method, path),
                RouteMatch::MethodNotAllowed,
                "{method} {path}"
            );
        }
        for path in [
            "/api/users",
            "/api/organization-invitations/",
            "/api/organization-invitations/..",
            "/api/organization-invitations/%2e%2e",
            "/api/organization-invitations/%2E",
            "/api/organization-invitations/%2e%2e/status",
            "/api/organization-invitations/..%2Fusers",
            "/api/organization-invitations/a%5Cb",
            "/api/organization-invitations/%zz",
            "/api/organization-invitations//status",
            "/api/organization-invitations/a/b/status",
            "//api/organization-invitations",
            "/api/organization-invitations/../users",
            "/API/organization-invitations",
            "/api/organization-invitations/x/message/",
        ] {
            assert_eq!(match_route("GET", path), RouteMatch::NotFound, "{path}");
            assert_eq!(match_route("PUT", path), RouteMatch::NotFound, "{path}");
        }
    }

    #[cfg(feature = "server")]
    #[test]
    fn lookups_fit_their_own_paths_only() {
        let by_name = |name: &str| LOOKUPS.iter().find(|l| l.name == name).copied().unwrap();
        let organizations = by_name("GET /api/organizations");
        let organization = by_name("GET /api/organizations/{id}");
        let members = by_name("GET /api/organizations/{id}/users");
        assert!(organizations.fits("/api/organizations"));
        assert!(!organizations.fits("/api/organizations/"));
        assert!(organization.fits("/api/organizations/org_1"));
        assert!(!organization.fits("/api/organizations/org_1/users"));
        assert!(members.fits("/api/organizations/org%201/users"));
        for path in [
            "/api/organizations/%2e%2e",
            "/api/organizations/..%2fusers",
            "/api/organizations//users",
            "/api/organizations/a/b/users",
        ] {
            assert!(
                LOOKUPS.iter().all(|l| !l.fits(path)),
                "{path} fits no lookup"
            );
        }
        for lookup in LOOKUPS {
            assert!(lookup.name.starts_with("GET /api/"), "{}", lookup.name);
            assert_eq!(match_route("GET", lookup.path), RouteMatch::NotFound);
        }
    }
}
