//! Which requests the proxy forwards: the six organization-invitation operations of the route
//! table ([`match_route`]) and, when `allow` names them, read-only [`LOOKUPS`]. Everything is
//! decided on the path as the platform parsed it (dot segments already resolved), under the
//! mount `prefix`; the path sent to Logto is rebuilt from the matched route, so nothing a
//! request adds (`%2e%2e`, `%2F`, `//`, `\`) can reach another Logto route.

use crate::error::ApiError;
use crate::routes::{match_route, percent_decode, Lookup, Route, RouteMatch, LOOKUPS};
use crate::text::concat;

/// An operation the proxy forwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// One of the six organization-invitation operations.
    Invitation(Route),
    /// An allowed read-only lookup.
    Lookup(Lookup),
}

impl Operation {
    /// Its name for `authorize`: Logto's operation ID (`"createOrganizationInvitation"`) or the
    /// lookup's (`"GET /api/users"`).
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Invitation(route) => route.operation,
            Operation::Lookup(lookup) => lookup.name,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        match self {
            Operation::Invitation(route) => route.method.as_str(),
            Operation::Lookup(_) => "GET",
        }
    }

    /// Whether the request carries a JSON body.
    pub fn has_body(&self) -> bool {
        matches!(self, Operation::Invitation(route) if route.has_body)
    }

    fn shape(&self) -> (&'static str, Option<&'static str>) {
        match self {
            Operation::Invitation(route) => (route.path, route.after_id),
            Operation::Lookup(lookup) => (lookup.path, lookup.after_id),
        }
    }
}

/// A request the proxy forwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forward {
    /// The operation.
    pub operation: Operation,
    /// The path to send to Logto (`/api/...`, the ID segment as the request had it).
    pub path: String,
    /// The ID from the path, percent-decoded (invalid UTF-8 replaced); `None` without one.
    pub id: Option<String>,
}

/// What the proxy does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Forward it.
    Forward(Forward),
    /// The path is known but not with this method: 405, with the methods for `Allow`.
    MethodNotAllowed(String),
    /// Nothing the proxy forwards has this path: 404.
    NotFound,
}

/// The methods the API's routes use.
const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];

/// Decides on `method` and `pathname` (the request URL's path as the platform serialised it),
/// for a proxy mounted at `prefix` with the `allowed` lookups.
pub fn decide(method: &str, pathname: &str, prefix: &str, allowed: &[Lookup]) -> Decision {
    let Some(path) = pathname
        .strip_prefix(prefix)
        .filter(|path| path.starts_with("/api/"))
    else {
        return Decision::NotFound;
    };
    let operation = |method: &str| match match_route(method, path) {
        RouteMatch::Allowed(route) => Some(Operation::Invitation(route)),
        _ => (method == "GET")
            .then(|| allowed.iter().find(|lookup| lookup.fits(path)))
            .flatten()
            .map(|lookup| Operation::Lookup(*lookup)),
    };
    if let Some(operation) = operation(method) {
        let (before_id, after_id) = operation.shape();
        let id = after_id.and_then(|after| {
            // The route table has already refused malformed escapes.
            path.get(before_id.len()..path.len().saturating_sub(after.len()))
                .and_then(percent_decode)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        });
        return Decision::Forward(Forward {
            operation,
            path: path.to_owned(),
            id,
        });
    }
    let methods: Vec<&str> = METHODS
        .into_iter()
        .filter(|m| operation(m).is_some())
        .collect();
    if methods.is_empty() {
        Decision::NotFound
    } else {
        Decision::MethodNotAllowed(methods.join(", "))
    }
}

/// The lookups that `allow` names, each exactly as in [`LOOKUPS`] (e.g. `"GET /api/users"`).
/// An unknown name is an error naming it, so a typo never silently forwards nothing or more.
pub fn allowed_lookups(names: &[String]) -> Result<Vec<Lookup>, ApiError> {
    names
        .iter()
        .map(|name| {
            LOOKUPS
                .iter()
                .find(|lookup| lookup.name == name.as_str())
                .copied()
                .ok_or_else(|| {
                    let known: Vec<&str> = LOOKUPS.iter().map(|l| l.name).collect();
                    ApiError::invalid_input(
                        "options.allow",
                        &concat(&[
                            "names \"",
                            name,
                            "\", which is not a read-only lookup this proxy knows; it knows: \"",
                            &known.join("\", \""),
                            "\"",
                        ]),
                    )
                })
        })
        .collect()
}

