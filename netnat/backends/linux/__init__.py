"""The `linux` backend: real bridges, taps and one nftables table (needs CAP_NET_ADMIN)."""

from netnat.backends.linux.backend import LinuxBackend

__all__ = ["LinuxBackend"]
