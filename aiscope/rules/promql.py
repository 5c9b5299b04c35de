"""Small builders for PromQL text, so no expression is pasted together by hand.

Every function returns a string; nesting them reads like the query itself:
`sum_by([ROUTE], rate(selector(metric, eq(ENV, "prod")), "5m"))`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Matcher:
    """One label matcher inside `{...}`: `label op "value"`."""

    label: str
    op: str
    value: str

    def __str__(self) -> str:
        escaped = self.value.replace("\\", "\\\\").replace('"', '\\"')
        return f'{self.label}{self.op}"{escaped}"'


def eq(label: str, value: str) -> Matcher:
    return Matcher(label, "=", value)


def regex(label: str, value: str) -> Matcher:
    return Matcher(label, "=~", value)


def not_regex(label: str, value: str) -> Matcher:
    return Matcher(label, "!~", value)


def alternatives(values: Iterable[str]) -> str:
    """A regex matching exactly these values (PromQL anchors regex matchers)."""
    return "|".join(sorted(values))


def selector(metric: str, matchers: Sequence[Matcher] = ()) -> str:
    if not matchers:
        return metric
    return f"{metric}{{{', '.join(str(m) for m in matchers)}}}"


def rate(series: str, window: str) -> str:
    return f"rate({series}[{window}])"


def increase(series: str, window: str) -> str:
    return f"increase({series}[{window}])"


def over_time(function: str, range_vector: str) -> str:
    """`sum_over_time(x[1h])`; `range_vector` is `x[1h]` or a subquery `(expr)[1h:1m]`."""
    return f"{function}_over_time({range_vector})"


def range_of(series: str, window: str) -> str:
    return f"{series}[{window}]"


def subquery(expr: str, window: str, step: str) -> str:
    return f"({expr})[{window}:{step}]"


def aggregate(op: str, labels: Sequence[str], expr: str) -> str:
    return f"{op} by ({', '.join(labels)}) {_grouped(expr)}"


def sum_by(labels: Sequence[str], expr: str) -> str:
    return aggregate("sum", labels, expr)


def topk(k: int, expr: str) -> str:
    return f"topk({k}, {expr})"


def quantile(q: float, buckets: str) -> str:
    return f"histogram_quantile({q}, {buckets})"


def binary(left: str, op: str, right: str, matching: str = "") -> str:
    """`left op right`; `matching` is a vector-matching clause such as `on (x) group_left ()`."""
    middle = f" {op} {matching} " if matching else f" {op} "
    return f"{parens(left)}{middle}{parens(right)}"


def on(labels: Sequence[str], group_left: bool = False) -> str:
    clause = f"on ({', '.join(labels)})"
    return f"{clause} group_left ()" if group_left else clause


def any_of(exprs: Sequence[str]) -> str:
    """Union of several expressions, one per line for the reader of the rule file."""
    return "\nor\n".join(parens(expr) for expr in exprs) if len(exprs) > 1 else exprs[0]


def _grouped(expr: str) -> str:
    """`(expr)`, without doubling parentheses that already enclose all of it."""
    if expr.startswith("(") and _balanced_call(expr):
        return expr
    return f"({expr})"


def parens(expr: str) -> str:
    """Wrap in parentheses unless the text is a plain name, a number or a selector."""
    if _is_atom(expr):
        return expr
    return f"({expr})"


_NAME_OR_SELECTOR = re.compile(r'^[A-Za-z_:][A-Za-z0-9_:]*(\{("(\\.|[^"\\])*"|[^"}])*\})?$')
_NUMBER = re.compile(r"^[0-9.eE+-]+$")


def _is_atom(expr: str) -> bool:
    if _NAME_OR_SELECTOR.match(expr) or _NUMBER.match(expr):
        return True
    return _balanced_call(expr)


def _balanced_call(expr: str) -> bool:
    """True for `f(...)` or `(...)` spanning the whole text: already one operand."""
    if not expr.endswith(")") or "(" not in expr:
        return False
    depth, quoted = 0, False
    for index, char in enumerate(expr):
        if char == '"' and expr[index - 1] != "\\":
            quoted = not quoted
        if quoted:
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char == ")" and index != len(expr) - 1:
            return False
    head = expr[: expr.index("(")]
    return head == "" or head.replace("_", "").isalnum()
