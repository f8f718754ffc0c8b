"""The shape gate: no module over 400 lines, no function over 60 lines (cyclomatic complexity is
ruff's C901, set to 20 in pyproject.toml).

    python -m checks.shape [PATH...]     # default: cleaners crawler
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def problems(roots: list[Path]) -> list[str]:
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            lines = len(source.splitlines())
            if lines > MAX_MODULE_LINES:
                found.append(f"{path}: {lines} lines (at most {MAX_MODULE_LINES}): split it by concern")
            for node in ast.walk(ast.parse(source, str(path))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        found.append(f"{path}:{node.lineno}: {node.name} is {length} lines "
                                     f"(at most {MAX_FUNCTION_LINES})")
    return found


def main(argv: list[str] | None = None) -> int:
    roots = [Path(p) for p in (argv if argv is not None else sys.argv[1:])] or [Path("cleaners"), Path("crawler")]
    found = problems(roots)
    for line in found:
        print(f"shape: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
