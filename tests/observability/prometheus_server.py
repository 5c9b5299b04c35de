"""A real Prometheus for tests: own data dir, free loopback port, stopped on exit.

Data is backfilled into the data directory with promtool before the server
starts (`backfill_openmetrics`, `backfill_rules`), because Prometheus only
loads blocks at start-up. Queries go through the HTTP API, like Grafana's.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

READY_TIMEOUT_SECONDS = 60


class PrometheusError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrometheusServer:
    """`with PrometheusServer(binary, data_dir) as prom: prom.query(...)`."""

    def __init__(
        self,
        binary: Path,
        data_dir: Path,
        rule_files: list[Path] = (),
        extra_args: list[str] = (),
    ) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.rule_files = list(rule_files)
        self.extra_args = list(extra_args)
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> PrometheusServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        config = self.data_dir.parent / f"{self.data_dir.name}-prometheus.yml"
        config.write_text(json.dumps({"rule_files": [str(p) for p in self.rule_files]}))
        self.port = free_port()
        log = open(self.data_dir.parent / f"{self.data_dir.name}-prometheus.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(self.binary),
                f"--config.file={config}",
                f"--storage.tsdb.path={self.data_dir}",
                "--storage.tsdb.retention.time=100y",  # backfilled data is old by the clock
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--query.lookback-delta=5m",
                *self.extra_args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_ready()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PrometheusError(f"prometheus exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        raise PrometheusError(f"prometheus not ready after {READY_TIMEOUT_SECONDS}s")

    def api(self, path: str, params: dict[str, str] | list[tuple[str, str]]) -> dict:
        """GET an API path; returns `data`, raises PrometheusError with the server's error."""
        url = f"{self.url}/api/v1/{path}?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:
            body = json.load(error)
        if body.get("status") != "success":
            raise PrometheusError(f"{body.get('errorType')}: {body.get('error')}")
        return body["data"]

    def query(self, expr: str, at: float) -> list[dict]:
        return self.api("query", {"query": expr, "time": str(at)})["result"]

    def query_range(self, expr: str, start: float, end: float, step: str) -> list[dict]:
        params = {"query": expr, "start": str(start), "end": str(end), "step": step}
        return self.api("query_range", params)["result"]

    def timed(self, expr: str, start: float, end: float, step: str | None) -> float:
        """Seconds Prometheus spent evaluating the query (its own `stats` timings)."""
        if step is None:
            params = {"query": expr, "time": str(end), "stats": "all"}
            data = self.api("query", params)
        else:
            params = {"query": expr, "start": str(start), "end": str(end), "step": step}
            data = self.api("query_range", {**params, "stats": "all"})
        return float(data["stats"]["timings"]["evalTotalTime"])

    def label_values(self, label: str, match: str) -> list[str]:
        return self.api(f"label/{label}/values", [("match[]", match)])

    def rule_groups(self) -> list[dict]:
        return self.api("rules", {})["groups"]


def backfill_openmetrics(promtool: Path, text: str, data_dir: Path) -> None:
    """Write OpenMetrics text into TSDB blocks in `data_dir` (Prometheus must be stopped)."""
    source = data_dir.parent / f"{data_dir.name}.om"
    source.write_text(text, encoding="utf-8")
    data_dir.mkdir(parents=True, exist_ok=True)
    _run(
        [
            str(promtool),
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "-q",
            str(source),
            str(data_dir),
        ]
    )


def backfill_rules(
    promtool: Path, server_url: str, rule_file: Path, start: float, end: float, out: Path
) -> None:
    """Evaluate the recording rules of `rule_file` over [start, end] into blocks in `out`."""
    _run(
        [
            str(promtool), "tsdb", "create-blocks-from", "rules", "-q",
            f"--url={server_url}", f"--start={int(start)}", f"--end={int(end)}",
            f"--output-dir={out}", str(rule_file),
        ]
    )  # fmt: skip


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise PrometheusError(f"{' '.join(command[:4])} failed:\n{result.stdout}{result.stderr}")
