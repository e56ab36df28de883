//! Who may talk to the preview. A page on another site can make the browser send requests to
//! `127.0.0.1:1111` (DNS rebinding: its own name made to resolve there) and open the live-reload
//! websocket; so a request must name this preview in its `Host` (a name an attacker's page cannot
//! give it), and the websocket must come from one of the preview's own pages (`Origin`).
//! The decisions are pure: `mod.rs` turns a refusal into a 403, and a `Host` that is not a host
//! and a port into a 400.

use std::net::IpAddr;

use axum::http::Uri;
use axum::http::uri::Authority;

/// The hosts a request may name: `localhost` and loopback addresses always (a browser never
/// resolves `localhost` through DNS, and an address cannot be rebound), the address the preview
/// listens on, each `--allow-host` name, and with an unspecified address (`0.0.0.0`, `::`) any IP
/// address.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    bound: IpAddr,
    port: u16,
    names: Vec<String>,
}

impl Hosts {
    pub(crate) fn new(bound: IpAddr, port: u16, allowed: &[String]) -> Hosts {
        Hosts { bound, port, names: allowed.iter().map(|n| n.to_ascii_lowercase()).collect() }
    }

    /// Whether a `Host` value (`name`, `name:port`, `[v6]:port`) names this preview. The port is not
    /// compared: the request reached this port, whatever it says.
    pub(crate) fn accepts_host(&self, host: &str) -> bool {
        host_name(host).is_some_and(|name| self.accepts_name(name))
    }

    /// Whether a websocket's `Origin` is a page of this preview: `http://<accepted host>:<port>`.
    /// Browsers always send it on a websocket; a request without one is not from a page (a
    /// command-line client) and is let through.
    pub(crate) fn accepts_origin(&self, origin: Option<&str>) -> bool {
        let Some(origin) = origin else { return true };
        let Ok(uri) = origin.parse::<Uri>() else { return false };
        let Some(authority) = uri.authority() else { return false };
        uri.scheme_str() == Some("http")
            && matches!(uri.path(), "" | "/")
            && uri.query().is_none()
            && !authority.as_str().contains('@')
            && authority.port_u16().unwrap_or(80) == self.port
            && self.accepts_name(authority.host())
    }

    /// `name` is a host without its port; an IPv6 address keeps its brackets.
    fn accepts_name(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        let address = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(&name);
        let ip_accepted = |ip: IpAddr| ip.is_loopback() || ip == self.bound || self.bound.is_unspecified();
        name == "localhost" || self.names.contains(&name) || address.parse().is_ok_and(ip_accepted)
    }
}

/// The name in a `Host` value, which must be exactly a host and an optional numeric port
/// (`uri-host [ ":" port ]`, RFC 9110): `None` for anything else (`[::1]evil`, `localhost:evil`,
/// `user@host`), which `mod.rs` refuses as a bad request.
pub(crate) fn host_name(value: &str) -> Option<&str> {
    let authority = value.parse::<Authority>().ok()?;
    let name = authority.host();
    let port = value.strip_prefix(name)?;
    let port_ok =
        port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.parse::<u16>().is_ok() && !p.starts_with('+'));
    // `user@host` is an authority but never a Host; what follows the name can only be the port.
    (!value.contains('@') && !name.is_empty() && port_ok).then_some(&value[..name.len()])
}

