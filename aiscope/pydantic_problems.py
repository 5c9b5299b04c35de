"""Turn pydantic's validation errors into Problems a person can act on.

pydantic describes constraints in its own terms ("String should match
pattern '^[0-9]+...'"); users need the file, the key path as they wrote it,
the value, and what would be accepted in words, with a did-you-mean for a
misspelt key or choice.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .quantities import CPU_PATTERN, DURATION_PATTERN, MEMORY_PATTERN
from .settings import DNS_LABEL, IMAGE_REF
from .telemetry_schema import ATTRIBUTE_NAME

PATTERN_WORDS = {
    CPU_PATTERN: "a CPU quantity such as 250m or 2",
    MEMORY_PATTERN: "a size such as 512Mi or 20Gi (no sign)",
    DURATION_PATTERN: "a duration such as 30d, 12h or 15m",
    DNS_LABEL: "a DNS label: lowercase letters, digits and '-', at most 63 characters",
    IMAGE_REF: "an image reference with an explicit tag, such as registry/name:1.2.3",
    ATTRIBUTE_NAME: "a dotted lowercase name such as gen_ai.request.model",
    r"^https?://\S+$": "an http:// or https:// URL",
}

_SIMPLE = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "a string",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "finite_number": "a finite number",
}


def problems_from(
    error: ValidationError, file: str, model: type[BaseModel], prefix: str = ""
) -> list[Problem]:
    return [_problem(detail, file, model, prefix) for detail in error.errors()]


def _problem(detail: dict, file: str, model: type[BaseModel], prefix: str) -> Problem:
    loc = tuple(detail["loc"])
    path = prefix + format_path(loc)
    kind = detail["type"]

    if kind == "missing":
        return Problem(file, path, "required, but not set")
    if kind == "extra_forbidden":
        return Problem(file, path, _known_key_text(model, loc), loc[-1])
    return Problem(file, path, _expected(detail), detail.get("input"))


def format_path(loc: tuple) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _expected(detail: dict) -> str:
    kind, ctx = detail["type"], detail.get("ctx") or {}
    bounds = {
        "greater_than_equal": ("a number at least", "ge"),
        "greater_than": ("a number greater than", "gt"),
        "less_than_equal": ("a number at most", "le"),
        "less_than": ("a number less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{words} {_number(ctx[key])}"
    if kind == "string_pattern_mismatch":
        return PATTERN_WORDS.get(ctx.get("pattern"), f"text matching {ctx.get('pattern')}")
    if kind == "literal_error":
        return _choice_text(ctx.get("expected", ""), detail.get("input"))
    if kind in ("too_short", "too_long"):
        return _length_text(kind, ctx)
    return _SIMPLE.get(kind, detail["msg"][0].lower() + detail["msg"][1:])


def _number(value: Any) -> str:
    """1.0 -> '1', 0.5 -> '0.5': bounds read the way people write them."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _choice_text(expected: str, given: Any) -> str:
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",")]
    choices = [c for c in choices if c]
    text = "one of " + ", ".join(repr(c) for c in choices)
    return text + _did_you_mean(given, choices)


def _length_text(kind: str, ctx: dict) -> str:
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} entries"
    return f"at most {ctx.get('max_length')} entries"


def _did_you_mean(given: Any, choices: list[str]) -> str:
    if not isinstance(given, str):
        return ""
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _known_key_text(model: type[BaseModel], loc: tuple) -> str:
    known = known_keys(model, loc[:-1]) or []
    text = "a known key" + _did_you_mean(loc[-1], known)
    return f"{text}; known keys: {', '.join(known)}" if known else text


def known_keys(model: type[BaseModel], loc: tuple) -> list[str] | None:
    """The keys (as users spell them) accepted at `loc` inside `model`, if it is a model."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [field.alias or name for name, field in current.model_fields.items()]
    return None


def _step(annotation: Any, part: Any) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is dict and len(args) == 2:
        return args[1]
    if origin is list and args:
        return args[0]
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] down to the type that has fields."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation
