//! Scoped mode: the organizations a request may act in (what `organizationIds(request)`
//! answered) and the decisions on them. The list must name an organization in scope (or the
//! scope's only one is applied); a create's body must name one in scope; an invitation, an
//! organization or its members are visible only when their organization is in scope. Plain
//! Rust: the shell reads the scope and the invitation's `organizationId` from Logto.

use super::refusal::Refusal;

/// The organizations a request may act in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope(pub Vec<String>);

impl Scope {
    /// Whether `organization_id` is in scope.
    pub fn contains(&self, organization_id: &str) -> bool {
        self.0.iter().any(|id| id == organization_id)
    }

    /// The organization a list is filtered on: the query's `organizationId` when it is in scope;
    /// without one, the scope's only organization.
    pub fn list_filter(&self, given: Option<&str>) -> Result<String, Refusal> {
        match given {
            Some(id) => self.check(Some(id)).map(|()| id.to_owned()),
            None => match self.organizations() {
                [only] => Ok(only.clone()),
                all => Err(Refusal::organization_required(all.len())),
            },
        }
    }

    /// That `organization_id` (a create's `organizationId`; `None` when the body has no string
    /// there) is in scope.
    pub fn check(&self, organization_id: Option<&str>) -> Result<(), Refusal> {
        match organization_id {
            Some(id) if self.contains(id) => Ok(()),
            Some(id) => Err(Refusal::out_of_scope(id)),
            None => Err(Refusal::organization_missing()),
        }
    }

    /// The organizations, each once, in the order given.
    pub fn organizations(&self) -> &[String] {
        &self.0
    }

    /// A scope from `organizationIds`'s answer: duplicates removed, order kept; `None` when an
    /// ID is empty, `.` or `..`. Those are no organization's: an empty filter is no filter to
    /// Logto (the list would be the whole tenant's), and as path segments they name another route.
    pub fn new(ids: Vec<String>) -> Option<Scope> {
        let mut unique: Vec<String> = Vec::with_capacity(ids.len());
        for id in ids {
            if matches!(id.as_str(), "" | "." | "..") {
                return None;
            }
            if !unique.contains(&id) {
                unique.push(id);
            }
        }
        Some(Scope(unique))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(ids: &[&str]) -> Scope {
        Scope::new(ids.iter().map(|id| id.to_string()).collect()).unwrap()
    }

    #[test]
    fn ids_that_are_no_organization_refuse_the_whole_scope() {
        for bad in [&["org_a", ""][..], &[""], &["."], &["org_a", ".."]] {
            let ids = bad.iter().map(|id| id.to_string()).collect();
            assert_eq!(Scope::new(ids), None, "{bad:?}");
        }
        assert_eq!(scope(&[]).organizations().len(), 0);
    }

    #[test]
    fn the_list_names_an_organization_in_scope() {
        let one = scope(&["org_a", "org_a"]);
        assert_eq!(one.organizations(), ["org_a"]);
        assert_eq!(one.list_filter(None), Ok("org_a".to_owned()));
        assert_eq!(one.list_filter(Some("org_a")), Ok("org_a".to_owned()));
        let refused = one.list_filter(Some("org_b")).unwrap_err();
        assert_eq!((refused.status, refused.code), (403, "proxy.out_of_scope"));
        let two = scope(&["org_a", "org_c"]);
        assert_eq!(two.list_filter(Some("org_c")), Ok("org_c".to_owned()));
        let unnamed = two.list_filter(None).unwrap_err();
        assert_eq!(unnamed.code, "proxy.out_of_scope");
        assert!(
            unnamed.message.contains("2 organizations"),
            "{}",
            unnamed.message
        );
        assert!(scope(&[]).list_filter(None).is_err());
        assert!(scope(&[]).list_filter(Some("")).is_err());
    }

    #[test]
    fn bodies_and_invitations_must_be_in_scope() {
        let a = scope(&["org_a"]);
        assert_eq!(a.check(Some("org_a")), Ok(()));
        assert!(a.check(Some("ORG_A")).is_err());
        assert!(a.check(Some("org_a ")).is_err());
        assert_eq!(a.check(None).unwrap_err().code, "proxy.out_of_scope");
        assert!(!scope(&[]).contains("org_a"));
    }
}
