"""Benchmark: dashboard queries on recorded series against the same queries on raw series.

Fills a real Prometheus 3 with synthetic series at a realistic cardinality
(by default 500 tenants, each on a few of 20 routes; each route on a few of
10 models; each tenant served from one of two regions), backfills the prod
stack's recording rules over it, then runs every PromQL panel query of every
dashboard twice: as generated (reading recorded series) and with every
recorded series replaced by its defining expression (what a dashboard
without recording rules would run). Each query runs several times; the
figure is the median of Prometheus' own evaluation time (`stats=all`).

    .venv/bin/python bench/queries.py                  # print the table
    .venv/bin/python bench/queries.py --write-docs     # and update docs/BENCHMARKS.md

Needs Prometheus and promtool (AISCOPE_PROMETHEUS / AISCOPE_PROMTOOL or the
cache `make prometheus` fills). Takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from aiscope.checks import find_prometheus_binary  # noqa: E402
from aiscope.dashboards import MODULES, dashboards  # noqa: E402
from aiscope.dashboards.inventory import CHECK_VALUES, dashboard_queries, substitute  # noqa: E402
from aiscope.dashboards.render import to_json  # noqa: E402
from aiscope.generate import load_all  # noqa: E402
from bench.docs_section import write_section  # noqa: E402
from tests.observability import loaded_prometheus, synthetic  # noqa: E402

log = logging.getLogger("bench.queries")

DOCS = PROJECT / "docs" / "BENCHMARKS.md"
SECTION = "## Dashboards: recording rules vs raw queries"
MINUTE = 60
RANGE = 60 * MINUTE  # what each panel shows: the last hour
STEP = "60s"
SERVER_ARGS = ["--query.max-samples=500000000", "--query.timeout=10m"]


@dataclass(frozen=True)
class Timing:
    dashboard: str
    panel: str
    recorded: float
    raw: float


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    model = next(model for model in load_all(PROJECT) if model.stack == "prod")
    shape = replace(
        synthetic.Shape(),
        tenants=tuple(f"tenant-{n:03d}" for n in range(args.tenants)),
        routes=tuple(f"route-{n:02d}" for n in range(args.routes)),
        models={f"model-{n:02d}": f"provider-{n % 4}" for n in range(args.models)},
        routes_per_tenant=3,
        models_per_route=2,
        regions_per_tenant=1,
    )
    scenario = synthetic.Scenario(
        shape, loaded_prometheus.END - args.hours * 3600, loaded_prometheus.END
    )

    with tempfile.TemporaryDirectory(prefix="aiscope-bench-") as workdir:
        started = time.monotonic()
        server = _load(model, scenario, Path(workdir))
        series = _series_count(server)
        log.info("loaded %d series in %.0fs", series, time.monotonic() - started)
        try:
            timings = _measure(server, model, args.repeat)
        finally:
            server.stop()

    table = _table(timings) + "\n\n" + _slowest(timings)
    print(table)
    if args.write_docs:
        write_section(SECTION, _section(table, shape, series, args))
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--routes", type=int, default=20)
    parser.add_argument("--models", type=int, default=10)
    parser.add_argument("--hours", type=int, default=2, help="synthetic history to backfill")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query; the median counts")
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")
    return parser.parse_args(argv)


def _load(model, scenario: synthetic.Scenario, workdir: Path):
    prometheus = find_prometheus_binary(PROJECT, "prometheus")
    promtool = find_prometheus_binary(PROJECT, "promtool")
    if prometheus is None or promtool is None:
        sys.exit(
            "Prometheus and promtool are needed: run `make prometheus` or set AISCOPE_PROMETHEUS"
        )
    text = synthetic.openmetrics(scenario)
    log.info("synthetic data: %.0f MB of OpenMetrics", len(text) / 1e6)
    window = (scenario.start, scenario.end)
    return loaded_prometheus.load(
        prometheus, promtool, model, text, workdir, window=window, extra_args=SERVER_ARGS
    )


def _series_count(server) -> int:
    return int(server.query("count({__name__=~'.+'})", loaded_prometheus.END)[0]["value"][1])


def _panel_queries(model, raw: bool) -> list[tuple[str, str, str, bool]]:
    """(dashboard title, panel and query, PromQL with "All" selected, instant?) of every panel."""
    titles = {module.KEY: module.TITLE for module in MODULES}
    found = []
    for key, board in dashboards(model, raw=raw).items():
        for query in dashboard_queries(key, to_json(board)):
            if query.lang == "promql" and not query.values_of:
                where = query.where.split(": ", 1)[1]
                found.append(
                    (titles[key], where, substitute(query.text, CHECK_VALUES), query.instant)
                )
    return found


def _median_seconds(server, expr: str, instant: bool, repeat: int) -> float:
    end = loaded_prometheus.END
    step = None if instant else STEP
    server.timed(expr, end - RANGE, end, step)  # warm the caches once
    return statistics.median(server.timed(expr, end - RANGE, end, step) for _ in range(repeat))


def _measure(server, model, repeat: int) -> list[Timing]:
    recorded, raw = _panel_queries(model, raw=False), _panel_queries(model, raw=True)
    timings = []
    for (title, where, fast, instant), (_, _, slow, _) in zip(recorded, raw, strict=True):
        if fast == slow:
            continue  # reads the collector's series directly; nothing to compare
        timing = Timing(title, where, _median_seconds(server, fast, instant, repeat),
                        _median_seconds(server, slow, instant, repeat))  # fmt: skip
        log.info("%-22s %-60s %8.4fs %8.4fs", title, where[:60], timing.recorded, timing.raw)
        timings.append(timing)
    return timings


def _table(timings: list[Timing]) -> str:
    lines = [
        "| Dashboard | Queries | Recorded (ms) | Raw (ms) | Raw / recorded |",
        "|---|---:|---:|---:|---:|",
    ]
    for title in dict.fromkeys(t.dashboard for t in timings):
        own = [t for t in timings if t.dashboard == title]
        lines.append(_row(title, own))
    lines.append(_row("**All dashboards**", timings))
    return "\n".join(lines)


def _row(title: str, timings: list[Timing]) -> str:
    recorded = sum(t.recorded for t in timings)
    raw = sum(t.raw for t in timings)
    ratio = raw / recorded if recorded else float("inf")
    return f"| {title} | {len(timings)} | {recorded * 1000:.1f} | {raw * 1000:.1f} | {ratio:.0f}x |"


def _slowest(timings: list[Timing], count: int = 5) -> str:
    """The panels that gain most, by raw evaluation time."""
    lines = ["| Slowest raw panels | Recorded (ms) | Raw (ms) |", "|---|---:|---:|"]
    for t in sorted(timings, key=lambda t: t.raw, reverse=True)[:count]:
        lines.append(f"| {t.dashboard}: {t.panel} | {t.recorded * 1000:.1f} | {t.raw * 1000:.1f} |")
    return "\n".join(lines)


def _section(table: str, shape: synthetic.Shape, series: int, args) -> str:
    return "\n".join(
        [
            SECTION,
            "",
            'Every PromQL panel query of the five dashboards, with every variable on "All", '
            "as a range query over the last hour (step 60s) or an instant query, run "
            f"{args.repeat} times after one warm-up; the figures are sums over a dashboard's "
            "queries of the median evaluation time Prometheus reports (`stats=all`). "
            "*Recorded* is the committed dashboard, reading the prod stack's recording rules; "
            "*raw* replaces every recorded series by its expression over the collector's series.",
            "",
            f"Data: {len(shape.tenants)} tenants (each on 3 of {len(shape.routes)} routes, "
            f"served from 1 of {len(shape.regions)} regions), each route on 2 of "
            f"{len(shape.models)} models, {args.hours} h of history at one sample a minute: "
            f"{series} series with the recorded ones, backfilled with promtool. Prometheus "
            f"3.14.0 on {platform.machine()} ({os.cpu_count()} cores).",
            "",
            table,
            "",
            "Reproduce: `make prometheus && .venv/bin/python bench/queries.py --write-docs` "
            f"(options: `--tenants {args.tenants} --routes {args.routes} --models {args.models} "
            f"--hours {args.hours} --repeat {args.repeat}`).",
            "",
            "Windows of a day (the spend forecast, the safety baseline) cover only the "
            "backfilled history here, so their raw cost is lower than on a Prometheus that "
            "has run for a day.",
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
