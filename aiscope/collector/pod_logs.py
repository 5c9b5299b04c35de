"""Reading container logs on a node, and making sense of JSON application logs.

The kubelet writes each container's output to
`/var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log`, one line
per output line, wrapped in the CRI format (`<time> <stream> <F|P> <text>`,
P marking a line split by the runtime) or Docker's JSON. The `container`
operator unwraps either, joins split lines, and reads the namespace, pod,
uid and container from the path.

Applications that log JSON get their lines parsed. Two shapes are
understood, those of the libraries the tutorial uses:

- pino: `{"level": 30, "time": 1733220000000, "msg": "...", ...}`, numeric
  levels 10-60 and epoch milliseconds;
- structlog: `{"event": "...", "level": "info", "timestamp": "2024-...Z", ...}`.

The message becomes the log body, the level its severity, the time its
timestamp, a hex `trace_id` (and `span_id`) links it to its trace, and
every other field becomes a log attribute, which normalization then
renames (`tenant_id` -> `ai.tenant_id`, ...). A line that is not JSON is
kept as it is.
"""

from __future__ import annotations

from ..conventions import collector as names
from ..conventions import kubernetes as k8s
from . import ottl
from .endpoints import Endpoints

COLLECTOR_WORKLOADS = (k8s.GATEWAY, k8s.ROUTER, k8s.AGENT)

# pino's numeric levels, and the severity numbers of the OpenTelemetry log model.
PINO_LEVELS = {10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL"}
TEXT_LEVELS = {
    "trace": "TRACE",
    "debug": "DEBUG",
    "info": "INFO",
    "warn": "WARN",
    "warning": "WARN",
    "error": "ERROR",
    "exception": "ERROR",
    "critical": "FATAL",
    "fatal": "FATAL",
}
_CONSUMED = ("level", "time", "timestamp", "msg", "message", "event", "trace_id", "span_id")
_FIELDS = "log.cache"
_JSON_OBJECT = r"^\s*\{"
_UTC_SUFFIX = r"Z\z"
_COLON_OFFSET = r"[+-][0-9][0-9]:[0-9][0-9]\z"
_PLAIN_OFFSET = r"[+-][0-9]{4}\z"
_END = r"\z"


def receiver(endpoints: Endpoints, namespace: str) -> dict:
    """The `file_log/pods` receiver: every container's log except the collectors' own."""
    pods = endpoints.pod_logs_dir
    return {
        "include": [f"{pods}/*/*/*.log"],
        # The collectors' own logs would loop: each line the agent ships about
        # shipping would be shipped again.
        "exclude": [f"{pods}/{namespace}_{workload}-*/*/*.log" for workload in COLLECTOR_WORKLOADS],
        # A new agent starts at the end of existing files (no flood of history);
        # files that appear later are read from their start, and the checkpoints
        # make a restarted agent resume where it stopped.
        "start_at": "end",
        "include_file_path": True,
        "include_file_name": False,
        "storage": names.CHECKPOINT_STORAGE,
        "retry_on_failure": {"enabled": True},
        "operators": [{"type": "container", "id": "container-parser"}],
    }


def app_log_processor() -> dict:
    """`transform/app_logs`: JSON lines into body, severity, time, trace id and attributes."""
    is_json = f"IsString(log.body) and IsMatch(log.body, {ottl.string(_JSON_OBJECT)})"
    statements = [
        f'merge_maps({_FIELDS}, ParseJSON(log.body), "upsert")',
        *_severity_statements(),
        *_time_statements(),
        *_correlation_statements(),
        *_body_statements(),
        f"delete_matching_keys({_FIELDS}, {ottl.string(ottl.names_regex(_CONSUMED))})",
        f'merge_maps(log.attributes, {_FIELDS}, "upsert")',
    ]
    # A line that starts with "{" but is not JSON fails to parse; it stays as
    # it is, without a warning per line.
    return {
        "error_mode": "silent",
        "log_statements": [{"context": "log", "conditions": [is_json], "statements": statements}],
    }


def _field(name: str) -> str:
    return ottl.key(_FIELDS, name)


def _severity_statements() -> list[str]:
    level = _field("level")
    statements = []
    for number, severity in PINO_LEVELS.items():
        statements += _set_severity(severity, f"{level} == {number}.0")
    for text, severity in TEXT_LEVELS.items():
        statements += _set_severity(severity, f"{level} == {ottl.string(text)}")
    return statements


def _set_severity(severity: str, condition: str) -> list[str]:
    return [
        ottl.where(f"set(log.severity_number, SEVERITY_NUMBER_{severity})", condition),
        ottl.where(f"set(log.severity_text, {ottl.string(severity)})", condition),
    ]


def _time_statements() -> list[str]:
    """pino's epoch milliseconds; structlog's ISO 8601 with `Z`, `+HH:MM` or `+HHMM`."""
    epoch_ms, iso = _field("time"), _field("timestamp")
    is_iso = f"IsString({iso})"
    return [
        # Whole milliseconds first: a float multiplied to nanoseconds loses precision.
        ottl.where(f"set(log.time_unix_nano, Int({epoch_ms}) * 1000000)", f"IsDouble({epoch_ms})"),
        ottl.where(f'replace_pattern({iso}, {ottl.string(_UTC_SUFFIX)}, "+00:00")', is_iso),
        ottl.where(
            f'set(log.time, Time({iso}, "%Y-%m-%dT%H:%M:%S%j"))',
            is_iso,
            f"IsMatch({iso}, {ottl.string(_COLON_OFFSET)})",
        ),
        ottl.where(
            f'set(log.time, Time({iso}, "%Y-%m-%dT%H:%M:%S%z"))',
            is_iso,
            f"IsMatch({iso}, {ottl.string(_PLAIN_OFFSET)})",
        ),
    ]


def _correlation_statements() -> list[str]:
    statements = []
    ids = (("trace_id", "log.trace_id.string", 32), ("span_id", "log.span_id.string", 16))
    for field, target, digits in ids:
        value = _field(field)
        hex_id = ottl.string(f"^[0-9a-fA-F]{{{digits}}}" + _END)
        statements.append(
            ottl.where(
                f"set({target}, {value})", f"IsString({value})", f"IsMatch({value}, {hex_id})"
            )
        )
    return statements


def _body_statements() -> list[str]:
    statements = []
    # pino's `msg` wins over a generic `message`, which wins over structlog's `event`.
    for field in ("event", "message", "msg"):
        value = _field(field)
        statements.append(ottl.where(f"set(log.body, {value})", f"{value} != nil"))
    return statements
