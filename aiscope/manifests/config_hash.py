"""The pod-template annotation that rolls a workload when its config changes.

Kubernetes restarts pods only when their template changes; a new ConfigMap
alone goes unnoticed. The sha256 of every config a pod mounts is written
into its template, so a changed config means a changed template and a
rollout, and an unchanged one leaves the rendered output identical.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

ANNOTATION = "checksum/config"


def config_checksum(files: Mapping[str, str]) -> str:
    """sha256 over file names and contents, independent of the mapping's order."""
    canonical = json.dumps(sorted(files.items()), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def checksum_annotation(files: Mapping[str, str]) -> dict[str, str]:
    return {ANNOTATION: config_checksum(files)}
