"""Run every benchmark: each `bench/*.py` module that defines `main()`.

Each benchmark runs in a fresh Python process (their timings must not
include another's imports or warm caches) with this script's arguments, so
every `main()` accepts at least `--write-docs` (update its section of
docs/BENCHMARKS.md). One failing benchmark does not stop the others; the
exit status is non-zero if any failed.

    .venv/bin/python bench/run_all.py                  # print every table
    .venv/bin/python bench/run_all.py --write-docs     # and update docs/BENCHMARKS.md
    .venv/bin/python bench/run_all.py --only foundation
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent

# Runs a module's main() with the given arguments, without its `__main__` block.
_CALL_MAIN = (
    "import runpy, sys; sys.argv = sys.argv[1:]; sys.exit(runpy.run_path(sys.argv[0])['main']())"
)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    benchmarks = [path for path in benchmark_modules() if not args.only or path.stem in args.only]
    if not benchmarks:
        print(f"no benchmark matches {args.only}", file=sys.stderr)
        return 1

    passed_on = ["--write-docs"] if args.write_docs else []
    failed = [path.stem for path in benchmarks if not _run(path, passed_on)]

    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def benchmark_modules() -> list[Path]:
    """Every module in bench/ that defines a top-level `main` function, this one excepted."""
    return [
        path
        for path in sorted(BENCH_DIR.glob("*.py"))
        if path.resolve() != Path(__file__).resolve() and _defines_main(path)
    ]


def _defines_main(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)


def _run(path: Path, arguments: list[str]) -> bool:
    print(f"==> bench/{path.name} {' '.join(arguments)}".rstrip(), file=sys.stderr, flush=True)
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-c", _CALL_MAIN, str(path), *arguments], cwd=BENCH_DIR.parent, check=False
    )
    took = time.monotonic() - started
    print(f"<== bench/{path.name}: exit {finished.returncode} in {took:.0f}s", file=sys.stderr)
    return finished.returncode == 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="let each update its section")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run these (module names) only")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
