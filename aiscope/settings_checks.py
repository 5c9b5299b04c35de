"""Stack-setting rules that involve more than one field."""

from __future__ import annotations

from .errors import Problem
from .quantities import cpu_millicores, memory_bytes
from .settings import Settings


def cross_check(settings: Settings, file: str) -> list[Problem]:
    return [*_requests_within_limits(settings, file), *_ingress_has_host(settings, file)]


def _requests_within_limits(settings: Settings, file: str) -> list[Problem]:
    problems = []
    for name, workload in settings.components:
        requests, limits = workload.resources.requests, workload.resources.limits
        base = f"aiscope:components.{name}.resources"
        if cpu_millicores(requests.cpu) > cpu_millicores(limits.cpu):
            expected = f"at most the CPU limit {limits.cpu!r}"
            problems.append(Problem(file, f"{base}.requests.cpu", expected, requests.cpu))
        if memory_bytes(requests.memory) > memory_bytes(limits.memory):
            expected = f"at most the memory limit {limits.memory!r}"
            problems.append(Problem(file, f"{base}.requests.memory", expected, requests.memory))
    return problems


def _ingress_has_host(settings: Settings, file: str) -> list[Problem]:
    ingress = settings.exposure.ingress
    if ingress.enabled and not ingress.host:
        path = "aiscope:exposure.ingress.host"
        return [Problem(file, path, "required when exposure.ingress.enabled is true, but not set")]
    return []