/// Check an `--allow-host` value: a bare host name, as it appears in a URL without scheme or port.
pub(crate) fn allowed_name(name: &str) -> Result<String, String> {
    match name.parse::<Authority>() {
        Ok(authority) if authority.port().is_none() && !name.contains('@') && !name.is_empty() => {
            Ok(name.to_ascii_lowercase())
        }
        _ => {
            Err(format!("--allow-host takes a host name such as dossier.test (no scheme, port or path), not `{name}`"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str, allowed: &[&str]) -> Hosts {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        Hosts::new(bound.parse().unwrap(), 1111, &allowed)
    }

    #[test]
    fn hosts_a_request_may_name() {
        let cases = [
            // Bound to loopback: loopback names only.
            ("127.0.0.1", &[][..], "127.0.0.1:1111", true),
            ("127.0.0.1", &[], "127.0.0.1", true),
            ("127.0.0.1", &[], "localhost:1111", true),
            ("127.0.0.1", &[], "LocalHost:1111", true),
            ("127.0.0.1", &[], "[::1]:1111", true),
            ("127.0.0.1", &[], "localhost:8080", true),
            ("127.0.0.1", &[], "evil.example", false),
            ("127.0.0.1", &[], "evil.example:1111", false),
            ("127.0.0.1", &[], "localhost.evil.example:1111", false),
            ("127.0.0.1", &[], "localhost.:1111", false),
            ("127.0.0.1", &[], "192.168.1.5:1111", false),
            ("127.0.0.1", &[], "localhost@evil.example", false),
            ("127.0.0.1", &[], "", false),
            ("127.0.0.1", &[], "local host", false),
            // Not a host and a port: a bad request whatever the name.
            ("127.0.0.1", &[], "[::1]evil", false),
            ("127.0.0.1", &[], "[::1]evil:1111", false),
            ("127.0.0.1", &[], "localhost:evil", false),
            ("127.0.0.1", &[], "localhost:", false),
            ("127.0.0.1", &[], "localhost:+1111", false),
            ("127.0.0.1", &[], "localhost:99999", false),
            ("127.0.0.1", &[], "localhost:1111:1111", false),
            ("127.0.0.1", &[], "localhost/x", false),
            ("127.0.0.1", &[], ":1111", false),
            // --allow-host names.
            ("127.0.0.1", &["dossier.test"], "dossier.test:1111", true),
            ("127.0.0.1", &["dossier.test"], "DOSSIER.test", true),
            ("127.0.0.1", &["dossier.test"], "sub.dossier.test", false),
            ("127.0.0.1", &["[fe80::1]"], "[fe80::1]:1111", true),
            ("127.0.0.1", &["192.168.1.5"], "192.168.1.5:1111", true),
            // Another interface: its address and the allowed names.
            ("127.0.0.2", &["dossier.test"], "127.0.0.2:1111", true),
            ("127.0.0.2", &["dossier.test"], "dossier.test:1111", true),
            ("192.168.1.5", &[], "192.168.1.5:1111", true),
            ("192.168.1.5", &[], "192.168.1.6:1111", false),
            ("192.168.1.5", &[], "my-laptop.local:1111", false),
            ("192.168.1.5", &["my-laptop.local"], "my-laptop.local:1111", true),
            // Unspecified: any address, names only when allowed.
            ("0.0.0.0", &[], "10.0.0.7:1111", true),
            ("0.0.0.0", &[], "[fe80::1]:1111", true),
            ("::", &[], "192.168.1.5:1111", true),
            ("0.0.0.0", &[], "evil.example:1111", false),
        ];
        for (bound, allowed, host, expect) in cases {
            assert_eq!(hosts(bound, allowed).accepts_host(host), expect, "{host} on {bound} allowing {allowed:?}");
        }
    }

    #[test]
    fn a_host_value_is_a_name_and_a_numeric_port() {
        let cases = [
            ("localhost", Some("localhost")),
            ("localhost:1111", Some("localhost")),
            ("127.0.0.1:1111", Some("127.0.0.1")),
            ("[::1]", Some("[::1]")),
            ("[::1]:1111", Some("[::1]")),
            ("dossier.test:0", Some("dossier.test")),
            ("[::1]evil", None),
            ("[::1]:evil", None),
            ("localhost:evil", None),
            ("localhost:", None),
            ("localhost:65536", None),
            ("localhost:+1", None),
            ("a:1:2", None),
            ("user@localhost", None),
            ("localhost/", None),
            ("", None),
            (":1111", None),
        ];
        for (value, expect) in cases {
            assert_eq!(host_name(value), expect, "{value:?}");
        }
    }

    #[test]
    fn origins_the_websocket_accepts() {
        let cases = [
            ("127.0.0.1", &[][..], Some("http://127.0.0.1:1111"), true),
            ("127.0.0.1", &[], Some("http://localhost:1111"), true),
            ("127.0.0.1", &[], Some("http://[::1]:1111"), true),
            ("127.0.0.1", &[], None, true),
            ("127.0.0.1", &[], Some("http://evil.example"), false),
            ("127.0.0.1", &[], Some("http://evil.example:1111"), false),
            ("127.0.0.1", &[], Some("http://localhost:2222"), false),
            ("127.0.0.1", &[], Some("http://localhost"), false),
            ("127.0.0.1", &[], Some("https://localhost:1111"), false),
            ("127.0.0.1", &[], Some("null"), false),
            ("127.0.0.1", &[], Some(""), false),
            ("127.0.0.1", &[], Some("http://localhost:1111@evil.example"), false),
            ("127.0.0.2", &["dossier.test"], Some("http://dossier.test:1111"), true),
            ("127.0.0.2", &["dossier.test"], Some("http://127.0.0.2:1111"), true),
            ("0.0.0.0", &[], Some("http://192.168.1.5:1111"), true),
            ("0.0.0.0", &[], Some("http://evil.example:1111"), false),
        ];
        for (bound, allowed, origin, expect) in cases {
            assert_eq!(hosts(bound, allowed).accepts_origin(origin), expect, "{origin:?} on {bound}");
        }
    }

    #[test]
    fn allow_host_takes_a_bare_name() {
        assert_eq!(allowed_name("Dossier.Test"), Ok("dossier.test".into()));
        assert_eq!(allowed_name("my-laptop.local"), Ok("my-laptop.local".into()));
        for bad in ["", "http://dossier.test", "dossier.test:1111", "dossier.test/x", "a@dossier.test"] {
            assert!(allowed_name(bad).is_err(), "{bad}");
        }
    }
}
