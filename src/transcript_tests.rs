//! Every response body that the real Logto server sent in the recorded transcripts
//! (tests/fixtures/logto/, copied from the shared reference) goes through the crate's response
//! checks and error decoding, and through the serde models. Host only: `cargo test`.

#[cfg(test)]
mod tests {
    use crate::error::ApiError;
    use crate::invitation::{OrganizationInvitation, OrganizationInvitationStatus};
    use crate::response::{check_invitation_body, check_invitation_list_body, error_body};
    use serde_json::Value;

    const TRANSCRIPTS: [&str; 2] = [
        include_str!("../tests/fixtures/logto/real-server-transcript-1.txt"),
        include_str!("../tests/fixtures/logto/real-server-transcript-2.txt"),
    ];

    /// One recorded exchange: the request line and the response status and body.
    struct Exchange {
        request: String,
        status: u16,
        body: String,
    }

    fn exchanges() -> Vec<Exchange> {
        let mut out = Vec::new();
        for transcript in TRANSCRIPTS {
            let mut request = String::new();
            let mut previous = "";
            let mut lines = transcript.lines().peekable();
            while let Some(line) = lines.next() {
                if let Some(rest) = line.strip_prefix("### ") {
                    request = rest.to_owned();
                } else if let Some(rest) = line.strip_prefix("HTTP/1.1 ") {
                    let status = rest[..3].parse().unwrap();
                    // Headers until the body: the first line that starts a JSON value, or a blank line.
                    let mut body = String::new();
                    while let Some(next) = lines.peek() {
                        if next.starts_with("### ")
                            || next.starts_with("---")
                            || next.starts_with("=====")
                        {
                            break;
                        }
                        let next = lines.next().unwrap();
                        if next.starts_with('{') || next.starts_with('[') {
                            body = next.to_owned();
                            break;
                        }
                    }
                    // One recorded exchange prints its body before the status line.
                    if body.is_empty() && previous.starts_with('{') {
                        body = previous.to_owned();
                    }
                    out.push(Exchange {
                        request: request.clone(),
                        status,
                        body,
                    });
                }
                previous = line;
            }
        }
        out
    }

    fn is_invitation_call(request: &str) -> bool {
        request.contains("/api/organization-invitations")
    }

    #[test]
    fn every_invitation_body_decodes() {
        let mut single = 0;
        let mut lists = 0;
        for exchange in exchanges()
            .iter()
            .filter(|e| is_invitation_call(&e.request))
        {
            if !(200..300).contains(&exchange.status) || exchange.body.is_empty() {
                continue;
            }
            let document: Value = serde_json::from_str(&exchange.body).unwrap();
            if exchange.body.starts_with('[') {
                check_invitation_list_body(exchange.status, &Some(document.clone()))
                    .unwrap_or_else(|e| panic!("{}: {e}", exchange.request));
                let list: Vec<OrganizationInvitation> = serde_json::from_str(&exchange.body)
                    .unwrap_or_else(|e| panic!("{}: {e}", exchange.request));
                assert_eq!(list.len(), document.as_array().unwrap().len());
                lists += 1;
            } else {
                check_invitation_body(exchange.status, &Some(document.clone()))
                    .unwrap_or_else(|e| panic!("{}: {e}", exchange.request));
                let invitation: OrganizationInvitation = serde_json::from_str(&exchange.body)
                    .unwrap_or_else(|e| panic!("{}: {e}", exchange.request));
                assert_eq!(invitation.tenant_id, "default");
                single += 1;
            }
        }
        assert!(single >= 10, "decoded {single} single invitations");
        assert!(lists >= 8, "decoded {lists} lists");
    }

    #[test]
    fn the_first_created_invitation_decodes_field_by_field() {
        let exchange = exchanges()
            .into_iter()
            .find(|e| {
                e.request.starts_with("POST /api/organization-invitations") && e.status == 201
            })
            .unwrap();
        let invitation: OrganizationInvitation = serde_json::from_str(&exchange.body).unwrap();
        assert_eq!(invitation.id, "1j5szmiaf5pmk6anbnd2z");
        assert_eq!(invitation.inviter_id.as_deref(), Some("quyxb9n797hz"));
        assert_eq!(invitation.invitee, "invitee_444119@example.com");
        assert_eq!(invitation.accepted_user_id, None);
        assert_eq!(invitation.organization_id, "3yx5mqb5c0i6");
        assert_eq!(invitation.status, OrganizationInvitationStatus::Pending);
        assert_eq!(invitation.created_at, 1_795_686_586_494.0);
        assert_eq!(invitation.updated_at, 1_795_686_586_494.0);
        assert_eq!(invitation.expires_at, 1_795_772_985_883.0);
        assert_eq!(invitation.organization_roles.len(), 1);
        assert_eq!(invitation.organization_roles[0].name, "member_444119");
    }

