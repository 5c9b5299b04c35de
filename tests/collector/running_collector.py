"""Run the aiscope collector binary on a generated config, for as long as a test needs.

The binary is the one tools/build-otelcol.sh builds from
tools/otelcol/builder-config.yaml: `AISCOPE_OTELCOL` names it (`make test`
sets it); without the variable, the build script's cache location for the
current manifest is used. A missing binary fails the test with the command
that builds it; it never skips.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from aiscope.collector.endpoints import Endpoints
from aiscope.collector.rendering import to_yaml

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "tools" / "otelcol" / "builder-config.yaml"
# A fixed test key: the HMAC assertions recompute hashes with it.
HASH_KEY = "aiscope-test-hmac-key-0123456789abcdef0123456789"


def otelcol_binary() -> Path:
    configured = os.environ.get("AISCOPE_OTELCOL")
    if configured:
        path = Path(configured)
        if not path.is_file():
            pytest.fail(f"AISCOPE_OTELCOL={configured} does not exist; run tools/build-otelcol.sh")
        return path
    return _cached_binary()


def _cached_binary() -> Path:
    # Same key as tools/build-otelcol.sh: the first 12 hex digits of the
    # manifest's sha256, under $AISCOPE_CACHE (default ~/.cache/aiscope).
    cache = Path(os.environ.get("AISCOPE_CACHE", Path.home() / ".cache" / "aiscope"))
    key = hashlib.sha256(MANIFEST.read_bytes()).hexdigest()[:12]
    binary = cache / "otelcol" / key / "otelcol-aiscope"
    if not binary.is_file():
        pytest.fail(
            "the collector binary is missing: AISCOPE_OTELCOL is unset and "
            f"{binary} does not exist. Build it with `tools/build-otelcol.sh` "
            "(or run the tests through `make test`)."
        )
    return binary


def collector_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"USER_ID_HASH_KEY": HASH_KEY, "MY_POD_IP": "127.0.0.1", "K8S_NODE_NAME": "test"})
    env.update(extra)
    return env


def validate(config: dict, workdir: Path, name: str = "config") -> subprocess.CompletedProcess:
    """`otelcol validate` on the config; returns the finished process."""
    path = workdir / f"{name}.yaml"
    path.write_text(to_yaml(config), encoding="utf-8")
    return subprocess.run(
        [str(otelcol_binary()), "validate", f"--config={path}"],
        env=collector_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


class RunningCollector:
    """A collector process on `config`; ready once its health check answers."""

    def __init__(self, config: dict, endpoints: Endpoints, workdir: Path, name: str = "gateway"):
        self.config = config
        self.endpoints = endpoints
        self.workdir = workdir
        self.name = name
        self.log_path = workdir / f"{name}.log"
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> RunningCollector:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        config_path = self.workdir / f"{self.name}.yaml"
        config_path.write_text(to_yaml(self.config), encoding="utf-8")
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [str(otelcol_binary()), f"--config={config_path}"],
            env=collector_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait_healthy(timeout=60)

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def self_metrics(self) -> str:
        """The collector's own metrics in Prometheus text format."""
        url = f"http://127.0.0.1:{self.endpoints.metrics_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()

    def _wait_healthy(self, timeout: float) -> None:
        url = f"http://127.0.0.1:{self.endpoints.health_port}/"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                pytest.fail(f"the {self.name} collector exited at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(
            f"the {self.name} collector was not healthy after {timeout}s:\n{self.log_tail()}"
        )
