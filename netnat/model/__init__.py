"""The object model: frozen dataclasses for the host network, State and its rules, PSObjects."""
