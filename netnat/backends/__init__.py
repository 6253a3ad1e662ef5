"""Backends that make the store real: the protocol, discovery, `state` and `linux`."""
