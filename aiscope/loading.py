"""The edge where files people write become the validated model.

Both files are read and checked in full before anything is reported, so one
run lists every problem: field errors from pydantic, translated into plain
sentences, and the whole-file rules of schema_checks and settings_checks.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import schema_checks, settings_checks
from .errors import ConfigError, Problem
from .model import StackModel
from .pydantic_problems import problems_from
from .secrets import SECRET_KEYS, SecretPresence
from .settings import Settings
from .telemetry_schema import TelemetrySchema

log = logging.getLogger(__name__)

# libyaml's loader when PyYAML was built with it: the pure-Python one takes a
# noticeable share of every `pulumi preview` just to read the schema.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SCHEMA_FILE = "telemetry-schema.yaml"
NAMESPACE = "aiscope"


def stack_file(project_dir: Path, stack: str) -> Path:
    return project_dir / f"Pulumi.{stack}.yaml"


def load_stack(project_dir: Path, stack: str) -> StackModel:
    """Read the schema and `Pulumi.<stack>.yaml` of a project; raise ConfigError on any problem."""
    path = stack_file(project_dir, stack)
    config, problems = _read_stack_config(path)
    schema, schema_problems = _validate_schema(project_dir / SCHEMA_FILE)
    settings, secrets, settings_problems = validate_config(config, path.name)

    problems += schema_problems + settings_problems
    if problems:
        raise ConfigError(problems)

    log.info("loaded stack %s from %s", stack, path.name)
    return StackModel(stack=stack, schema=schema, settings=settings, secrets=secrets)


def load_schema(path: Path) -> TelemetrySchema:
    schema, problems = _validate_schema(path)
    if problems:
        raise ConfigError(problems)
    return schema


def validate_config(
    config: dict[str, Any], file: str
) -> tuple[Settings | None, SecretPresence, list[Problem]]:
    """Validate the `aiscope:*` entries of a stack's config (keys with the namespace)."""
    values, secrets, problems = _split_config(config, file)

    try:
        settings = Settings.model_validate(_over_defaults(values))
    except ValidationError as error:
        return None, secrets, problems + _settings_problems(error, file)

    problems += settings_checks.cross_check(settings, file)
    return settings, secrets, problems


def _over_defaults(values: dict[str, Any]) -> dict[str, Any]:
    """Lay the user's keys over the defaults, so `components.collector.replicas: 3`
    changes the replicas and keeps the default resources of the collector."""
    defaults = Settings().model_dump(by_alias=True, exclude_none=True)
    return _merge(defaults, values)


def _merge(base: Any, override: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base.get(key), value)
    return merged


def _split_config(
    config: dict[str, Any], file: str
) -> tuple[dict[str, Any], SecretPresence, list[Problem]]:
    """Separate plain settings from secrets; secrets must be encrypted Pulumi secrets."""
    values: dict[str, Any] = {}
    configured: set[str] = set()
    problems: list[Problem] = []

    for full_key, value in config.items():
        owner, _, key = str(full_key).partition(":")
        if owner != NAMESPACE or not key:
            continue
        if key not in SECRET_KEYS:
            values[key] = value
        elif _is_secure(value):
            configured.add(key)
        else:
            expected = f"an encrypted secret: pulumi config set --secret {key} ..."
            problems.append(Problem(file, full_key, expected, "<a value in clear text>"))

    return values, SecretPresence(frozenset(configured)), problems


def _is_secure(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def _read_stack_config(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    document, problems = read_yaml(path)
    if problems:
        return {}, problems
    if document is None:
        return {}, []
    if not isinstance(document, dict):
        return {}, [Problem(path.name, "(top level)", "a mapping with a `config:` key", document)]

    config = document.get("config") or {}
    if not isinstance(config, dict):
        return {}, [Problem(path.name, "config", "a mapping of `aiscope:<key>` entries", config)]
    return config, []


def _validate_schema(path: Path) -> tuple[TelemetrySchema | None, list[Problem]]:
    document, problems = read_yaml(path)
    if problems:
        return None, problems

    try:
        schema = TelemetrySchema.model_validate(document)
    except ValidationError as error:
        return None, problems_from(error, path.name, TelemetrySchema)

    return schema, schema_checks.cross_check(schema, path.name)


def _settings_problems(error: ValidationError, file: str) -> list[Problem]:
    return problems_from(error, file, Settings, prefix=f"{NAMESPACE}:")


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a YAML file, turning a missing file or a syntax error into a Problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(path.name, "(file)", f"not found at {path}")]
    try:
        return yaml.load(text, Loader=_YAML_LOADER), []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        return None, [Problem(path.name, where, f"valid YAML ({_first_line(error)})")]


def _first_line(error: Exception) -> str:
    return str(getattr(error, "problem", None) or error).splitlines()[0]
