//! Which organization permission each operation needs: the `permissions` option. Logto defines no
//! names for them (its docs use `invite:member` as the example), so the app names one for each
//! of the six invitation operations, which are required, and for each lookup it allows; a
//! lookup without one is refused. Plain Rust.

use super::claims::Verified;
use super::problem::{is_scope_token, TokenProblem};
use crate::error::ApiError;
use crate::routes::{LOOKUPS, ROUTES};
use crate::text::concat;
use crate::wire::{Value, ValueType};

/// Operation name (Logto's operation ID, or the lookup's name) to permission.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Permissions(pub Vec<(&'static str, String)>);

impl Permissions {
    /// Reads the option: a permission (an OAuth scope token: no spaces or quotes) for each of
    /// the six operations, and optionally for each lookup.
    pub fn read<V: Value>(value: &V, field: &str) -> Result<Permissions, ApiError> {
        if !value.is(ValueType::Object) {
            return Err(ApiError::invalid_input(
                field,
                "is required: an object naming the organization permission each operation needs, e.g. { createOrganizationInvitation: \"invite:member\", ... }",
            ));
        }
        let mut map = Vec::new();
        let names = ROUTES
            .iter()
            .map(|route| (route.operation, true))
            .chain(LOOKUPS.iter().map(|lookup| (lookup.name, false)));
        for (name, required) in names {
            let member = value
                .member(name)
                .map_err(|_| ApiError::invalid_input(field, "could not be read"))?;
            if member.is_absent() && !required {
                continue;
            }
            match member.string() {
                Some(permission) if is_scope_token(&permission) => map.push((name, permission)),
                _ => {
                    return Err(ApiError::invalid_input(
                        &concat(&[field, ".", name]),
                        if required {
                            "is required: the organization permission (e.g. \"invite:member\") a token's scope must hold for this operation"
                        } else {
                            "must be an organization permission: a non-empty string without spaces or quotes"
                        },
                    ))
                }
            }
        }
        Ok(Permissions(map))
    }

    /// The permission `operation` needs; `None` when none is configured.
    pub fn needed(&self, operation: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| *name == operation)
            .map(|(_, permission)| permission.as_str())
    }

    /// Whether the verified token may run `operation`.
    pub fn check(&self, operation: &str, token: &Verified) -> Result<(), TokenProblem> {
        let permission = self.needed(operation).ok_or(TokenProblem::Unmapped)?;
        if token.has(permission) {
            Ok(())
        } else {
            Err(TokenProblem::Permission(permission.to_owned()))
        }
    }

    /// `authorize`'s decision: the token holds `operation`'s permission and the operation acts
    /// in the token's organization. That is, the proxy names the organization
    /// (`organization_id`) and it is the token's; or it names none and the request was
    /// `confined` (this authorization's `organizationIds` gave the proxy the request's scope:
    /// the token's organization). An operation in no known organization is refused: without
    /// `organizationIds` the proxy does not read an invitation's organization before a get,
    /// delete, status or message, and a list without `organizationId` is the whole tenant's.
    pub fn authorizes(
        &self,
        operation: &str,
        organization_id: Option<&str>,
        confined: bool,
        token: &Verified,
    ) -> bool {
        let in_organization = match organization_id {
            Some(id) => token.organization_id.as_deref() == Some(id),
            None => confined,
        };
        in_organization && self.check(operation, token).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn six() -> serde_json::Value {
        json!({
            "createOrganizationInvitation": "invite:member",
            "createOrganizationInvitationMessage": "invite:member",
            "deleteOrganizationInvitation": "manage:invitation",
            "getOrganizationInvitation": "read:invitation",
            "listOrganizationInvitations": "read:invitation",
            "replaceOrganizationInvitationStatus": "manage:invitation",
        })
    }

    fn token(scope: &str) -> Verified {
        Verified {
            subject: "u".into(),
            organization_id: Some("o".into()),
            scope: scope.to_owned(),
            machine: false,
        }
    }

    #[test]
    fn each_operation_needs_its_permission() {
        let mut option = six();
        option["GET /api/organization-roles"] = json!("read:member");
        let permissions = Permissions::read(&Some(option), "options.permissions").unwrap();
        assert_eq!(
            permissions.needed("deleteOrganizationInvitation"),
            Some("manage:invitation")
        );
        let reader = token("read:invitation read:member");
        assert_eq!(
            permissions.check("listOrganizationInvitations", &reader),
            Ok(())
        );
        assert_eq!(
            permissions.check("GET /api/organization-roles", &reader),
            Ok(())
        );
        assert_eq!(
            permissions.check("createOrganizationInvitation", &reader),
            Err(TokenProblem::Permission("invite:member".into()))
        );
        // A lookup the option does not name is refused, whatever the token holds.
        assert_eq!(
            permissions.check("GET /api/organizations", &token("read:invitation")),
            Err(TokenProblem::Unmapped)
        );
        assert_eq!(
            permissions.check("unknown", &reader),
            Err(TokenProblem::Unmapped)
        );
    }

    #[test]
    fn authorize_needs_the_tokens_organization() {
        let permissions = Permissions::read(&Some(six()), "p").unwrap();
        let alice = token("read:invitation manage:invitation");
        let list = "listOrganizationInvitations";
        assert!(permissions.authorizes(list, Some("o"), false, &alice));
        assert!(!permissions.authorizes(list, Some("other"), true, &alice));
        // The proxy names no organization (unscoped mode: a get by ID, the whole tenant's list).
        assert!(!permissions.authorizes("deleteOrganizationInvitation", None, false, &alice));
        assert!(!permissions.authorizes(list, None, false, &alice));
        // Confined to the token's organization by organizationIds: the scoped lookups.
        assert!(permissions.authorizes(list, None, true, &alice));
        assert!(!permissions.authorizes("createOrganizationInvitation", Some("o"), true, &alice));
        assert!(!permissions.authorizes("GET /api/organizations", None, true, &alice));
    }

    #[test]
    fn the_six_are_required_and_well_formed() {
        assert!(Permissions::read(&Some(json!(null)), "p").is_err());
        assert!(Permissions::read(&None::<serde_json::Value>, "p").is_err());
        for name in ROUTES.iter().map(|route| route.operation) {
            let mut option = six();
            option.as_object_mut().unwrap().remove(name);
            let error = Permissions::read(&Some(option), "p").unwrap_err();
            assert!(error.message.contains(name), "{}", error.message);
        }
        for bad in [json!(""), json!("a b"), json!(1), json!("a\"b")] {
            let mut option = six();
            option["getOrganizationInvitation"] = bad.clone();
            assert!(Permissions::read(&Some(option), "p").is_err(), "{bad}");
            let mut option = six();
            option["GET /api/organizations"] = bad.clone();
            assert!(Permissions::read(&Some(option), "p").is_err(), "{bad}");
        }
    }
}
