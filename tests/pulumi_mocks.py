"""Run the Pulumi program under Pulumi's mocks and record what it registers.

Mocks replace the Pulumi engine and the Kubernetes provider, because neither
the `pulumi` CLI nor a cluster can run here: nothing is planned, diffed,
applied or awaited, and no server-side defaults are filled in. What the
mocks do show exactly is what the program asks for: every resource with
its type, name, parent, provider and inputs, the outputs each component
registers, the stack outputs, and the messages logged to the engine.

Each run happens in a fresh Python process (`python tests/pulumi_mocks.py`),
as under `pulumi up`: the Pulumi runtime keeps global state, and a clean
process per run keeps runs from seeing each other's resources. That process
runs the program the way Pulumi's language host does (the config handed
over as strings, the project folder run with `runpy.run_path` inside
`pulumi.runtime.run_in_stack`), reads its request as JSON on stdin and
prints the recording as JSON on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import runpy
import subprocess
import sys
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pulumi.runtime
import pulumi.runtime.settings
import yaml
from pulumi.runtime import mocks, rpc

REPO = Path(__file__).resolve().parent.parent
PROJECT = "aiscope"
STACK_TYPE = "pulumi:pulumi:Stack"

# Stand-ins for the stack's Pulumi secrets; real ones are set with
# `pulumi config set --secret` and are never committed.
FAKE_SECRETS = {
    "grafanaAdminPassword": "fake-grafana-password",
    "userIdHashKey": "fake-user-id-hash-key",
}

# How the Pulumi runtime marks a secret value in serialized properties.
SECRET_SIG_KEY = rpc._special_sig_key
SECRET_SIG = rpc._special_secret_sig


@dataclass
class Registration:
    type: str
    name: str
    urn: str
    parent: str
    custom: bool
    provider: str
    dependencies: list[str]
    inputs: dict[str, Any]


@dataclass
class ProgramRun:
    """What one run of a Pulumi program registered and logged."""

    exit_code: int
    registrations: list[Registration] = field(default_factory=list)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Outputs registered by each component and by the stack, by URN."""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stack_urn: str = ""

    @property
    def custom_resources(self) -> list[Registration]:
        return [r for r in self.registrations if r.custom]

    @property
    def components(self) -> list[Registration]:
        return [r for r in self.registrations if not r.custom]

    @property
    def stack_outputs(self) -> dict[str, Any]:
        return self.outputs.get(self.stack_urn, {})

    def by_urn(self, urn: str) -> Registration | None:
        return next((r for r in self.registrations if r.urn == urn), None)


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SECRET_SIG_KEY) == SECRET_SIG


# --- the test side: start a run and read its recording ---------------------


def stack_file_config(stack: str, project_dir: Path = REPO) -> dict[str, Any]:
    """The `config:` map of `Pulumi.<stack>.yaml`, as written."""
    text = (project_dir / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text).get("config") or {}


def run_program(
    stack: str,
    config: dict[str, Any],
    secrets: dict[str, str] | None = None,
    program: Path = REPO,
) -> ProgramRun:
    """Run `program` (a folder with __main__.py, or a .py file) in a fresh process under mocks.

    `config` is a stack file's `config:` map; `secrets` (the fake ones by
    default) are added as secret config, as `pulumi config set --secret` would.
    """
    request = {
        "stack": stack,
        "config": config,
        "secrets": FAKE_SECRETS if secrets is None else secrets,
        "program": str(program),
    }
    finished = subprocess.run(
        [sys.executable, str(Path(__file__).resolve())],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env_with_repo_on_path(),
        check=False,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"the mock runner failed:\n{finished.stderr}")

    data = json.loads(finished.stdout)
    data["registrations"] = [Registration(**r) for r in data["registrations"]]
    return ProgramRun(**data)


