//! Who the client is when Sidecard sits behind a reverse proxy (nginx, a load balancer): the
//! address the per-address rate limits count and the audit log records.
//!
//! By default the client is the TCP peer, and `X-Forwarded-For` is ignored: anyone can send
//! that header, so believing it would let a client pick its own rate-limit bucket and write any
//! address into the audit log. With `--trusted-proxy` (addresses or CIDR ranges), a request
//! whose peer is one of them is attributed to the address its proxy saw instead: the header
//! is read from its right end (each proxy appends the address it received the request from),
//! skipping addresses that are themselves trusted proxies, and the first one that is not is
//! the client. A hop that is not an IP address stops the walk at the last one known, so a
//! malformed header never makes up a client. (The scheme of MDN's "X-Forwarded-For: Selecting
//! an IP address", <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For>.)

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The client's address, as [`client`] decided it for this request (a request extension set
/// before any handler runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client(pub IpAddr);

/// `--trusted-proxy`: an address (`10.0.0.5`) or a range (`10.0.0.0/8`).
pub fn parse_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is neither an IP address nor a CIDR range"))
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy, else the address
/// `X-Forwarded-For` names (see the module's docs).
pub fn client(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    // Several headers are one list, in order (RFC 9110, section 5.3).
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else {
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn trusted() -> Vec<IpNet> {
        vec![
            parse_proxy("10.0.0.0/8").unwrap(),
            parse_proxy("192.0.2.7").unwrap(),
        ]
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(client(ip("10.0.0.2"), &headers, &[]), ip("10.0.0.2"));
        // Nor from a peer that is not trusted, whatever it claims.
        assert_eq!(
            client(ip("198.51.100.1"), &headers, &trusted()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_it_saw() {
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(
            client(ip("10.0.0.2"), &headers, &trusted()),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn what_the_client_wrote_itself_is_not_believed() {
        // The client sent "1.2.3.4"; the trusted proxies appended what they saw.
        let headers = forwarded(&["1.2.3.4, 203.0.113.9", "192.0.2.7"]);
        assert_eq!(
            client(ip("10.0.0.2"), &headers, &trusted()),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_malformed_hop_stops_at_the_last_address_known() {
        let headers = forwarded(&["203.0.113.9, unknown, 192.0.2.7"]);
        assert_eq!(
            client(ip("10.0.0.2"), &headers, &trusted()),
            ip("192.0.2.7")
        );
        // No header at all: the proxy itself.
        assert_eq!(
            client(ip("10.0.0.2"), &HeaderMap::new(), &trusted()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn proxies_are_addresses_or_ranges() {
        assert_eq!(
            parse_proxy("192.0.2.7").unwrap(),
            "192.0.2.7/32".parse::<IpNet>().unwrap()
        );
        assert_eq!(
            parse_proxy(" fd00::/8 ").unwrap(),
            "fd00::/8".parse::<IpNet>().unwrap()
        );
        assert!(parse_proxy("nginx").unwrap_err().contains("nginx"));
    }
}
