"""Output: default views, table/list/json rendering and error records, as PowerShell 5.1 prints."""

from netnat.output.errors import (
    render_debug,
    render_error,
    render_parse_errors,
    render_verbose,
    render_warning,
    render_what_if,
)
from netnat.output.jsonfmt import to_json
from netnat.output.render import render
from netnat.output.term import output_width, use_color
from netnat.output.views import Column, View, register_view

__all__ = [
    "Column",
    "View",
    "output_width",
    "register_view",
    "render",
    "render_debug",
    "render_error",
    "render_parse_errors",
    "render_verbose",
    "render_warning",
    "render_what_if",
    "to_json",
    "use_color",
]
