"""The `aiscope` command line: render, generate, check, schema export.

Stdout carries only what a command produces (summaries, file lists);
logging goes to stderr. A user's mistake is printed as a report of every
problem and exits with status 2, never with a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import AiscopeError, ConfigError

EXIT_USER_ERROR = 2
EXIT_STALE = 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG
        if args.verbose > 1
        else logging.INFO
        if args.verbose
        else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args.handler(args)
    except ConfigError as error:
        print(error.report(), file=sys.stderr)
        return EXIT_USER_ERROR
    except AiscopeError as error:
        print(f"aiscope: {error}", file=sys.stderr)
        return EXIT_USER_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aiscope", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    parser.add_argument(
        "--project", type=Path, default=Path("."), help="project folder (default: current)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    render = commands.add_parser("render", help="write a stack's Kubernetes objects as YAML")
    render.add_argument("--stack", required=True, help="stack name, as in Pulumi.<stack>.yaml")
    render.add_argument("--out", type=Path, required=True, help="folder to write into")
    render.set_defaults(handler=_render)

    generate = commands.add_parser("generate", help="regenerate every committed generated file")
    generate.set_defaults(handler=_generate)

    check = commands.add_parser("check", help="fail when a generated file is stale")
    check.set_defaults(handler=_check)

    validate = commands.add_parser("validate", help="validate the schema and a stack's settings")
    validate.add_argument("--stack", required=True)
    validate.set_defaults(handler=_validate)

    summary = commands.add_parser(
        "summary", help="say what changed in generated files since a git revision"
    )
    summary.add_argument("--base", default="origin/main", help="git revision to compare with")
    summary.set_defaults(handler=_summary)

    schema = commands.add_parser("schema", help="telemetry schema tools")
    schema_commands = schema.add_subparsers(dest="schema_command", required=True)
    export = schema_commands.add_parser("export", help="write the log JSON Schema and names module")
    export.add_argument("--out", type=Path, default=None, help="folder (default: the project)")
    export.set_defaults(handler=_schema_export)
    return parser


def _render(args: argparse.Namespace) -> int:
    from .render import render_stack

    summary = render_stack(args.project, args.stack, args.out)
    print(summary)
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .generate import generate

    written = generate(args.project)
    for path in written:
        print(f"wrote {path}")
    print(f"{len(written)} file(s) changed")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .checks import run_checks

    failures = run_checks(args.project)
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print(f"aiscope check: {len(failures)} problem(s)", file=sys.stderr)
        return EXIT_STALE
    print("aiscope check: generated files are current and pass the fast checks")
    return 0


def _summary(args: argparse.Namespace) -> int:
    from .generate import generated_files_at, generated_files_now
    from .review_summary import summarize

    lines = summarize(
        generated_files_at(args.project, args.base), generated_files_now(args.project)
    )
    print("\n".join(lines) if lines else "no change to generated files")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .loading import load_stack

    model = load_stack(args.project, args.stack)
    print(f"{args.project / f'Pulumi.{model.stack}.yaml'}: valid")
    return 0


def _schema_export(args: argparse.Namespace) -> int:
    from .loading import SCHEMA_FILE, load_schema
    from .schema_export import export_files

    out = args.out or args.project
    for relative, content in export_files(load_schema(args.project / SCHEMA_FILE)).items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
