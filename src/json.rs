//! The `--json` shapes (JSON Lines). Field names are stable and documented in README.md.

use serde_json::{Value, json};

use crate::lookup::Match;

/// One meaning of a code: `{"kind", "code", "name", "sqlstate", "message", "url"}`; `name`,
/// `sqlstate` and `url` are null where the kind has none.
pub fn match_object(m: &Match) -> Value {
    json!({
        "kind": m.kind().as_str(),
        "code": m.code(),
        "name": m.name(),
        "sqlstate": m.sqlstate(),
        "message": m.message(),
        "url": m.url(),
    })
}

/// Writes `value` as one line.
pub fn write_line(out: &mut impl std::io::Write, value: &Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Flavor;
    use crate::lookup::matches;

    #[test]
    fn server_match_has_every_field() {
        let m = &matches(Flavor::find("mariadb-11.8").unwrap(), 1158)[0];
        let v = match_object(m);
        assert_eq!(v["kind"], "server");
        assert_eq!(v["code"], 1158);
        assert_eq!(v["name"], "ER_NET_READ_ERROR");
        assert_eq!(v["sqlstate"], "08S01");
        assert_eq!(v["url"], "https://err.mariadb.com/1158");
    }

    #[test]
    fn handler_match_has_nulls() {
        let m = &matches(Flavor::find("mariadb-11.8").unwrap(), 125)[1];
        let v = match_object(m);
        assert_eq!(
            (
                v["kind"].as_str(),
                v["name"].is_null(),
                v["sqlstate"].is_null()
            ),
            (Some("handler"), true, true)
        );
    }
}
