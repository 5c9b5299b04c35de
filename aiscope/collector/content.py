"""What may remain of user content once PII is masked: the content policy.

Runs right after the redaction processors (so a cut never splits a secret
the patterns would have caught) and before anything is sampled, buffered
or exported:

- attributes the schema marks `truncate` or `free_text` are cut to their
  `max_length` (bytes, never splitting a UTF-8 character);
- spans, span events and logs of a tenant in `redaction.blockedTenants` or a
  route in `redaction.blockedRoutes` lose every content attribute, and such
  logs lose their body too; their other fields (and so their metrics) stay.
  Exception messages and stack traces go as well (services put the failing
  prompt in them), and so does a span's status message. The tenant or route
  is read from the record, its resource, or for logs a structured body;
- in `redaction.mode: allowlist`, attributes neither the schema nor
  conventions.collector.ALLOWLIST_EXTRA_PATTERNS names are deleted from
  spans, span events, logs and resources. Metric datapoint attributes are
  left alone: they are series labels, and deleting one merges distinct
  series into duplicates Prometheus rejects; they are PII-masked instead.
"""

from __future__ import annotations

import re

from ..conventions import collector as names
from ..conventions import telemetry as telemetry_names
from ..model import StackModel
from ..telemetry_schema import TelemetrySchema
from . import agent_marker, ottl
from .redaction import hashed_attributes

# A statement that fails here is skipped and logged, never silently: these
# statements are guarded so that they should not fail.
ERROR_MODE = "ignore"

# Free text that is not declared as content but often quotes it.
BLOCKED_FREE_TEXT = ("exception.message", "exception.stacktrace")


def content_processor(model: StackModel, *, restore_agent_hashes: bool) -> dict:
    """The `transform/content` processor of the gateway (and of the agent, for logs)."""
    policy = _Policy(model)
    config: dict = {"error_mode": ERROR_MODE}
    config["trace_statements"] = [
        _group("span", policy.record_statements("span.attributes", "span.attributes")),
        _group("spanevent", policy.record_statements("spanevent.attributes", "span.attributes")),
        *policy.resource_groups(),
    ]
    log_statements = policy.log_statements()
    if restore_agent_hashes:
        log_statements = agent_marker.restore_statements(policy.hashed) + log_statements
    config["log_statements"] = [
        _group("log", log_statements),
        *policy.resource_groups(unmark=restore_agent_hashes),
    ]
    config["metric_statements"] = policy.resource_groups()
    return _without_empty(config)


def log_content_processor(model: StackModel) -> dict:
    """The agent's content policy: logs only."""
    config = content_processor(model, restore_agent_hashes=False)
    return {"error_mode": ERROR_MODE, "log_statements": config["log_statements"]}


def allowlist_regex(schema: TelemetrySchema) -> str:
    declared = [re.escape(name) for name in sorted(schema.all_attributes())]
    return ottl.exact_regex([*declared, *names.ALLOWLIST_EXTRA_PATTERNS])


class _Policy:
    def __init__(self, model: StackModel) -> None:
        schema = model.schema
        redaction = model.settings.redaction
        self.content = sorted(n for n, a in schema.all_attributes().items() if a.is_content)
        self.max_lengths = {
            n: schema.all_attributes()[n].effective_max_length for n in self.content
        }
        self.tenants = list(redaction.blocked_tenants)
        self.routes = list(redaction.blocked_routes)
        self.allowlist = allowlist_regex(schema) if redaction.mode == "allowlist" else None
        self.hashed = hashed_attributes(schema)

    def blocked(self, *paths: str) -> str:
        """True when any of the attribute maps names a blocked tenant or route."""
        terms = []
        for path in paths:
            terms.append(ottl.equals_any(ottl.key(path, telemetry_names.TENANT), self.tenants))
            terms.append(ottl.equals_any(ottl.key(path, telemetry_names.ROUTE), self.routes))
        terms = [term for term in terms if term != "false"]
        return "(" + " or ".join(terms) + ")" if terms else ""

    def truncations(self, path: str, guard: str = "") -> list[str]:
        statements = []
        for name in self.content:
            value = ottl.key(path, name)
            limit = self.max_lengths[name]
            cut = f"set({value}, Substring({value}, 0, {limit}, true))"
            statements.append(
                ottl.where(cut, guard, f"IsString({value})", f"Len({value}) > {limit}")
            )
        return statements

    def drop_content(self, path: str, blocked: str) -> list[str]:
        if not blocked:
            return []
        regex = ottl.string(ottl.names_regex([*self.content, *BLOCKED_FREE_TEXT]))
        statements = [ottl.where(f"delete_matching_keys({path}, {regex})", blocked)]
        if path == "span.attributes":
            statements.append(ottl.where('set(span.status.message, "")', blocked))
        return statements

    def keep_allowed(self, path: str) -> list[str]:
        if self.allowlist is None:
            return []
        return [f"keep_matching_keys({path}, {ottl.string(self.allowlist)})"]

    def record_statements(self, path: str, owner: str) -> list[str]:
        """For spans (owner = the span) and span events (owner = their span)."""
        blocked = self.blocked(owner, "resource.attributes")
        return self.drop_content(path, blocked) + self.truncations(path) + self.keep_allowed(path)

    def log_statements(self) -> list[str]:
        blocked = self.blocked("log.attributes", "resource.attributes")
        body_blocked = self.blocked("log.body")
        if body_blocked:
            blocked = f"({blocked} or (IsMap(log.body) and {body_blocked}))"
        statements = self.drop_content("log.attributes", blocked)
        if blocked:
            body = ottl.string(names.BLOCKED_LOG_BODY)
            statements.append(ottl.where(f"set(log.body, {body})", blocked))
        statements += self.truncations("log.attributes")
        statements += self.truncations("log.body", guard="IsMap(log.body)")
        return statements + self.keep_allowed("log.attributes")

    def resource_groups(self, unmark: bool = False) -> list[dict]:
        statements = [agent_marker.unmark_statement()] if unmark else []
        statements += self.keep_allowed("resource.attributes")
        return [_group("resource", statements)] if statements else []


def _group(context: str, statements: list[str]) -> dict:
    return {"context": context, "statements": statements}


def _without_empty(config: dict) -> dict:
    """Drop signals and groups that have no statements (the processor rejects empty ones)."""
    cleaned: dict = {"error_mode": config["error_mode"]}
    for signal in ("trace_statements", "log_statements", "metric_statements"):
        groups = [group for group in config.get(signal, []) if group["statements"]]
        if groups:
            cleaned[signal] = groups
    return cleaned