/// Checks the mount `prefix`: `""` or `/segment[/segment...]` without a trailing slash, query,
/// fragment, percent sign or empty segment.
pub fn check_prefix(prefix: &str) -> Result<(), ApiError> {
    let valid = prefix.is_empty()
        || (prefix.starts_with('/')
            && !prefix.ends_with('/')
            && !prefix.contains("//")
            && prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b)));
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid_input(
            "options.prefix",
            "must be \"\" or a path such as \"/logto\" (no trailing slash, query or percent-encoding)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes;

    fn lookups(names: &[&str]) -> Vec<Lookup> {
        allowed_lookups(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap()
    }

    fn forwarded(decision: Decision) -> Forward {
        match decision {
            Decision::Forward(forward) => forward,
            other => panic!("expected a forward, got {other:?}"),
        }
    }

    #[test]
    fn the_six_operations_are_forwarded_under_the_prefix() {
        let get = forwarded(decide(
            "GET",
            "/logto/api/organization-invitations/inv%201",
            "/logto",
            &[],
        ));
        assert_eq!(get.operation, Operation::Invitation(routes::GET));
        assert_eq!(get.path, "/api/organization-invitations/inv%201");
        assert_eq!(get.id.as_deref(), Some("inv 1"));
        let status = forwarded(decide(
            "PUT",
            "/logto/api/organization-invitations/%C3%A9/status",
            "/logto",
            &[],
        ));
        assert_eq!(
            status.operation.name(),
            "replaceOrganizationInvitationStatus"
        );
        assert_eq!(status.id.as_deref(), Some("é"));
        assert!(status.operation.has_body());
        let list = forwarded(decide("GET", "/api/organization-invitations", "", &[]));
        assert_eq!(list.id, None);
        assert!(!list.operation.has_body());
    }

    #[test]
    fn everything_else_is_refused() {
        let allowed = lookups(&["GET /api/users"]);
        for (method, path) in [
            ("GET", "/logto/api/applications"),
            ("GET", "/logto/api/users/u1"),
            ("GET", "/logto/api/organizations"),
            ("GET", "/api/organization-invitations"),
            ("GET", "/logto"),
            ("GET", "/logto/"),
            ("GET", "/logto/api"),
            ("GET", "/logto/api/"),
            ("GET", "/logtoapi/organization-invitations"),
            ("GET", "/logto2/api/organization-invitations"),
            ("GET", "/LOGTO/api/organization-invitations"),
            ("GET", "/logto//api/organization-invitations"),
            ("GET", "/logto/api//organization-invitations"),
            ("GET", "/logto/api/organization-invitations/"),
            ("GET", "/logto/api/organization-invitations/%2e%2e"),
            ("GET", "/logto/api/organization-invitations/..%2Fusers"),
            ("GET", "/logto/api/organization-invitations/a%2Fb"),
            ("GET", "/logto/api/organization-invitations/a%5Cb"),
            ("GET", "/logto/api/organization-invitations//status"),
            ("PUT", "/logto/api/organization-invitations/%2E/status"),
            (
                "DELETE",
                "/logto/api/organization-invitations/inv_1/status/",
            ),
            ("GET", "/logto%2Fapi/organization-invitations"),
            ("GET", "/logto/api%2Forganization-invitations"),
            ("GET", "/logto/api/users%2F..%2Fapplications"),
        ] {
            assert_eq!(
                decide(method, path, "/logto", &allowed),
                Decision::NotFound,
                "{method} {path}"
            );
        }
        for (method, path, allow) in [
            (
                "PATCH",
                "/logto/api/organization-invitations/inv_1",
                "GET, DELETE",
            ),
            ("DELETE", "/logto/api/organization-invitations", "GET, POST"),
            (
                "GET",
                "/logto/api/organization-invitations/inv_1/status",
                "PUT",
            ),
            (
                "GET",
                "/logto/api/organization-invitations/inv_1/message",
                "POST",
            ),
            (
                "OPTIONS",
                "/logto/api/organization-invitations",
                "GET, POST",
            ),
            ("HEAD", "/logto/api/organization-invitations", "GET, POST"),
            ("POST", "/logto/api/users", "GET"),
            ("DELETE", "/logto/api/users", "GET"),
        ] {
            assert_eq!(
                decide(method, path, "/logto", &allowed),
                Decision::MethodNotAllowed(allow.to_owned()),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn lookups_are_forwarded_only_when_allowed() {
        assert_eq!(
            decide("GET", "/logto/api/users", "/logto", &[]),
            Decision::NotFound
        );
        let allowed = lookups(&["GET /api/users", "GET /api/organizations/{id}/users"]);
        let users = forwarded(decide("GET", "/logto/api/users", "/logto", &allowed));
        assert_eq!(users.operation.name(), "GET /api/users");
        assert_eq!(users.operation.method(), "GET");
        let members = forwarded(decide(
            "GET",
            "/logto/api/organizations/org_1/users",
            "/logto",
            &allowed,
        ));
        assert_eq!(members.id.as_deref(), Some("org_1"));
        assert_eq!(
            decide("GET", "/logto/api/organizations/org_1", "/logto", &allowed),
            Decision::NotFound
        );
    }

    #[test]
    fn allow_names_must_be_known() {
        assert_eq!(lookups(&[]).len(), 0);
        assert_eq!(
            lookups(&["GET /api/organizations", "GET /api/organization-roles"]).len(),
            2
        );
        for bad in [
            "GET /api/applications",
            "POST /api/users",
            "get /api/users",
            "/api/users",
            "GET /api/users/",
        ] {
            let error = allowed_lookups(&[bad.to_owned()]).unwrap_err();
            assert_eq!(error.field.as_deref(), Some("options.allow"));
            assert!(error.message.contains(bad), "{}", error.message);
        }
    }

    #[test]
    fn prefixes_are_plain_paths() {
        for good in ["", "/logto", "/admin/logto-proxy", "/a.b_c~d"] {
            assert!(check_prefix(good).is_ok(), "{good}");
        }
        for bad in [
            "/", "logto", "/logto/", "//logto", "/lo%67to", "/logto?x", "/a b",
        ] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
    }
}
