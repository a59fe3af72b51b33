//! The two exports: `organizationTokenAuthorization(options)`, which gives `createInvitationsProxy`
//! its `organizationIds` and `authorize` from the caller's Logto organization token, and
//! `accessTokenUserId(options)`, which gives the signed-in user's ID from an ordinary Logto
//! access token for the app's own API resource. Wasm shell over [`super::verifier`].

use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, WeakMap};
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::bearer::bearer_token;
use super::claims::{Audience, Verified, DEFAULT_CLOCK_TOLERANCE_S};
use super::keys::{Policy, DEFAULT_COOLDOWN_MS, DEFAULT_MAX_AGE_MS, DEFAULT_TIMEOUT_MS};
use super::permissions::Permissions;
use super::problem::TokenProblem;
use super::verifier::{Settings, Verifier};
use crate::config::TimeoutMs;
use crate::endpoint::normalize_endpoint;
use crate::error::ApiError;
use crate::js::Rejection;
use crate::runtime::{get, header, response, set};
use crate::wire::{shape, write_json_string, Field, ReadArg, Value};

#[wasm_bindgen(typescript_custom_section)]
const ORGANIZATION_TOKEN_TS: &str = r#"
/**
 * The organization permission each operation needs: a name from Logto's organization template
 * (Console > Organization template > Organization permissions), e.g. `"invite:member"`. The six
 * invitation operations are required; a lookup the proxy `allow`s needs one too, or it is refused.
 */
export type OrganizationPermissions = { readonly [operation in InvitationOperation]: string } & {
    readonly [lookup in LookupName]?: string;
};

/** What `organizationTokenAuthorization` gives `createInvitationsProxy` (spread it into the options). */
export interface OrganizationTokenAuthorization {
    /** The organization of the request's organization token (its audience), after verifying the
     * token and the operation's permission; rejects with a 401 or 403 `Response` otherwise. */
    readonly organizationIds: (request: Request, operation?: ScopedOperation) => Promise<readonly string[]>;
    /** `true` when the request's verified organization token holds the operation's permission and
     * the operation acts in the token's organization: its `organizationId` is the token's, or it
     * names none and `organizationIds` above confined this request to the token's organization.
     * Without that `organizationIds` (the proxy's unscoped mode), an operation in no named
     * organization (a get, delete, status or message by ID, a list without `organizationId`, a
     * lookup of the whole tenant) is refused. */
    readonly authorize: (request: Request, operation: ProxyOperation) => Promise<boolean>;
}

/** Gives the signed-in user's ID from the request's access token, or `null` without a valid one. */
export type AccessTokenUserId = (request: Request) => Promise<string | null>;
"#;

shape! {
    [read, optional]
    /// Logto's JWKS cache, in milliseconds.
    #[derive(Clone, Debug, Default, Tsify)]
    pub struct JwksOptions {
        /// Keys older than this are read again (default 600000: 10 minutes).
        #[tsify(optional, type = "number")]
        max_age_ms: Option<TimeoutMs> = "maxAgeMs",
        /// A token with a `kid` not among the cached keys makes the JWKS be read again, at most
        /// once per this many ms (default 30000), so forged `kid`s cannot make every request fetch.
        #[tsify(optional, type = "number")]
        cooldown_ms: Option<TimeoutMs> = "cooldownMs",
        /// The time limit of reading the discovery document and the JWKS (default 10000).
        #[tsify(optional, type = "number")]
        timeout_ms: Option<TimeoutMs> = "timeoutMs",
    }
}

impl<V: Value> ReadArg<V> for Permissions {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        Permissions::read(value, at.path)
    }
}

