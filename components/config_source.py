"""The `aiscope:` config of the running Pulumi stack, validated as `aiscope render` validates it.

Under `pulumi up` the language host hands the program the stack's config
already decrypted: object values as JSON text, secrets as plain values
listed among the config's secret keys. This module turns that back into
what `aiscope.loading.validate_config` reads from `Pulumi.<stack>.yaml`, so
a bad setting gets the very same report from `render` and from `pulumi up`.
Secret values are not part of that: validation only learns that each is set,
and the values reach the resources as Pulumi secret Outputs.

A user's mistake ends the program here, before any resource is registered,
with the report and no traceback (see `exit_with_report`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import pulumi
import pulumi.runtime
from pulumi.runtime import config as runtime_config

from aiscope.errors import ConfigError, Problem
from aiscope.loading import NAMESPACE, SCHEMA_FILE, load_schema, validate_config
from aiscope.model import StackModel
from aiscope.secrets import SECRET_KEYS, SECRETS, missing_secret_problems

# The exit status by which a Pulumi language host learns that the program
# already showed the user an actionable message: the engine then adds no
# "program exited with non-zero exit code" error of its own (pulumi's
# sdk/python/cmd/pulumi-language-python, pythonProcessExitedAfterShowingUserActionableMessage).
EXIT_AFTER_REPORT = 32

# What validation sees in place of a secret's value: the shape `pulumi config
# set --secret` writes into the stack file, without the ciphertext.
_SECRET_IS_SET = {"secure": "(set; the value stays out of the model)"}


def load_model(project_dir: Path) -> StackModel:
    """The running stack's model; ConfigError listing every problem if anything is wrong."""
    stack = pulumi.get_stack()
    file = f"Pulumi.{stack}.yaml"

    settings, secrets, problems = validate_config(stack_config(), file)
    problems += _unreported(missing_secret_problems(secrets, file), problems)

    try:
        schema = load_schema(project_dir / SCHEMA_FILE)
    except ConfigError as error:
        problems += error.problems

    if problems:
        raise ConfigError(problems)
    pulumi.log.debug(f"aiscope: the config of stack {stack} is valid")
    return StackModel(stack=stack, schema=schema, settings=settings, secrets=secrets)


def _unreported(candidates: list[Problem], reported: list[Problem]) -> list[Problem]:
    """A secret set in clear text is reported as such, not a second time as missing."""
    paths = {problem.path for problem in reported}
    return [problem for problem in candidates if problem.path not in paths]


def load_model_or_exit(project_dir: Path) -> StackModel:
    try:
        return load_model(project_dir)
    except ConfigError as error:
        exit_with_report(error)


def exit_with_report(error: ConfigError) -> NoReturn:
    """Show the report as a Pulumi error and end the program without a traceback.

    Logging without a resource is synchronous, so the message reaches the
    engine before the exit. SystemExit is not an Exception: the language
    host's exec script lets it pass, unlike an error it would print with
    its traceback; and raising pulumi.RunError instead would add a second,
    generic "non-zero exit code" error under the report.
    """
    pulumi.log.error(error.report())
    sys.exit(EXIT_AFTER_REPORT)


def secret_values() -> dict[str, pulumi.Output[str]]:
    """Every secret of the stack as a Pulumi secret Output, by SecretSpec key."""
    config = pulumi.Config(NAMESPACE)
    return {spec.key: config.require_secret(spec.key) for spec in SECRETS}


def stack_config() -> dict[str, Any]:
    """The stack's `aiscope:*` config in the shape of the `config:` map of its stack file."""
    everything = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    return {
        key: _as_in_stack_file(key, value)
        for key, value in everything.items()
        if key.startswith(f"{NAMESPACE}:")
    }


def _as_in_stack_file(full_key: str, value: Any) -> Any:
    key = full_key.partition(":")[2]
    if key in SECRET_KEYS:
        # A secret set without --secret arrives as plain, non-secret config:
        # pass it on so validation reports it as clear text.
        return _SECRET_IS_SET if pulumi.runtime.is_config_secret(full_key) else value
    return _decoded(value)


def _decoded(value: Any) -> Any:
    """Objects and lists arrive as JSON text; anything else is a plain string."""
    if not (isinstance(value, str) and value[:1] in ("{", "[")):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value