def _env_with_repo_on_path() -> dict[str, str]:
    paths = [str(REPO), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


# --- the runner side: in the fresh process ----------------------------------


def runtime_config(
    config: dict[str, Any], secrets: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The config as the Pulumi CLI hands it to a program: every value a string,
    objects and lists as JSON, secrets decrypted and named among the secret keys."""
    values = {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in config.items()
    }
    secret_keys = [f"{PROJECT}:{key}" for key in secrets]
    values.update(zip(secret_keys, secrets.values(), strict=True))
    return values, secret_keys


def record(
    stack: str, config: dict[str, Any], secrets: dict[str, str], program: Path
) -> ProgramRun:
    """Run the program in this process under mocks (once per process: the runtime is global)."""
    values, secret_keys = runtime_config(config, secrets)
    pulumi.runtime.set_all_config(values, secret_keys)

    # set_mocks registers a root stack on the current event loop; the program
    # must run on that same loop, or it waits for futures of another one forever.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    engine_log = EngineLog()
    monitor = RecordingMonitor(EchoMocks())
    pulumi.runtime.set_mocks(
        monitor.mocks,
        project=PROJECT,
        stack=stack,
        preview=False,
        logger=engine_log.logger,
        monitor=monitor,
    )
    # set_mocks also registers a root stack, for tests that build resources
    # directly; the language host makes its own, so drop this one.
    pulumi.runtime.settings.set_root_resource(None)

    exit_code = run_like_language_host(program, loop)
    return ProgramRun(
        exit_code=exit_code,
        registrations=monitor.registrations,
        outputs=monitor.outputs,
        errors=engine_log.errors,
        warnings=engine_log.warnings,
        stack_urn=monitor.stack_urn,
    )


def run_like_language_host(program: Path, loop: asyncio.AbstractEventLoop) -> int:
    """What pulumi-language-python-exec does with a program, down to its exit status:
    0 on success, the status of a SystemExit, 1 after pulumi.RunError (whose
    message it logs), 32 after any other exception (logged with its traceback)."""
    os.chdir(program if program.is_dir() else program.parent)
    try:
        loop.run_until_complete(
            pulumi.runtime.run_in_stack(lambda: runpy.run_path(str(program), run_name="__main__"))
        )
        return 0
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    except pulumi.RunError as error:
        pulumi.log.error(str(error))
        return 1
    except Exception:
        pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
        return 32
    finally:
        loop.close()


class EchoMocks(mocks.Mocks):
    """A provider that creates everything as asked: each resource's state is its inputs."""

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str, dict]:
        return f"{args.name}-id", args.inputs

    def call(self, args: mocks.MockCallArgs) -> dict:
        return {}


class RecordingMonitor(mocks.MockMonitor):
    """Records each registration with its parent and provider, which Mocks never see,
    and the outputs each resource registers."""

    def __init__(self, echo: EchoMocks) -> None:
        super().__init__(echo)
        self.registrations: list[Registration] = []
        self.outputs: dict[str, dict[str, Any]] = {}
        self.stack_urn = ""

    def RegisterResource(self, request):  # noqa: N802 (the engine's gRPC method)
        response = super().RegisterResource(request)
        if request.type == STACK_TYPE:
            self.stack_urn = response.urn
            return response

        registration = Registration(
            type=request.type,
            name=request.name,
            urn=response.urn,
            parent=request.parent,
            custom=request.custom,
            provider=request.provider,
            dependencies=list(request.dependencies),
            inputs=rpc.deserialize_properties(request.object),
        )
        self.registrations.append(registration)
        return response

    def RegisterResourceOutputs(self, request):  # noqa: N802
        self.outputs[request.urn] = rpc.deserialize_properties(request.outputs)
        return super().RegisterResourceOutputs(request)


class EngineLog:
    """Collects what the program logs to the (mock) engine, by severity."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.logger = logging.getLogger("pulumi-mock-engine")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(_Collect(self))


class _Collect(logging.Handler):
    def __init__(self, engine_log: EngineLog) -> None:
        super().__init__()
        self.engine_log = engine_log

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.engine_log.errors.append(record.getMessage())
        elif record.levelno >= logging.WARNING:
            self.engine_log.warnings.append(record.getMessage())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stack",
        help="run the program of this example stack (its Pulumi.<stack>.yaml plus fake secrets) "
        "instead of reading a request from stdin",
    )
    args = parser.parse_args()
    if args.stack:
        config = stack_file_config(args.stack)
        request = {"stack": args.stack, "config": config, "secrets": FAKE_SECRETS}
    else:
        request = json.load(sys.stdin)

    # The program's own prints must not corrupt the JSON on stdout.
    with contextlib.redirect_stdout(sys.stderr):
        run = record(
            request["stack"],
            request["config"],
            request["secrets"],
            Path(request.get("program", REPO)),
        )
    json.dump(asdict(run), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