    #[test]
    fn null_inviter_and_every_status_decode() {
        let mut seen = std::collections::BTreeSet::new();
        let mut null_inviter = false;
        let mut accepted_user = false;
        for exchange in exchanges()
            .iter()
            .filter(|e| is_invitation_call(&e.request))
        {
            if exchange.status != 200 && exchange.status != 201 {
                continue;
            }
            let items: Vec<OrganizationInvitation> = if exchange.body.starts_with('[') {
                serde_json::from_str(&exchange.body).unwrap()
            } else if exchange.body.starts_with('{') {
                vec![serde_json::from_str(&exchange.body).unwrap()]
            } else {
                continue;
            };
            for item in items {
                seen.insert(format!("{:?}", item.status));
                null_inviter |= item.inviter_id.is_none();
                accepted_user |= item.accepted_user_id.is_some();
            }
        }
        assert!(null_inviter && accepted_user);
        let seen: Vec<_> = seen.into_iter().collect();
        assert_eq!(seen, ["Accepted", "Expired", "Pending", "Revoked"]);
    }

    #[test]
    fn every_error_body_decodes_with_its_code_and_message() {
        let mut with_code = 0;
        let mut without_code = 0;
        let mut zod = 0;
        for exchange in exchanges()
            .iter()
            .filter(|e| is_invitation_call(&e.request))
        {
            if exchange.status < 400 {
                continue;
            }
            if exchange.body.is_empty() {
                // PATCH's 405 is text/plain: still an http error with its status.
                let error = ApiError::http(exchange.status, None, None);
                assert!(error
                    .message
                    .starts_with(&format!("HTTP {}", exchange.status)));
                continue;
            }
            let raw: Value = serde_json::from_str(&exchange.body)
                .unwrap_or_else(|e| panic!("{} {}: {e}", exchange.request, exchange.status));
            let body = error_body(&Some(raw.clone())).unwrap();
            let error = ApiError::http(exchange.status, Some(body.clone()), Some("rid".into()));
            assert_eq!(error.status, Some(exchange.status));
            assert_eq!(error.message, raw["message"].as_str().unwrap());
            assert_eq!(error.code.as_deref(), raw["code"].as_str());
            assert_eq!(error.details.as_deref(), raw["details"].as_str());
            if body.code.is_some() {
                with_code += 1;
            } else {
                without_code += 1;
            }
            if raw["data"]["name"] == "ZodError" {
                assert!(raw["data"]["issues"].is_array());
                assert!(body
                    .details
                    .as_deref()
                    .unwrap()
                    .starts_with("Error in key path"));
                zod += 1;
            }
        }
        assert!(with_code >= 20, "{with_code} error bodies with a code");
        assert!(
            without_code >= 1,
            "the malformed-JSON 400 has only a message"
        );
        assert!(zod >= 4, "{zod} ZodError bodies");
    }

    #[test]
    fn extra_members_from_a_newer_logto_do_not_break_decoding() {
        let body = r#"{"tenantId":"default","id":"i","inviterId":null,"invitee":"a@b.co","acceptedUserId":null,
            "organizationId":"o","status":"Pending","createdAt":1,"updatedAt":2,"expiresAt":3,
            "organizationRoles":[{"id":"r","name":"n","description":"new"}],"newField":{"x":[1,2]}}"#;
        let invitation: OrganizationInvitation = serde_json::from_str(body).unwrap();
        assert_eq!(invitation.organization_roles[0].id, "r");
        let document: Value = serde_json::from_str(body).unwrap();
        assert_eq!(check_invitation_body(200, &Some(document)), Ok(()));
    }

    #[test]
    fn wrong_shapes_are_refused() {
        for body in [
            r#"{"unexpected":true}"#,
            r#"{"tenantId":"default","id":"i","inviterId":null,"invitee":"a@b.co","acceptedUserId":null,"organizationId":"o","status":"Unknown","createdAt":1,"updatedAt":2,"expiresAt":3,"organizationRoles":[]}"#,
            r#"{"tenantId":"default","id":"i","inviterId":null,"invitee":"a@b.co","acceptedUserId":null,"organizationId":"o","status":"Pending","createdAt":"1","updatedAt":2,"expiresAt":3,"organizationRoles":[]}"#,
            r#"{"tenantId":"default","id":"i","inviterId":null,"invitee":"a@b.co","acceptedUserId":null,"organizationId":"o","status":"Pending","createdAt":1,"updatedAt":2,"expiresAt":3}"#,
        ] {
            assert!(
                serde_json::from_str::<OrganizationInvitation>(body).is_err(),
                "{body}"
            );
            let document: Value = serde_json::from_str(body).unwrap();
            assert!(
                check_invitation_body(200, &Some(document)).is_err(),
                "{body}"
            );
        }
    }
}
