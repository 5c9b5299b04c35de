"""`aiscope generate` and `aiscope check`: the committed, generated files.

Generated files are committed so pull requests show their change. `check`
recomputes every one in memory and reports each that differs from the
committed copy, is missing, or sits in a generated folder without being
generated any more.
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import artifacts, readme_table, schema_export
from .errors import AiscopeError, ConfigError
from .loading import load_stack
from .model import StackModel

log = logging.getLogger(__name__)

README = "README.md"


def stack_names(project_dir: Path) -> list[str]:
    """Every stack with a `Pulumi.<stack>.yaml` in the project."""
    return sorted(
        path.name[len("Pulumi.") : -len(".yaml")] for path in project_dir.glob("Pulumi.*.yaml")
    )


def load_all(project_dir: Path) -> list[StackModel]:
    """Every stack's model; the problems of all stacks are reported together."""
    models, problems = [], []
    for stack in stack_names(project_dir):
        try:
            models.append(load_stack(project_dir, stack))
        except ConfigError as error:
            problems += [p for p in error.problems if p not in problems]
    if problems:
        raise ConfigError(problems)
    return models


def expected_files(project_dir: Path) -> dict[str, str]:
    models = load_all(project_dir)
    files = schema_export.export_files(models[0].schema) if models else {}
    files.update(artifacts.artifact_files(models))

    readme = project_dir / README
    if readme.exists():
        files[README] = readme_table.with_table(readme.read_text(encoding="utf-8"))
    return files


def generate(project_dir: Path) -> list[str]:
    """Write every generated file that changed; return their paths."""
    written = []
    for relative, content in expected_files(project_dir).items():
        path = project_dir / relative
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        log.info("wrote %s", relative)
        written.append(relative)
    return written


@dataclass(frozen=True)
class Stale:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def check(project_dir: Path) -> list[Stale]:
    """Every generated file that is not what `generate` would write."""
    expected = expected_files(project_dir)
    stale = [_compare(project_dir / rel, rel, content) for rel, content in expected.items()]
    stale += _strays(project_dir, expected)
    return [entry for entry in stale if entry is not None]


def _compare(path: Path, relative: str, content: str) -> Stale | None:
    if not path.exists():
        return Stale(relative, "missing; run `aiscope generate`")
    if path.read_text(encoding="utf-8") != content:
        return Stale(relative, "differs from what `aiscope generate` writes")
    return None


def _strays(project_dir: Path, expected: dict[str, str]) -> list[Stale]:
    strays = []
    for folder in (schema_export.EXPORT_DIR, *artifacts.GENERATED_DIRS):
        for path in sorted((project_dir / folder).rglob("*")):
            relative = path.relative_to(project_dir).as_posix()
            if path.is_file() and relative not in expected and "__pycache__" not in relative:
                strays.append(Stale(relative, "no longer generated; delete it"))
    return strays


def _generated_dirs() -> tuple[str, ...]:
    return (schema_export.EXPORT_DIR, *artifacts.GENERATED_DIRS)


def generated_files_now(project_dir: Path) -> dict[str, str]:
    """The generated files as they are in the working tree."""
    files = {}
    for folder in _generated_dirs():
        for path in sorted((project_dir / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(project_dir).as_posix()] = path.read_text(encoding="utf-8")
    return files


def generated_files_at(project_dir: Path, revision: str) -> dict[str, str]:
    """The generated files as committed at a git revision."""
    names = _git(project_dir, "ls-tree", "-r", "--name-only", revision, "--", *_generated_dirs())
    return {name: _git(project_dir, "show", f"{revision}:{name}") for name in names.splitlines()}


def _git(project_dir: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=project_dir, capture_output=True, text=True)
    if result.returncode != 0:
        raise AiscopeError(f"git {' '.join(args[:2])} failed: {result.stderr.strip()}")
    return result.stdout
