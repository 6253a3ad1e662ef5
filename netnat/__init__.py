"""netnat: replay Windows NAT runbooks on Linux."""

__version__ = "0.1.0"
