"""Drawing a topology tree: text with branch lines (coloured on a terminal) or Graphviz DOT."""

from __future__ import annotations

from netnat.cli.topology import Node

UNICODE = ("├── ", "└── ", "│   ", "    ")
ASCII = ("|-- ", "`-- ", "|   ", "    ")
RESET = "\x1b[0m"
COLORS = {  # ANSI SGR per node kind
    "host": "1",
    "adapter": "36",
    "switch": "1;34",
    "vnic": "36",
    "nat": "1;33",
    "mapping": "33",
    "vm": "32",
    "network": "1;35",
    "endpoint": "35",
}
DOT_STYLE = {  # Graphviz shape and fill colour per node kind
    "host": ("house", "#e8e8e8"),
    "adapter": ("box", "#d8f0f0"),
    "switch": ("box3d", "#d0def8"),
    "vnic": ("box", "#d8f0f0"),
    "nat": ("hexagon", "#fbeecb"),
    "mapping": ("note", "#fdf7e3"),
    "vm": ("component", "#dcf2dc"),
    "network": ("folder", "#f0dcf0"),
    "endpoint": ("ellipse", "#f7ebf7"),
}


def tree_text(root: Node, width: int, color: bool, unicode: bool = True) -> str:
    """The tree, one node a line, each line cut to `width` columns."""
    marks = UNICODE if unicode else ASCII
    lines = [_line(root, "", width, color)]
    _children(root, "", marks, width, color, lines)
    return "\n".join(lines) + "\n"


def _children(
    node: Node, indent: str, marks: tuple[str, ...], width: int, color: bool, lines: list[str]
) -> None:
    for i, child in enumerate(node.children):
        last = i == len(node.children) - 1
        lines.append(_line(child, indent + marks[1 if last else 0], width, color))
        _children(child, indent + marks[3 if last else 2], marks, width, color, lines)


def _line(node: Node, prefix: str, width: int, color: bool) -> str:
    label, detail = node.label, f"  {node.detail}" if node.detail else ""
    room = width - len(prefix)
    if len(label) + len(detail) > room:
        text = (label + detail)[: max(room - 1, 0)] + "…"
        label, detail = text[: len(label)], text[len(label) :]
    if color:
        label = f"\x1b[{COLORS.get(node.kind, '0')}m{label}{RESET}"
        detail = f"\x1b[2m{detail}{RESET}" if detail else ""
    return prefix + label + detail


def dot_text(root: Node) -> str:
    """A Graphviz digraph of the tree (`dot -Tsvg` draws it)."""
    lines = [
        "digraph netnat {",
        '    graph [rankdir=LR, fontname="Helvetica"];',
        '    node [style="rounded,filled", fontname="Helvetica", fontsize=10];',
    ]
    ids: dict[int, str] = {}
    for number, node in enumerate(root.walk()):
        ids[id(node)] = f"n{number}"
        shape, fill = DOT_STYLE.get(node.kind, ("box", "#ffffff"))
        label = node.label + (f"\n{node.detail}" if node.detail else "")
        lines.append(
            f'    n{number} [label="{_dot_escape(label)}", shape={shape}, fillcolor="{fill}"];'
        )
    for node in root.walk():
        for child in node.children:
            lines.append(f"    {ids[id(node)]} -> {ids[id(child)]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
