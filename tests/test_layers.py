"""The layers of DESIGN.md, checked on the code's own imports: arrows point down only, and the
domain's packages import each other without a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
# What each part may import, besides itself and the standard library and other packages.
FOUNDATION = {"clock", "config", "runtime", "cache", "db", "migrate", "url_converters"}
ALLOWED = {
    "models": {"clock"},
    "text": set(),
    "providers": {"text", "config"},
    "infrastructure": {"models", "clock", "runtime"},
    "domain": {"models", "text", "providers", "infrastructure", *FOUNDATION},
}
ABOVE_THE_DOMAIN = ("api", "web", "tasks", "cli", "serve")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    found = {}
    for path in (SRC / "postroom").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                targets |= {base} | {f"{base}.{alias.name}" for alias in node.names}
        found[name] = {t for t in targets if t.startswith("postroom.")}
    return found


def _part(module: str) -> str:
    """`domain.sending` for the domain's packages, else the first name under postroom."""
    parts = module.split(".")[1:]
    if parts[:1] == ["domain"] and len(parts) > 2:
        return f"domain.{parts[1]}"
    return parts[0] if parts else "postroom"


IMPORTS = _imports()


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_what_is_below_it(layer):
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in IMPORTS.items()
        if _part(module).split(".")[0] == layer
        for target in targets
        if (part := _part(target).split(".")[0]) != layer
        and part not in ALLOWED[layer]
        and part != "postroom"
    )
    assert wrong == []


def test_nothing_below_the_web_api_and_tasks_imports_them():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in IMPORTS.items()
        if _part(module) not in ABOVE_THE_DOMAIN
        for target in targets
        if _part(target) in ABOVE_THE_DOMAIN
    )
    assert wrong == []


def test_the_domains_packages_import_each_other_without_a_cycle():
    edges: dict[str, set[str]] = {}
    for module, targets in IMPORTS.items():
        here = _part(module)
        if here.startswith("domain."):
            edges.setdefault(here, set()).update(
                there
                for t in targets
                if (there := _part(t)).startswith("domain.") and there != here
            )

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert len(edges) >= 8
    assert [package for package in sorted(edges) if reaches(package, package, set())] == []
