//! The query of a `GET`, read once and sent as read: `authorize` sees the parsed pairs and Logto
//! gets them re-encoded, so no parser difference (a duplicate key, `+`, a bad escape) can make
//! Logto filter on something the proxy did not judge. The invitation list takes only Logto's
//! three filters.

use crate::routes::percent_decode;
use crate::wire::percent_encode_into;

/// The filters of `GET /api/organization-invitations`.
pub const LIST_KEYS: [&str; 3] = ["organizationId", "inviterId", "invitee"];

/// A parsed query: its pairs, in order, each key once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(pub Vec<(String, String)>);

/// Why a query was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryProblem {
    /// A malformed escape or bytes that are not UTF-8.
    Malformed,
    /// A key given twice (which one Logto uses is unclear).
    Duplicate(String),
    /// A key the operation does not take.
    Unknown(String),
}

impl Query {
    /// Parses `search` (`""` or `?a=1&b=2`) as `application/x-www-form-urlencoded`: `+` is a
    /// space, empty pairs are skipped, a pair without `=` has an empty value.
    pub fn parse(search: &str) -> Result<Query, QueryProblem> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for pair in search.strip_prefix('?').unwrap_or(search).split('&') {
            if pair.is_empty() {
                continue;
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (decode(key)?, decode(value)?);
            if pairs.iter().any(|(k, _)| *k == key) {
                return Err(QueryProblem::Duplicate(key));
            }
            pairs.push((key, value));
        }
        Ok(Query(pairs))
    }

    /// Refuses keys outside `allowed`.
    pub fn only(self, allowed: &[&str]) -> Result<Query, QueryProblem> {
        match self.0.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            Some((key, _)) => Err(QueryProblem::Unknown(key.clone())),
            None => Ok(self),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key` (replacing its value, or adding it at the end).
    pub fn set(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value.to_owned(),
            None => self.0.push((key.to_owned(), value.to_owned())),
        }
    }

    /// The query to send: `""` or `?k=v&...`, every key and value percent-encoded.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (key, value)) in self.0.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            percent_encode_into(&mut out, key);
            out.push('=');
            percent_encode_into(&mut out, value);
        }
        out
    }
}

fn decode(raw: &str) -> Result<String, QueryProblem> {
    let spaced = raw.replace('+', " ");
    let bytes = percent_decode(&spaced).ok_or(QueryProblem::Malformed)?;
    String::from_utf8(bytes).map_err(|_| QueryProblem::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &Query) -> Vec<(&str, &str)> {
        query
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn queries_are_decoded_as_forms() {
        let query = Query::parse("?organizationId=org%201&invitee=a+b%40x.example&&flag").unwrap();
        assert_eq!(
            pairs(&query),
            [
                ("organizationId", "org 1"),
                ("invitee", "a b@x.example"),
                ("flag", "")
            ]
        );
        assert_eq!(Query::parse("").unwrap(), Query::default());
        assert_eq!(Query::parse("?").unwrap(), Query::default());
    }

    #[test]
    fn unclear_queries_are_refused() {
        assert_eq!(
            Query::parse("?organizationId=a&organizationId=b"),
            Err(QueryProblem::Duplicate("organizationId".into()))
        );
        assert_eq!(
            Query::parse("?organizationId=a&organization%49d=b"),
            Err(QueryProblem::Duplicate("organizationId".into()))
        );
        for bad in ["?a=%zz", "?a=%2", "?%ff=1", "?a=%C3"] {
            assert_eq!(Query::parse(bad), Err(QueryProblem::Malformed), "{bad}");
        }
        let list = Query::parse("?organizationId=a&page=2").unwrap();
        assert_eq!(
            list.only(&LIST_KEYS),
            Err(QueryProblem::Unknown("page".into()))
        );
    }

    #[test]
    fn what_is_sent_is_what_was_read() {
        let mut query = Query::parse("?invitee=a%2Bb%26c%3Dd%23").unwrap();
        assert_eq!(query.get("invitee"), Some("a+b&c=d#"));
        query.set("organizationId", "org/1");
        assert_eq!(
            query.encode(),
            "?invitee=a%2Bb%26c%3Dd%23&organizationId=org%2F1"
        );
        assert_eq!(Query::parse(&query.encode()).unwrap(), query);
        assert_eq!(Query::default().encode(), "");
    }
}