shape! {
    [read]
    /// The options of `organizationTokenAuthorization(options)`.
    #[derive(Clone, Tsify)]
    pub struct OrganizationTokenAuthorizationOptions {
        /// Logto's URL, e.g. `"https://auth.example.com"`: its discovery document
        /// (`{endpoint}/oidc/.well-known/openid-configuration`) gives the issuer and the JWKS.
        endpoint: String = "endpoint",
        /// The app IDs whose organization tokens are accepted (`client_id`): the dashboard's Logto
        /// app. Any app of the tenant can get an organization token for the user; only these count.
        #[tsify(type = "readonly string[]")]
        app_ids: Option<Vec<String>> = "appIds",
        /// The organization permission each operation needs.
        #[tsify(type = "OrganizationPermissions")]
        permissions: Permissions = "permissions",
        /// Accept machine-to-machine apps' organization tokens (client credentials with
        /// `organization_id`, `sub` = the app's ID) of the `appIds` apps. Default `false`: users only.
        #[tsify(optional)]
        machine_to_machine: Option<bool> = "machineToMachine",
        /// How far `exp`, `nbf` and `iat` may be off, in seconds (default 30).
        #[tsify(optional, type = "number")]
        clock_tolerance_seconds: Option<u32> = "clockToleranceSeconds",
        /// Logto's JWKS cache.
        #[tsify(optional, type = "JwksOptions")]
        jwks: Option<JwksOptions> = "jwks",
    }
}

shape! {
    [read]
    /// The options of `accessTokenUserId(options)`.
    #[derive(Clone, Tsify)]
    pub struct AccessTokenUserIdOptions {
        /// Logto's URL (its discovery document gives the issuer and the JWKS).
        endpoint: String = "endpoint",
        /// The app's own API resource indicator (Console > API resources), e.g.
        /// `"https://api.example.com"`: the token's `aud` must be exactly this.
        resource: String = "resource",
        /// The app IDs whose tokens are accepted (`client_id`); absent: any app's token for the resource.
        #[tsify(optional, type = "readonly string[]")]
        app_ids: Option<Vec<String>> = "appIds",
        /// How far `exp`, `nbf` and `iat` may be off, in seconds (default 30).
        #[tsify(optional, type = "number")]
        clock_tolerance_seconds: Option<u32> = "clockToleranceSeconds",
        /// Logto's JWKS cache.
        #[tsify(optional, type = "JwksOptions")]
        jwks: Option<JwksOptions> = "jwks",
    }
}

/// A verifier for `endpoint` with the cache and tolerance options.
fn verifier(
    field: &str,
    endpoint: &str,
    jwks: Option<JwksOptions>,
    tolerance: Option<u32>,
) -> Result<Verifier, ApiError> {
    let endpoint = normalize_endpoint(field, endpoint)?;
    let jwks = jwks.unwrap_or_default();
    let or = TimeoutMs::or;
    Ok(Verifier::new(Settings {
        endpoint,
        policy: Policy {
            max_age_ms: or(jwks.max_age_ms, DEFAULT_MAX_AGE_MS),
            cooldown_ms: or(jwks.cooldown_ms, DEFAULT_COOLDOWN_MS),
        },
        timeout_ms: or(jwks.timeout_ms, DEFAULT_TIMEOUT_MS),
        tolerance_s: f64::from(tolerance.unwrap_or(DEFAULT_CLOCK_TOLERANCE_S).min(600)),
    }))
}

/// A configured organization-token authorization.
struct Authorization {
    verifier: Verifier,
    app_ids: Vec<String>,
    permissions: Permissions,
    machine_to_machine: bool,
    /// Request -> its verified token (`[organizationId, subject, scope, machine, confined]`),
    /// so that `authorize` does not verify the token `organizationIds` verified; `confined`:
    /// `organizationIds` answered the token's organization for this request.
    verified: WeakMap,
}

impl Authorization {
    /// The request's cache entry, if its token was verified.
    fn entry(&self, request: &JsValue) -> Option<Array> {
        request
            .dyn_ref::<Object>()
            .map(|r| self.verified.get(r))
            .and_then(|v| v.dyn_into::<Array>().ok())
    }

