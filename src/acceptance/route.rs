//! The acceptance handler's two routes under its mount prefix: `GET {prefix}/{id}` and
//! `POST {prefix}/{id}/accept`. Decided on the path as the platform parsed it (dot segments
//! resolved); the ID is one segment (no `/`, `\`, `.` or `..` once percent-decoded, not empty,
//! UTF-8), so nothing a request adds can reach another Logto route. Nothing else is answered but
//! with 404 or 405.

use crate::routes::{is_one_segment, percent_decode};

/// A request the handler serves, with the invitation ID percent-decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `GET {prefix}/{id}`: the invitation as its invitee sees it.
    Show(String),
    /// `POST {prefix}/{id}/accept`.
    Accept(String),
}

/// What the handler does with a request's method and path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// One of the two routes.
    Serve(Route),
    /// The path is a route's, with another method: 405 with this `Allow`.
    MethodNotAllowed(&'static str),
    /// Not a path the handler serves: 404.
    NotFound,
}

/// Decides on `method` and `pathname` (percent-encoded as the platform serialised it) for a
/// handler mounted at `prefix`.
pub fn decide(method: &str, pathname: &str, prefix: &str) -> Decision {
    let Some(rest) = pathname
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return Decision::NotFound;
    };
    let (raw_id, accept) = match rest.strip_suffix("/accept") {
        Some(raw_id) => (raw_id, true),
        None => (rest, false),
    };
    let Some(id) = invitation_id(raw_id) else {
        return Decision::NotFound;
    };
    match (accept, method) {
        (false, "GET") => Decision::Serve(Route::Show(id)),
        (true, "POST") => Decision::Serve(Route::Accept(id)),
        (false, _) => Decision::MethodNotAllowed("GET"),
        (true, _) => Decision::MethodNotAllowed("POST"),
    }
}

/// The ID of one raw path segment, percent-decoded; `None` when it is not one UTF-8 segment.
fn invitation_id(raw: &str) -> Option<String> {
    if !is_one_segment(raw) {
        return None;
    }
    String::from_utf8(percent_decode(raw)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_routes_under_the_prefix() {
        assert_eq!(
            decide("GET", "/invitations/inv_1", "/invitations"),
            Decision::Serve(Route::Show("inv_1".into()))
        );
        assert_eq!(
            decide("POST", "/invitations/inv%201/accept", "/invitations"),
            Decision::Serve(Route::Accept("inv 1".into()))
        );
        assert_eq!(
            decide("GET", "/api/invitations/%C3%A9", "/api/invitations"),
            Decision::Serve(Route::Show("é".into()))
        );
        assert_eq!(
            decide("POST", "/x/accept", ""),
            Decision::Serve(Route::Accept("x".into()))
        );
        // An invitation whose ID is "accept" is shown, not accepted.
        assert_eq!(
            decide("GET", "/invitations/accept", "/invitations"),
            Decision::Serve(Route::Show("accept".into()))
        );
    }

    #[test]
    fn other_methods_are_405() {
        for method in ["POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get"] {
            assert_eq!(
                decide(method, "/invitations/inv_1", "/invitations"),
                Decision::MethodNotAllowed("GET"),
                "{method}"
            );
        }
        for method in ["GET", "PUT", "DELETE", "HEAD", "OPTIONS", "post"] {
            assert_eq!(
                decide(method, "/invitations/inv_1/accept", "/invitations"),
                Decision::MethodNotAllowed("POST"),
                "{method}"
            );
        }
    }

    #[test]
    fn everything_else_is_404() {
        for path in [
            "/invitations",
            "/invitations/",
            "/invitations//accept",
            "/invitations/accept/",
            "/invitations/inv_1/",
            "/invitations/inv_1/accept/",
            "/invitations/inv_1/status",
            "/invitations/inv_1/message",
            "/invitations/a/b",
            "/invitations/a/b/accept",
            "/invitations/%2e%2e",
            "/invitations/%2E",
            "/invitations/..%2Fusers",
            "/invitations/a%2Fb",
            "/invitations/a%5Cb",
            "/invitations/%zz",
            "/invitations/%FF",
            "/invitations/%2e%2e/accept",
            "/invitationsinv_1",
            "/Invitations/inv_1",
            "//invitations/inv_1",
            "/invitations%2Finv_1",
            "/api/organization-invitations/inv_1",
        ] {
            for method in ["GET", "POST"] {
                assert_eq!(
                    decide(method, path, "/invitations"),
                    Decision::NotFound,
                    "{method} {path}"
                );
            }
        }
        assert_eq!(decide("GET", "/", ""), Decision::NotFound);
    }
}
