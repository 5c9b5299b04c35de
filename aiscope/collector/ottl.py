"""Small builders for OTTL (the collector's transformation language) text.

Every statement the generators emit is assembled here from names and
values, so quoting is done in one place: a tenant called `a"b` or a model
called `gpt-4o (preview)` must come out as a literal, never as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal


def string(value: str) -> str:
    """An OTTL string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def number(value: float) -> str:
    """A decimal literal; OTTL has no exponent notation, so 1.5e-07 is spelt out."""
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else f"{text}.0"


def key(path: str, name: str) -> str:
    """`span.attributes` + `ai.route` -> `span.attributes["ai.route"]`."""
    return f"{path}[{string(name)}]"


def present(path: str, name: str) -> str:
    return f"{key(path, name)} != nil"


def absent(path: str, name: str) -> str:
    return f"{key(path, name)} == nil"


def equals_any(target: str, values: Iterable[str]) -> str:
    """`x == "a" or x == "b"`, in parentheses; "false" for no values."""
    terms = [f"{target} == {string(value)}" for value in values]
    if not terms:
        return "false"
    return "(" + " or ".join(terms) + ")"


def names_regex(names: Iterable[str]) -> str:
    """An anchored regex that matches exactly the given attribute names."""
    return exact_regex(re.escape(name) for name in sorted(names))


def exact_regex(patterns: Iterable[str]) -> str:
    """An anchored alternation of regex fragments.

    `\\z` (end of text) instead of `$`: the collector reads `$` in its config
    as the start of a variable reference.
    """
    return "^(?:" + "|".join(patterns) + r")\z"


def where(statement: str, *conditions: str) -> str:
    """A statement guarded by the conjunction of the non-empty conditions."""
    guards = [condition for condition in conditions if condition]
    if not guards:
        return statement
    return f"{statement} where {' and '.join(guards)}"
