//! The caller's token from `Authorization: Bearer <token>` (RFC 6750 section 2.1: the scheme is
//! case-insensitive, the token a `b64token`). Plain Rust.

use super::problem::TokenProblem;

/// The token of an `Authorization` header; [`TokenProblem::Missing`] without a Bearer token.
pub fn bearer_token(authorization: Option<&str>) -> Result<&str, TokenProblem> {
    let value = authorization.ok_or(TokenProblem::Missing)?.trim();
    let (scheme, token) = value.split_once(' ').ok_or(TokenProblem::Missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(TokenProblem::Missing);
    }
    let token = token.trim_start_matches(' ');
    let body = token.trim_end_matches('=');
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
    {
        return Err(TokenProblem::Malformed);
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_tokens() {
        assert_eq!(bearer_token(Some("Bearer a.b.c")), Ok("a.b.c"));
        assert_eq!(bearer_token(Some("bearer  a.b-_c")), Ok("a.b-_c"));
        assert_eq!(bearer_token(None), Err(TokenProblem::Missing));
        assert_eq!(bearer_token(Some("Basic YTpi")), Err(TokenProblem::Missing));
        assert_eq!(bearer_token(Some("Bearer")), Err(TokenProblem::Missing));
        assert_eq!(
            bearer_token(Some("Bearer a b")),
            Err(TokenProblem::Malformed)
        );
        assert_eq!(
            bearer_token(Some("Bearer a\"b")),
            Err(TokenProblem::Malformed)
        );
    }
}
