//! The `endpoint` option of the server entry: where Logto is, as an absolute http(s) URL (a
//! server has no page to resolve a path against). Trailing slashes are dropped; the token and
//! API paths are appended. Feature `server` only.

use crate::error::ApiError;

/// Checks and normalises `endpoint` for the option named `field`.
pub fn normalize_endpoint(field: &str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim().trim_end_matches('/');
    let lower = trimmed.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| {
            ApiError::invalid_input(
                field,
                "must be Logto's absolute http(s) URL, such as \"https://auth.example.com\" or \"https://<tenant-id>.logto.app\"",
            )
        })?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(ApiError::invalid_input(field, "has no host name"));
    }
    if host.contains('@') {
        return Err(ApiError::invalid_input(
            field,
            "must not carry credentials (user@host)",
        ));
    }
    if trimmed.contains(['?', '#']) || trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ApiError::invalid_input(
            field,
            "must not contain a query, a fragment or spaces",
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_absolute_urls() {
        for (input, output) in [
            ("https://auth.example.com/", "https://auth.example.com"),
            (" http://127.0.0.1:3001 ", "http://127.0.0.1:3001"),
            ("https://t1.logto.app/base//", "https://t1.logto.app/base"),
        ] {
            assert_eq!(
                normalize_endpoint("options.endpoint", input).as_deref(),
                Ok(output)
            );
        }
        for bad in [
            "/logto",
            "",
            "auth.example.com",
            "ftp://x",
            "https://",
            "https:///x",
            "https://u:p@x",
            "https://x/?a",
            "https://x/#a",
            "https://a b",
        ] {
            let error = normalize_endpoint("options.endpoint", bad).unwrap_err();
            assert_eq!(error.field.as_deref(), Some("options.endpoint"), "{bad}");
        }
    }
}
