"""A real Prometheus 3 on a loopback port, for the naming contract test.

The binary is the one tools/build-prometheus.sh builds from
tools/prometheus/go.mod: `AISCOPE_PROMETHEUS` names it (`make test` sets
it); without the variable, the build script's cache location is used. A
missing binary fails the test; it never skips.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from .ports import free_port
from .running_collector import REPO


def prometheus_binary() -> Path:
    configured = os.environ.get("AISCOPE_PROMETHEUS")
    if configured:
        path = Path(configured)
        if not path.is_file():
            pytest.fail(f"AISCOPE_PROMETHEUS={configured} does not exist")
        return path
    gomod = (REPO / "tools" / "prometheus" / "go.mod").read_text(encoding="utf-8")
    version = re.search(r"github\.com/prometheus/prometheus (v0\.3\d+\.\d+)", gomod).group(1)
    cache = Path(os.environ.get("AISCOPE_CACHE", Path.home() / ".cache" / "aiscope"))
    binary = cache / f"prometheus-{version}" / "prometheus"
    if not binary.is_file():
        pytest.fail(
            f"Prometheus is missing: AISCOPE_PROMETHEUS is unset and {binary} does not exist. "
            "Build it with `tools/build-prometheus.sh` (or run the tests through `make test`)."
        )
    return binary


class RunningPrometheus:
    """Prometheus with the OTLP receiver on, a temporary data directory, and `config`."""

    def __init__(self, config: dict, workdir: Path) -> None:
        self.config = config
        self.workdir = workdir
        self.port = free_port()
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> RunningPrometheus:
        config_path = self.workdir / "prometheus.yaml"
        config_path.write_text(yaml.safe_dump(self.config, sort_keys=False), encoding="utf-8")
        log = (self.workdir / "prometheus.log").open("ab")
        self._process = subprocess.Popen(
            [
                str(prometheus_binary()),
                f"--config.file={config_path}",
                f"--storage.tsdb.path={self.workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--web.enable-otlp-receiver",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready(timeout=60)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._process is not None
        self._process.terminate()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()

    def api(self, path: str, **params: str) -> object:
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=10) as response:
            body = json.loads(response.read())
        assert body["status"] == "success", body
        return body["data"]

    def series(self, match: str) -> list[dict[str, str]]:
        return self.api("/api/v1/series", **{"match[]": match})

    def metric_names(self) -> set[str]:
        return set(self.api("/api/v1/label/__name__/values"))

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                log = (self.workdir / "prometheus.log").read_text(errors="replace")
                pytest.fail(f"Prometheus exited at start:\n{log[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"Prometheus was not ready after {timeout}s")
