"""Benchmark: the generated gateway pipeline against a pass-through collector.

The same collector binary runs two configs in turn, each fed by telemetrygen
(unthrottled, several workers) for a fixed time and exporting to a second
collector that discards everything (OTLP in, the debug exporter at its
quietest):

  (a) pass-through: OTLP in, batch, OTLP out;
  (b) the gateway config generated for the prod stack (allow-list mode,
      blocklists, overrides, price table), its trace buffer sized for the
      offered load (sampling.expectedTracesPerSecond), exporting Tempo, Loki
      and Prometheus traffic to the discarding collector.

Spans carry the attributes an AI route sends, in the tutorial's alias
spelling (so every rename, the PII scan of a prompt with a phone number, the
user-id hash and the cost computation have work to do). telemetrygen names
its spans itself; for (b) one statement renames its root spans to `ai.call`
so that every derived metric is computed. That statement is the only change
to the generated config and only adds work.

Reported per config: spans accepted per second (the collector's own
receiver counter over the run), CPU microseconds per span of the collector
process (its cost, free of the noise of sharing two cores with the load
generator), and peak resident memory (VmHWM). Further rows run (b) with
one part taken out at a time, which prices each part.

    .venv/bin/python bench/collector.py                # print the table
    .venv/bin/python bench/collector.py --write-docs   # and update docs/BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import logging
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from aiscope.collector import Endpoints, gateway_config, to_yaml  # noqa: E402
from aiscope.loading import load_stack  # noqa: E402
from bench.docs_section import write_section  # noqa: E402

log = logging.getLogger("bench.collector")

DOCS = PROJECT / "docs" / "BENCHMARKS.md"
SECTION = "## Collector: generated pipeline vs pass-through"
STACK = "prod"
TARGET = 0.5  # the generated pipeline should keep at least half the pass-through throughput
HASH_KEY = "bench-hmac-key-0123456789abcdef0123456789abcdef"
CHILD_SPANS = 3
SPAN_ATTRIBUTES = {
    "ai.route": '"chat"',
    "ai.model": '"gpt-4o-mini"',
    "ai.provider": '"openai"',
    "ai.tenant_id": '"acme"',
    "ai.user_id": '"user-1234"',
    "ai.input_tokens": "120",
    "ai.output_tokens": "80",
    "ai.latency_ms": "420",
    "ai.prompt": '"please call me at +44 20 7946 0958 about order 1234"',
}


@dataclass(frozen=True)
class Result:
    label: str
    spans_per_second: float
    spans_per_cpu_second: float
    peak_rss_mib: float
    refused: float


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", stream=sys.stderr)
    binaries = _binaries()
    with tempfile.TemporaryDirectory(prefix="aiscope-bench-collector-") as scratch:
        workdir = Path(scratch)
        results = [
            _measure(label, make, binaries, workdir / str(index), args)
            for index, (label, make) in enumerate(_configs())
        ]
    section = _section(results, args)
    print(section)
    if args.write_docs:
        write_section(SECTION, section)
    return 0


def _configs() -> list[tuple[str, object]]:
    """(a), (b), then (b) with one part taken out at a time, to price each part."""
    return [
        (PASS_THROUGH, _pass_through),
        (GENERATED, _generated),
        *[(f"(b) without {part}", _without(part, change)) for part, change in ABLATIONS.items()],
    ]


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per config")
    parser.add_argument("--workers", type=int, default=4, help="telemetrygen workers")
    parser.add_argument(
        "--traces-per-second",
        type=int,
        default=2500,
        help="expected load the gateway's trace buffer is sized for",
    )
    return parser.parse_args(argv)


# --- tools -----------------------------------------------------------------


@dataclass(frozen=True)
class Binaries:
    otelcol: Path
    telemetrygen: Path


def _binaries() -> Binaries:
    cache = Path(os.environ.get("AISCOPE_CACHE", Path.home() / ".cache" / "aiscope"))
    manifest = PROJECT / "tools" / "otelcol" / "builder-config.yaml"
    key = hashlib.sha256(manifest.read_bytes()).hexdigest()[:12]
    version = re.search(r"^\s+version:\s*(\S+)", manifest.read_text(), re.M).group(1)
    otelcol = Path(os.environ.get("AISCOPE_OTELCOL") or cache / "otelcol" / key / "otelcol-aiscope")
    telemetrygen = Path(
        os.environ.get("AISCOPE_TELEMETRYGEN")
        or cache / "bin" / f"telemetrygen-{version}" / "telemetrygen"
    )
    for path, script in ((otelcol, "build-otelcol.sh"), (telemetrygen, "build-telemetrygen.sh")):
        if not path.is_file():
            raise SystemExit(f"missing {path}: run tools/{script} (or `make bench`)")
    return Binaries(otelcol, telemetrygen)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- configs ---------------------------------------------------------------


@dataclass(frozen=True)
class Ports:
    grpc: int
    http: int
    metrics: int
    health: int

    @classmethod
    def fresh(cls) -> Ports:
        return cls(_free_port(), _free_port(), _free_port(), _free_port())


def _telemetry(ports: Ports) -> dict:
    reader = {"pull": {"exporter": {"prometheus": {"host": "127.0.0.1", "port": ports.metrics}}}}
    return {"metrics": {"readers": [reader]}, "logs": {"level": "warn"}}


def _otlp(ports: Ports) -> dict:
    return {
        "protocols": {
            "grpc": {"endpoint": f"127.0.0.1:{ports.grpc}"},
            "http": {"endpoint": f"127.0.0.1:{ports.http}"},
        }
    }


def _discarding_sink(ports: Ports) -> dict:
    debug = {"debug": {"verbosity": "basic", "sampling_initial": 1, "sampling_thereafter": 1000}}
    pipeline = {"receivers": ["otlp"], "exporters": ["debug"]}
    return {
        "receivers": {"otlp": _otlp(ports)},
        "exporters": debug,
        "extensions": {"health_check": {"endpoint": f"127.0.0.1:{ports.health}"}},
        "service": {
            "extensions": ["health_check"],
            "telemetry": _telemetry(ports),
            "pipelines": {signal: pipeline for signal in ("traces", "metrics", "logs")},
        },
    }


def _pass_through(ports: Ports, sink: Ports, workdir: Path, args: argparse.Namespace) -> dict:
    exporter = {"otlp_grpc": {"endpoint": f"127.0.0.1:{sink.grpc}", "tls": {"insecure": True}}}
    pipeline = {"receivers": ["otlp"], "processors": ["batch"], "exporters": ["otlp_grpc"]}
    return {
        "receivers": {"otlp": _otlp(ports)},
        "processors": {"batch": {}},
        "exporters": exporter,
        "extensions": {"health_check": {"endpoint": f"127.0.0.1:{ports.health}"}},
        "service": {
            "extensions": ["health_check"],
            "telemetry": _telemetry(ports),
            "pipelines": {"traces": pipeline},
        },
    }


def _generated(ports: Ports, sink: Ports, workdir: Path, args: argparse.Namespace) -> dict:
    model = load_stack(PROJECT, STACK)
    sampling = model.settings.sampling.model_copy(
        update={"expected_traces_per_second": args.traces_per_second}
    )
    model = dataclasses.replace(
        model, settings=model.settings.model_copy(update={"sampling": sampling})
    )
    endpoints = Endpoints(
        tempo_otlp_grpc=f"127.0.0.1:{sink.grpc}",
        loki_otlp_http=f"http://127.0.0.1:{sink.http}",
        prometheus_otlp_metrics=f"http://127.0.0.1:{sink.http}/v1/metrics",
        gateway_otlp_grpc="127.0.0.1:9",
        gateway_headless="unused.bench",
        queue_dir=str(workdir / "queue"),
        listen_host="127.0.0.1",
        otlp_grpc_port=ports.grpc,
        otlp_http_port=ports.http,
        metrics_port=ports.metrics,
        health_port=ports.health,
    )
    config = gateway_config(model, endpoints)
    # telemetrygen names its root spans "lets-go"; make them model calls (see docstring).
    span_group = config["processors"]["transform/normalize"]["trace_statements"][1]
    span_group["statements"].insert(0, 'set(span.name, "ai.call") where span.name == "lets-go"')
    config["service"]["telemetry"]["logs"] = {"level": "warn"}
    return config


def _drop_processor(pipeline: str, processor: str):
    def change(config: dict) -> None:
        steps = config["service"]["pipelines"][pipeline]["processors"]
        steps.remove(processor)

    return change


def _drop_derive(config: dict) -> None:
    for pipeline in ("traces/derive", "metrics/derived"):
        del config["service"]["pipelines"][pipeline]
    del config["connectors"]


# Parts of the generated config whose cost the ablation rows isolate.
ABLATIONS = {
    "PII masking": _drop_processor("traces", "redaction/pii"),
    "the metrics derived from spans": _drop_derive,
    "tail sampling": _drop_processor("traces", "tail_sampling"),
    "normalization (sampled copy)": _drop_processor("traces", "transform/normalize"),
}
PASS_THROUGH = "(a) pass-through"
GENERATED = "(b) generated gateway, prod"


def _without(part: str, change):
    def make(ports: Ports, sink: Ports, workdir: Path, args: argparse.Namespace) -> dict:
        config = _generated(ports, sink, workdir, args)
        change(config)
        return config

    return make


# --- one measurement -------------------------------------------------------


class Collector:
    def __init__(self, binary: Path, config: dict, ports: Ports, workdir: Path, name: str):
        workdir.mkdir(parents=True, exist_ok=True)
        path = workdir / f"{name}.yaml"
        path.write_text(to_yaml(config), encoding="utf-8")
        env = dict(os.environ, USER_ID_HASH_KEY=HASH_KEY, MY_POD_IP="127.0.0.1")
        self.ports = ports
        self.log = workdir / f"{name}.log"
        self.process = subprocess.Popen(
            [str(binary), f"--config={path}"],
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"collector exited:\n{self.log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.ports.health}/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("collector not healthy after 60 s")

    def counter(self, name: str) -> float:
        url = f"http://127.0.0.1:{self.ports.metrics}/metrics"
        text = urllib.request.urlopen(url, timeout=5).read().decode()
        return sum(float(v) for v in re.findall(rf"^{name}(?:{{[^}}]*}})? (\S+)$", text, re.M))

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


ACCEPTED = "otelcol_receiver_accepted_spans(?:_total)?"
REFUSED = "otelcol_receiver_refused_spans(?:_total)?"


def _measure(label, make_config, binaries: Binaries, workdir: Path, args) -> Result:
    log.info("measuring %s for %d s", label, args.duration)
    sink_ports, ports = Ports.fresh(), Ports.fresh()
    sink = Collector(binaries.otelcol, _discarding_sink(sink_ports), sink_ports, workdir, "sink")
    collector = Collector(
        binaries.otelcol, make_config(ports, sink_ports, workdir, args), ports, workdir, "measured"
    )
    try:
        cpu_before, accepted_before = collector.cpu_seconds(), collector.counter(ACCEPTED)
        started = time.monotonic()
        _load(binaries.telemetrygen, ports, args)
        elapsed = time.monotonic() - started
        accepted = collector.counter(ACCEPTED) - accepted_before
        cpu = collector.cpu_seconds() - cpu_before
        result = Result(
            label=label,
            spans_per_second=accepted / elapsed,
            spans_per_cpu_second=accepted / cpu if cpu else 0.0,
            peak_rss_mib=collector.peak_rss_mib(),
            refused=collector.counter(REFUSED),
        )
    finally:
        collector.stop()
        sink.stop()
    log.info("%s", result)
    return result


def _load(telemetrygen: Path, ports: Ports, args: argparse.Namespace) -> None:
    command = [
        str(telemetrygen),
        "traces",
        "--otlp-endpoint",
        f"127.0.0.1:{ports.grpc}",
        "--otlp-insecure",
        "--rate",
        "0",
        "--workers",
        str(args.workers),
        "--duration",
        f"{args.duration}s",
        "--child-spans",
        str(CHILD_SPANS),
        "--service",
        "chat-service",
        "--allow-export-failures",
    ]
    for key, value in SPAN_ATTRIBUTES.items():
        command += ["--telemetry-attributes", f"{key}={value}"]
    subprocess.run(command, check=True, capture_output=True, timeout=args.duration + 120)


# --- report ----------------------------------------------------------------


def _section(results: list[Result], args: argparse.Namespace) -> str:
    by_label = {result.label: result for result in results}
    passthrough, generated = by_label[PASS_THROUGH], by_label[GENERATED]
    ratio = generated.spans_per_second / passthrough.spans_per_second
    cpu_ratio = generated.spans_per_cpu_second / passthrough.spans_per_cpu_second
    verdict = "met" if ratio >= TARGET else "**not met**"
    return "\n".join(
        [
            SECTION,
            "",
            f"One collector binary (0.160.0), {args.duration} s of unthrottled telemetrygen load "
            f"({args.workers} workers, traces of {CHILD_SPANS + 1} spans carrying an AI route's "
            "attributes in the tutorial's spelling) per config, exporting to a second collector "
            f"that discards everything; {platform.machine()}, {os.cpu_count()} cores shared by "
            "the load generator and both collectors. CPU is the collector process's own "
            "(user + system).",
            "",
            "| Config | Spans/s accepted | CPU µs per span | Peak RSS (MiB) | Spans refused |",
            "|---|---:|---:|---:|---:|",
            *[_row(result) for result in results],
            "",
            f"(b)/(a) throughput = {ratio:.2f} (target at least {TARGET}: {verdict}). "
            f"Per CPU-second the generated pipeline does {cpu_ratio:.2f} of the pass-through's "
            "work: here the load generator, not the collector, limits (a), so spans/s flatters "
            "(b); on a machine where the collector is the bottleneck, expect the CPU ratio.",
            "",
            *_explanation(by_label, args),
            "",
            "Reproduce: `make bench`, or `tools/build-telemetrygen.sh && .venv/bin/python "
            "bench/collector.py --write-docs` (options: `--duration 15 --workers 4 "
            "--traces-per-second 2500`).",
            "",
        ]
    )


def _row(result: Result) -> str:
    return (
        f"| {result.label} | {result.spans_per_second:,.0f} | {_micros(result):.0f} "
        f"| {result.peak_rss_mib:.0f} | {result.refused:,.0f} |"
    )


def _micros(result: Result) -> float:
    return 1e6 / result.spans_per_cpu_second if result.spans_per_cpu_second else 0.0


def _explanation(by_label: dict[str, Result], args: argparse.Namespace) -> list[str]:
    full = _micros(by_label[GENERATED])
    base = _micros(by_label[PASS_THROUGH])
    cost = {part: full - _micros(by_label[f"(b) without {part}"]) for part in ABLATIONS}
    parts = "; ".join(f"{part} {value:+.0f} µs" for part, value in cost.items())
    return [
        "What (b) pays for, per span: the CPU of the full config minus that of the config "
        f"without the part ({parts}; the runs are noisy to a few µs), on top of the "
        f"pass-through's own receive, batch and export (~{base:.0f} µs).",
        "",
        "- PII masking runs 19 regular expressions over every string and number of every "
        "span and dominates. Joining them into one alternation was tried and measured "
        "slower: Go's regexp runs long alternations on its general matcher.",
        "- Normalization runs about 55 renames per attribute map, each a map lookup (and a "
        "move when the alias is there: this load is spelt entirely in aliases, the worst "
        "case), plus one regular expression per key to delete the aliases. The derive "
        "pipeline normalizes only what the metrics read. Guarding the renames with one "
        "expression over the map's keys was tried and measured slower.",
        "- The derived metrics cost one more copy of each batch (the receiver feeds two trace "
        "pipelines) and nine metric definitions per span.",
        "- Tail sampling costs memory rather than CPU: without it every span is exported, "
        "which costs more CPU than holding traces and dropping most of them (hence a "
        "negative difference), but the resident set falls to the pass-through's. The gateway "
        f"is sized for {args.traces_per_second} traces/s and prod's 15 s decision wait, so "
        f"num_traces is {args.traces_per_second * 15 * 2:,}; memory grows with the traces held.",
        "- The rest: the user-id HMAC, the content policy and allow-list, and exporting to "
        "three backends instead of one.",
    ]


if __name__ == "__main__":
    sys.exit(main())
