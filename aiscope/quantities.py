"""Parsing of the quantities people write in stack files.

Kubernetes CPU and memory quantities and retention durations are kept as the
strings the user wrote (so manifests show them unchanged) and parsed here
only where arithmetic is needed: comparing requests with limits, sizing the
collector's memory limiter, converting retention to hours.
"""

from __future__ import annotations

import re

CPU_PATTERN = r"^([0-9]+(\.[0-9]+)?|[0-9]+m)$"
MEMORY_PATTERN = r"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$"
DURATION_PATTERN = r"^[0-9]+(s|m|h|d|w)$"

_MEMORY_FACTORS = {
    "": 1,
    "k": 1000,
    "M": 1000**2,
    "G": 1000**3,
    "T": 1000**4,
    "Ki": 1024,
    "Mi": 1024**2,
    "Gi": 1024**3,
    "Ti": 1024**4,
}
_DURATION_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def cpu_millicores(quantity: str) -> int:
    """'500m' -> 500, '2' -> 2000."""
    if quantity.endswith("m"):
        return int(quantity[:-1])
    return round(float(quantity) * 1000)


def memory_bytes(quantity: str) -> int:
    """'512Mi' -> 536870912, '1G' -> 1000000000."""
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", quantity)
    if not match or match.group(2) not in _MEMORY_FACTORS:
        raise ValueError(f"not a memory quantity: {quantity!r}")
    return int(float(match.group(1)) * _MEMORY_FACTORS[match.group(2)])


def memory_mib(quantity: str) -> int:
    return memory_bytes(quantity) // (1024 * 1024)


def duration_seconds(duration: str) -> int:
    """'30d' -> 2592000."""
    return int(duration[:-1]) * _DURATION_SECONDS[duration[-1]]


def duration_hours(duration: str) -> int:
    """Whole hours, rounded up, because Tempo and Loki take retention in hours."""
    return -(-duration_seconds(duration) // 3600)
