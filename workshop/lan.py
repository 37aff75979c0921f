"""The addresses people in the hall can type: this machine's LAN IPv4 addresses."""

import ipaddress
import socket

import psutil


def lan_addresses():
    """Non-loopback, non-link-local IPv4 addresses, private ranges first."""
    found = []
    for _name, addrs in psutil.net_if_addrs().items():
        for addr in addrs:
            if addr.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(addr.address)
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
                continue
            found.append(ip)
    found.sort(key=lambda ip: (not ip.is_private, ip))
    return [str(ip) for ip in dict.fromkeys(found)]


def base_urls(config, request_host_url=None, scheme=None):
    """Base URLs to show on the join screen: PUBLIC_URL, else one per LAN address (over the
    scheme given, else the request's: https when the server speaks it)."""
    if config.get("PUBLIC_URL"):
        return [config["PUBLIC_URL"].rstrip("/")]
    port = int(config.get("PORT") or 8000)
    suffix = "" if port == 80 else f":{port}"
    if scheme is None:
        scheme = "https" if (request_host_url or "").startswith("https:") else "http"
    urls = [f"{scheme}://{ip}{suffix}" for ip in config.get("LAN_ADDRESSES") or []]
    if not urls and request_host_url:
        urls = [request_host_url.rstrip("/")]
    return urls
