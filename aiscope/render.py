"""`aiscope render`: one stack's Kubernetes objects and configs as files, offline.

Writes into the output folder:

- `<component>.yaml`: that component's objects, one YAML document each, in
  apply order (`kubectl apply -f <folder>` works, namespace.yaml first);
- `config/<file>`: each generated config on its own, for reading and diffing.

It needs no cluster, no Pulumi CLI and no secrets: Secret values are
placeholders (`pulumi up` fills them). The output depends only on the
schema and the stack file, so rendering twice gives identical files.
Files that an earlier render wrote and this one no longer does are
removed; nothing else is touched, and nothing outside the folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from . import headers
from .loading import SCHEMA_FILE, load_stack, stack_file
from .manifests import SECRET_FIELDS, build_objects, config_files
from .manifests.yaml_text import dump_all
from .model import StackModel
from .secrets import SecretSpec

log = logging.getLogger(__name__)

CONFIG_DIR = "config"


@dataclass(frozen=True)
class RenderSummary:
    """What a render wrote, for the one-screen report the CLI prints."""

    stack: str
    out_dir: Path
    objects: dict[str, int]
    configs: tuple[str, ...]
    removed: tuple[str, ...]
    needed_secrets: tuple[SecretSpec, ...]
    missing_secrets: tuple[SecretSpec, ...]

    def __str__(self) -> str:
        total = sum(self.objects.values())
        lines = [f"rendered stack {self.stack} into {self.out_dir}: {total} objects"]
        width = max(len(name) for name in self.objects) + len(".yaml")
        for component, count in self.objects.items():
            lines.append(f"  {component + '.yaml':<{width}}  {count:>3} objects")
        lines.append(f"  {CONFIG_DIR}/: {', '.join(self.configs)}")
        if self.removed:
            lines.append(f"removed {len(self.removed)} stale file(s): {', '.join(self.removed)}")
        return "\n".join(lines + self._secret_lines())

    def _secret_lines(self) -> list[str]:
        needed = ", ".join(spec.key for spec in self.needed_secrets)
        lines = [f"secrets: placeholders written; `pulumi up` fills in {needed}"]
        for spec in self.missing_secrets:
            lines.append(f"  not set for this stack: {spec.set_command} -s {self.stack}")
        return lines


def render_stack(project_dir: Path, stack: str, out_dir: Path) -> RenderSummary:
    """Load the stack, write its files under `out_dir`, and summarize."""
    model = load_stack(project_dir, stack)
    files = rendered_files(model)

    out_dir.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        _write(out_dir / relative, content)
    removed = _remove_stale(out_dir, set(files))
    log.info("rendered %d files for stack %s into %s", len(files), stack, out_dir)

    return _summary(model, out_dir, removed)


def rendered_files(model: StackModel) -> dict[str, str]:
    """Relative path -> content of every file `render` writes for one stack."""
    header = _header(model)
    files = {
        f"{component}.yaml": header + dump_all(objects)
        for component, objects in build_objects(model).items()
    }
    for name, text in config_files(model).items():
        files[f"{CONFIG_DIR}/{name}"] = header + text
    return files


def _header(model: StackModel) -> str:
    sources = [SCHEMA_FILE, stack_file(Path("."), model.stack).name]
    return headers.commented(sources, command=f"aiscope render --stack {model.stack} --out DIR")


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    path.write_text(content, encoding="utf-8")
    log.debug("wrote %s", path)


def _remove_stale(out_dir: Path, current: set[str]) -> tuple[str, ...]:
    """Delete files under `out_dir` that carry aiscope's header but were not written now.

    Symbolic links are never followed or removed, and files without the
    header (someone's notes, a kustomization.yaml) are left alone.
    """
    removed = []
    for path in sorted(out_dir.rglob("*.yaml")):
        relative = path.relative_to(out_dir).as_posix()
        if relative in current or path.is_symlink() or not path.is_file():
            continue
        if _is_generated(path):
            path.unlink()
            removed.append(relative)
    return tuple(removed)


def _is_generated(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as file:
        return headers.MARKER in file.readline()


def _summary(model: StackModel, out_dir: Path, removed: tuple[str, ...]) -> RenderSummary:
    objects = build_objects(model)
    needed = tuple(dict.fromkeys(SECRET_FIELDS.values()))
    return RenderSummary(
        stack=model.stack,
        out_dir=out_dir,
        objects={component: len(items) for component, items in objects.items()},
        configs=tuple(config_files(model)),
        removed=removed,
        needed_secrets=needed,
        missing_secrets=tuple(spec for spec in needed if spec in model.secrets.missing()),
    )
