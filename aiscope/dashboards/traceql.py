"""TraceQL for the spans Tempo stores: the schema's canonical attribute names, scoped.

Span attributes are `span.<name>`, resource attributes `resource.<name>`;
`name` and `status` are the span's intrinsic fields.
"""

from __future__ import annotations

from collections.abc import Sequence

NAME = "name"
STATUS = "status"
ERROR = "error"


def span(attribute: str) -> str:
    return f"span.{attribute}"


def resource(attribute: str) -> str:
    return f"resource.{attribute}"


def condition(field: str, op: str, value: str) -> str:
    """A comparison; string values are quoted, the `error` status is a keyword."""
    quoted = value if value == ERROR else '"' + value.replace('"', '\\"') + '"'
    return f"{field} {op} {quoted}"


def spans(conditions: Sequence[str], select: Sequence[str] = ()) -> str:
    """`{ a && b }`, optionally `| select(...)` to show more attributes per span."""
    query = "{ " + " && ".join(conditions) + " }"
    return f"{query} | select({', '.join(select)})" if select else query
