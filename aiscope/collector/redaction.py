"""The two redaction processors: keyed hashing of identifiers, then PII masking.

Hashing. Attributes the schema marks `pii: hash` (user.id) are replaced by
HMAC-SHA256 of their value, keyed with the stack's secret (the pod gets it
as the USER_ID_HASH_KEY environment variable from a Kubernetes Secret; the
config only names the variable). Collector 0.160 has no keyed hash in OTTL
(only SHA256 and friends, which anyone can recompute for a guessed user
id), but the redaction processor hashes the values of keys matching
`blocked_key_patterns` with `hash_function: hmac-sha256` and `hmac_key`.
That processor therefore runs once, configured for the hashed keys only.
It needs a key of at least 32 bytes, which `openssl rand -hex 32` gives.

Masking. A second redaction processor masks every match of the PII
patterns (pii_patterns.py) in every attribute of every signal, span events,
resources and log bodies, numbers included (a card number sent as an
integer). The hashed attributes are exempt: a hex digest is not PII, and
masking it would break correlation by user.

Hashing comes first so that a user id that happens to be an e-mail address
is hashed whole instead of being masked to the same `****` for everyone.
"""

from __future__ import annotations

import re

from ..conventions import collector as names
from ..conventions import kubernetes as k8s
from ..telemetry_schema import TelemetrySchema
from . import ottl, pii_patterns

HASH_KEY = f"${{env:{k8s.USER_ID_HASH_KEY_ENV}}}"


def hashed_attributes(schema: TelemetrySchema) -> list[str]:
    return sorted(name for name, a in schema.all_attributes().items() if a.pii == "hash")


def hashed_keys(schema: TelemetrySchema) -> list[str]:
    """Hashed attributes and their aliases: log body maps keep their own spellings."""
    attributes = schema.all_attributes()
    keys = set(hashed_attributes(schema))
    for name in hashed_attributes(schema):
        keys.update(alias.name for alias in attributes[name].aliases)
    return sorted(keys)


def parked_key(attribute: str) -> str:
    """Where the gateway keeps a hash the agent already computed (see agent_marker.py)."""
    return names.PARKED_HASH_PREFIX + attribute


def hash_processor(schema: TelemetrySchema) -> dict | None:
    keys = hashed_keys(schema)
    if not keys:
        return None
    return {
        "allow_all_keys": True,
        "blocked_key_patterns": [ottl.names_regex(keys)],
        "hash_function": "hmac-sha256",
        "hmac_key": HASH_KEY,
        "summary": "silent",
    }


def pii_processor(schema: TelemetrySchema) -> dict:
    exempt = hashed_keys(schema) + [parked_key(a) for a in hashed_attributes(schema)]
    return {
        "allow_all_keys": True,
        "ignored_keys": exempt,
        "redact_all_types": True,
        "blocked_values": pii_patterns.blocked_values(),
        "summary": "silent",
    }


def _check_patterns() -> None:
    # Fail at import rather than in the collector: Python's re accepts most of
    # RE2's syntax, and `$` must never appear (see pii_patterns.py).
    for pattern in pii_patterns.PII_PATTERNS:
        if "$" in pattern.regex:
            raise ValueError(f"PII pattern {pattern.name} contains '$'")
        re.compile(pattern.regex)


_check_patterns()
