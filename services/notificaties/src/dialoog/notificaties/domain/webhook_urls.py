"""Which URLs may receive webhooks (ADR 0026). Outside development only `https`; never a URL with
a user or password in it or a fragment; and, unless the deployment allows private targets
(`webhooks_allow_private`, the dev stack and tests), never an address that is private, loopback,
link-local, unique-local, multicast, reserved or unspecified: not as a literal address, and not
after resolving the name (a name that resolves to one such address is refused). Pure: the caller
resolves the name and passes the addresses."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000
BLOCKED_HOSTS = frozenset({"localhost", "localhost.localdomain"})


@dataclass(frozen=True)
class Refusal:
    nl: str
    en: str


def refused_address(address: str) -> bool:
    """True for an address a webhook may not be sent to outside development."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address) and ip.sixtofour is not None:
        ip = ip.sixtofour
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("fc00::/7"))
        or (isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"))
    )


def literal_address(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def check_shape(url: str, *, allow_http: bool, allow_private: bool) -> tuple[str | None, Refusal | None]:
    """The host to resolve (None when the URL is refused already), or why the URL is refused."""
    if len(url) > MAX_URL_LENGTH:
        return None, Refusal(
            f"langer dan {MAX_URL_LENGTH} tekens", f"longer than {MAX_URL_LENGTH} characters"
        )
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        return None, Refusal("geen geldige URL", "not a valid URL")
    schemes = {"https", "http"} if allow_http else {"https"}
    if parts.scheme not in schemes:
        return None, Refusal(
            "alleen https-adressen ontvangen webhooks",
            "only https addresses receive webhooks",
        )
    host = parts.hostname
    if not host:
        return None, Refusal("de URL noemt geen host", "the URL names no host")
    if parts.username is not None or parts.password is not None:
        return None, Refusal(
            "geen gebruikersnaam of wachtwoord in de URL (de handtekening bewijst de afzender)",
            "no user name or password in the URL (the signature proves the sender)",
        )
    if parts.fragment:
        return None, Refusal("geen #-fragment in de URL", "no # fragment in the URL")
    if not allow_private:
        if host.rstrip(".").lower() in BLOCKED_HOSTS or host.rstrip(".").lower().endswith(".localhost"):
            return None, PRIVATE
        literal = literal_address(host)
        if literal is not None and refused_address(literal):
            return None, PRIVATE
    return host, None


PRIVATE = Refusal(
    "een privé-, loopback- of link-local-adres ontvangt geen webhooks",
    "a private, loopback or link-local address does not receive webhooks",
)
UNRESOLVABLE = Refusal("de host is niet te vinden (DNS)", "the host cannot be found (DNS)")


def check_addresses(addresses: list[str], *, allow_private: bool) -> Refusal | None:
    """After resolving: refused when the name has no address, or (unless private targets are
    allowed) any address it resolves to is one a webhook may not reach."""
    if not addresses:
        return UNRESOLVABLE
    if not allow_private and any(refused_address(a) for a in addresses):
        return PRIVATE
    return None
