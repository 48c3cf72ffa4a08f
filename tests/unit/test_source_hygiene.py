"""No module defines one name twice at the same level.

A second ``def test_x`` silently replaces the first, so the first never runs and
nothing says so (it happened once in tests/system). A property's setter and an
overload are the only names meant to come twice.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # tests/unit/ -> the repository
FOLDERS = ("store", "tui", "themes", "tests", "bench", "scripts")


def _meant_twice(node: ast.AST) -> bool:
    """A property's setter or deleter (``@name.setter``), an ``@overload``, a ``@f.register``."""
    for decorator in getattr(node, "decorator_list", []):
        if isinstance(decorator, ast.Attribute) and decorator.attr in ("setter", "deleter", "register"):
            return True
        if isinstance(decorator, ast.Name) and decorator.id == "overload":
            return True
    return False


def _defined_twice(body: list[ast.stmt], where: str) -> list[str]:
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    counts = Counter(node.name for node in body if isinstance(node, kinds) and not _meant_twice(node))
    found = [f"{where}{name} ({n} times)" for name, n in counts.items() if n > 1]
    for node in body:
        if isinstance(node, ast.ClassDef):
            found += _defined_twice(node.body, f"{where}{node.name}.")
    return found


def test_no_function_or_class_is_defined_twice_in_one_scope():
    sources = [path for folder in FOLDERS for path in sorted((ROOT / folder).rglob("*.py"))]
    assert len(sources) > 100  # the scan sees the code
    twice = [f"{path.relative_to(ROOT)}: {name}" for path in sources
             for name in _defined_twice(ast.parse(path.read_text(encoding="utf-8")).body, "")]
    assert twice == []


def test_the_scan_finds_a_test_defined_twice():
    code = "def test_a():\n    pass\n\n\ndef test_a():\n    pass\n\n\nclass C:\n    def f(self): ...\n    def f(self): ...\n"
    assert _defined_twice(ast.parse(code).body, "") == ["test_a (2 times)", "C.f (2 times)"]
