"""Logs the agent redacted must not have their user-id hash hashed again.

The agent applies the same redaction as the gateway before its logs leave
the node, so user.id arrives at the gateway already as an HMAC. Hashed a
second time it would no longer equal the hash on the same user's spans, and
logs could not be joined with traces by user. So the agent stamps its logs'
resource with `aiscope.redacted_by: otel-agent`; the gateway moves their
hashed attributes aside before its hashing processor runs and puts them
back after it (the PII processor leaves the parked keys alone), then drops
the stamp.
"""

from __future__ import annotations

from ..conventions import collector as names
from . import ottl
from .redaction import parked_key

_FROM_AGENT = (
    f"{ottl.key('resource.attributes', names.REDACTED_BY_ATTRIBUTE)}"
    f" == {ottl.string(names.REDACTED_BY_AGENT)}"
)


def mark_processor() -> dict:
    """The agent's last transform: stamp what it has redacted."""
    stamp = f"set({ottl.key('resource.attributes', names.REDACTED_BY_ATTRIBUTE)}, "
    stamp += f"{ottl.string(names.REDACTED_BY_AGENT)})"
    return {
        "error_mode": "ignore",
        "log_statements": [{"context": "resource", "statements": [stamp]}],
    }


def park_statements(hashed: list[str]) -> list[str]:
    """Log-context statements for the gateway, before its hashing processor."""
    statements = []
    for attribute in hashed:
        source = ottl.key("log.attributes", attribute)
        target = ottl.key("log.attributes", parked_key(attribute))
        statements.append(ottl.where(f"set({target}, {source})", _FROM_AGENT, f"{source} != nil"))
        statements.append(
            ottl.where(f"delete_key(log.attributes, {ottl.string(attribute)})", _FROM_AGENT)
        )
    return statements


def restore_statements(hashed: list[str]) -> list[str]:
    """Log-context statements for the gateway, after its PII processor."""
    statements = []
    for attribute in hashed:
        parked = ottl.key("log.attributes", parked_key(attribute))
        target = ottl.key("log.attributes", attribute)
        statements.append(ottl.where(f"set({target}, {parked})", f"{parked} != nil"))
        statements.append(f"delete_key(log.attributes, {ottl.string(parked_key(attribute))})")
    return statements


def unmark_statement() -> str:
    """Resource-context statement: the stamp has served its purpose."""
    return f"delete_key(resource.attributes, {ottl.string(names.REDACTED_BY_ATTRIBUTE)})"