    /// The request's organization token, verified (cached for this request).
    async fn token(&self, request: &JsValue) -> Result<Verified, TokenProblem> {
        if let Some(verified) = self.entry(request) {
            return Ok(Verified {
                organization_id: verified.get(0).as_string(),
                subject: verified.get(1).as_string().unwrap_or_default(),
                scope: verified.get(2).as_string().unwrap_or_default(),
                machine: verified.get(3).as_bool() == Some(true),
            });
        }
        let authorization = header(&get(request, "headers"), "authorization");
        let token = bearer_token(authorization.as_deref())?;
        let verified = self
            .verifier
            .verify(
                token,
                Audience::Organization,
                Some(&self.app_ids),
                self.machine_to_machine,
            )
            .await?;
        if let Some(request) = request.dyn_ref::<Object>() {
            let entry = Array::of5(
                &verified
                    .organization_id
                    .as_deref()
                    .unwrap_or_default()
                    .into(),
                &verified.subject.as_str().into(),
                &verified.scope.as_str().into(),
                &verified.machine.into(),
                &false.into(),
            );
            self.verified.set(request, &entry);
        }
        Ok(verified)
    }

    /// `organizationIds(request, operation)`.
    async fn organization_ids(
        &self,
        request: &JsValue,
        operation: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let verified = self.token(request).await.map_err(|p| refusal(&p))?;
        if let Some(name) = get(operation, "operation").as_string() {
            self.permissions
                .check(&name, &verified)
                .map_err(|p| refusal(&p))?;
        }
        if let Some(entry) = self.entry(request) {
            entry.set(4, true.into());
        }
        let organization = verified.organization_id.unwrap_or_default();
        Ok(Array::of1(&organization.into()).into())
    }

    /// `authorize(request, operation)`.
    async fn authorize(&self, request: &JsValue, operation: &JsValue) -> bool {
        let Ok(verified) = self.token(request).await else {
            return false;
        };
        let Some(name) = get(operation, "operation").as_string() else {
            return false;
        };
        let confined = self
            .entry(request)
            .is_some_and(|entry| entry.get(4).as_bool() == Some(true));
        let organization_id = get(operation, "organizationId").as_string();
        self.permissions
            .authorizes(&name, organization_id.as_deref(), confined, &verified)
    }
}

/// The `Response` `organizationIds` rejects with: the problem's status, its `WWW-Authenticate`
/// challenge and a Logto-shaped body (the proxy answers with its own `proxy.` body).
fn refusal(problem: &TokenProblem) -> JsValue {
    let mut body = String::from("{\"code\":\"");
    body.push_str(match problem.status() {
        401 => "proxy.unauthenticated",
        403 => "proxy.forbidden",
        _ => "proxy.logto_unreachable",
    });
    body.push_str("\",\"message\":");
    write_json_string(&mut body, problem.description());
    body.push('}');
    let challenge = problem.challenge();
    let mut headers = vec![("content-type", "application/json; charset=utf-8")];
    if let Some(challenge) = &challenge {
        headers.push(("www-authenticate", challenge.as_str()));
    }
    response(&body.into(), problem.status(), &headers).unwrap_or_else(|error| error)
}

/// Gives `createInvitationsProxy`'s `organizationIds` and `authorize` from the caller's Logto
/// organization token (`Authorization: Bearer`, from the Logto SDK's
/// `getOrganizationToken(organizationId)`): its signature (Logto's JWKS, WebCrypto), issuer
/// (Logto's discovery document), audience (exactly one `urn:logto:organization:{id}`), `exp` and
/// `nbf`, `client_id` (one of `appIds`), `sub` (a user's) and the operation's permission in
/// `scope`, all before the proxy reads anything from Logto. The scope is the token's one
/// organization. The token itself is never forwarded: Logto gets the proxy's machine-to-machine
/// token. Throws a `LogtoApiError` (`kind: "invalid_input"`) for unusable options.
///
/// ```ts
/// const proxy = createInvitationsProxy({
///   endpoint,
///   getAccessToken: clientCredentials({ endpoint, appId, appSecret }),
///   ...organizationTokenAuthorization({ endpoint, appIds: [dashboardAppId], permissions }),
/// });
/// ```
#[wasm_bindgen(
    js_name = organizationTokenAuthorization,
    unchecked_return_type = "OrganizationTokenAuthorization"
)]
pub fn organization_token_authorization(
    #[wasm_bindgen(unchecked_param_type = "OrganizationTokenAuthorizationOptions")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let authorization = authorization(&options).map_err(|e| Rejection::from(e).into_js())?;
    let authorization = Rc::new(authorization);
    let for_scope = authorization.clone();
    let organization_ids = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(
        move |request: JsValue, operation: JsValue| {
            let authorization = for_scope.clone();
            future_to_promise(
                async move { authorization.organization_ids(&request, &operation).await },
            )
        },
    );
    let authorize = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(
        move |request: JsValue, operation: JsValue| {
            let authorization = authorization.clone();
            future_to_promise(async move {
                Ok(authorization.authorize(&request, &operation).await.into())
            })
        },
    );
    let object = Object::new();
    set(
        &object,
        "organizationIds",
        &organization_ids.into_js_value(),
    );
    set(&object, "authorize", &authorize.into_js_value());
    Ok(Object::freeze(&object).into())
}

/// Reads and checks the options.
fn authorization(options: &JsValue) -> Result<Authorization, ApiError> {
    let options = OrganizationTokenAuthorizationOptions::read(options, Field::new("options"))?;
    let app_ids = options
        .app_ids
        .filter(|ids| !ids.is_empty() && ids.iter().all(|id| !id.is_empty()))
        .ok_or_else(|| {
            ApiError::invalid_input(
                "options.appIds",
                "is required: the IDs of the Logto apps (the dashboard's) whose organization tokens are accepted",
            )
        })?;
    Ok(Authorization {
        verifier: verifier(
            "options.endpoint",
            &options.endpoint,
            options.jwks,
            options.clock_tolerance_seconds,
        )?,
        app_ids,
        permissions: options.permissions,
        machine_to_machine: options.machine_to_machine.unwrap_or(false),
        verified: WeakMap::new(),
    })
}

/// Gives a function `(request) => Promise<string | null>`: the `sub` of the request's Logto access
/// token (`Authorization: Bearer`, an ordinary one for the app's own API resource: the SDK's
/// `getAccessToken(resource)`), verified as `organizationTokenAuthorization` verifies, with `aud`
/// exactly `resource`; `null` without a valid user's token. Rejects only when Logto's keys
/// cannot be read. Fits `createInvitationAcceptance`'s `userId`.
#[wasm_bindgen(js_name = accessTokenUserId, unchecked_return_type = "AccessTokenUserId")]
pub fn access_token_user_id(
    #[wasm_bindgen(unchecked_param_type = "AccessTokenUserIdOptions")] options: JsValue,
) -> Result<Function, JsValue> {
    let options = AccessTokenUserIdOptions::read(&options, Field::new("options"))
        .map_err(|e| Rejection::from(e).into_js())?;
    let verifier = verifier(
        "options.endpoint",
        &options.endpoint,
        options.jwks,
        options.clock_tolerance_seconds,
    )
    .map_err(|e| Rejection::from(e).into_js())?;
    if options.resource.is_empty() {
        return Err(Rejection::from(ApiError::invalid_input(
            "options.resource",
            "is required: the app's API resource indicator, e.g. \"https://api.example.com\"",
        ))
        .into_js());
    }
    let discovery = crate::text::concat(&[
        options.endpoint.trim().trim_end_matches('/'),
        "/oidc/.well-known/openid-configuration",
    ]);
    let settings = Rc::new((options.resource, options.app_ids, discovery));
    let user_id = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |request: JsValue| {
        let verifier = verifier.clone();
        let settings = settings.clone();
        future_to_promise(async move {
            let authorization = header(&get(&request, "headers"), "authorization");
            let Ok(token) = bearer_token(authorization.as_deref()) else {
                return Ok(JsValue::NULL);
            };
            let (resource, app_ids, discovery) = &*settings;
            match verifier
                .verify(
                    token,
                    Audience::Resource(resource),
                    app_ids.as_deref(),
                    false,
                )
                .await
            {
                Ok(verified) => Ok(verified.subject.into()),
                Err(TokenProblem::KeysUnavailable) => Err(Rejection::from(ApiError::network(
                    "GET",
                    discovery,
                    "Logto's discovery document or JWKS could not be read in time",
                    None,
                    false,
                ))
                .into_js()),
                Err(_) => Ok(JsValue::NULL),
            }
        })
    });
    Ok(user_id.into_js_value().unchecked_into())
}
