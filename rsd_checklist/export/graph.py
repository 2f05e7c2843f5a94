"""The argument map as Mermaid (for Markdown and HTML) and as Graphviz DOT."""

from __future__ import annotations

import re

from rsd_checklist.render import SYMBOL, WORD
from rsd_checklist.summary import ArgumentMap, MapNode

EDGE_WORDS = {"supports": "supports", "defeats": "defeats", "answers": "answers"}
_MERMAID_ARROWS = {"supports": "-->", "defeats": "-.->", "answers": "==>"}
_DOT_STYLES = {
    "supports": 'style=solid, color="#1b5e20"',
    "defeats": 'style=dashed, color="#b71c1c"',
    "answers": 'style=bold, color="#0d47a1"',
}
_DOT_FILL = {"applies": "#e8f5e9", "does_not_apply": "#eeeeee", "undetermined": "#fff8e1", None: "#ffffff"}


def node_label(node: MapNode) -> str:
    if node.status is None:
        return node.title
    return f"{SYMBOL[node.status]} {node.title} ({WORD[node.status]})"


def _mermaid_id(argument_id: str) -> str:
    return "a_" + re.sub(r"[^A-Za-z0-9_]", "_", argument_id)


def _mermaid_text(text: str) -> str:
    """A label inside Mermaid's double quotes: quotes and markup as entity codes."""
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, code)
    return " ".join(text.split())


def to_mermaid(graph: ArgumentMap) -> str:
    """A Mermaid flowchart: solid arrow supports, dotted arrow defeats, thick arrow answers."""
    lines = ["flowchart LR"]
    for node in graph.nodes:
        lines.append(f'  {_mermaid_id(node.id)}["{_mermaid_text(node_label(node))}"]')
    for edge in graph.edges:
        arrow = _MERMAID_ARROWS[edge.kind]
        lines.append(f"  {_mermaid_id(edge.source)} {arrow}|{edge.kind}| {_mermaid_id(edge.target)}")
    statuses = {n.status for n in graph.nodes if n.status is not None}
    styles = {
        "applies": "fill:#e8f5e9,stroke:#1b5e20",
        "undetermined": "fill:#fff8e1,stroke:#8d6e00",
        "does_not_apply": "fill:#eeeeee,stroke:#616161",
    }
    for status in ("applies", "undetermined", "does_not_apply"):
        if status in statuses:
            members = ",".join(_mermaid_id(n.id) for n in graph.nodes if n.status == status)
            lines.append(f"  classDef {status} {styles[status]}")
            lines.append(f"  class {members} {status}")
    return "\n".join(lines) + "\n"


def _dot_string(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: ArgumentMap, name: str = "arguments") -> str:
    """Graphviz DOT: arguments clustered by group, filled by status; edges labelled by kind."""
    lines = [
        f"digraph {_dot_string(name)} {{",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    groups: dict[str, list[MapNode]] = {}
    for node in graph.nodes:
        groups.setdefault(node.group, []).append(node)
    for i, nodes in enumerate(groups.values()):
        lines.append(f"  subgraph cluster_{i} {{")
        lines.append(f"    label={_dot_string(nodes[0].group_title)};")
        for node in nodes:
            lines.append(
                f"    {_dot_string(node.id)} [label={_dot_string(node_label(node))}, "
                f'fillcolor="{_DOT_FILL[node.status]}"];'
            )
        lines.append("  }")
    for edge in graph.edges:
        lines.append(
            f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
            f"[label={_dot_string(EDGE_WORDS[edge.kind])}, {_DOT_STYLES[edge.kind]}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def relations(graph: ArgumentMap) -> list[tuple[str, str, str]]:
    """Each edge as (source title, verb, target title), for a reading of the map in words."""
    titles = {n.id: n.title for n in graph.nodes}
    return [(titles[e.source], EDGE_WORDS[e.kind], titles[e.target]) for e in graph.edges]
