"""Dependencies point one way (DESIGN section 3): no module imports one above it, and the
leak verifier shares no detection code with the redactor it checks."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "actionplan_gen"

# Lower numbers are lower layers. A module may import its own layer only inside its own
# package (render/ from render/), otherwise only lower layers.
LAYERS = {
    "records": -1, "regexes": -1,
    "errors": 0, "sourcemap": 0, "interrupts": 0,
    "wording": 1, "people": 1, "ooxml": 1, "resources": 1, "atomic": 1, "reporting": 1,
    "paths": 1,
    "loader": 2, "standards": 2, "ombudsmen": 2, "welsh": 2,
    "schema": 3, "rules": 3, "scaffold": 3,
    "model": 4,
    "pipeline": 5, "progress": 5, "smart": 5,
    "checklist": 6,
    "checklist_text": 7, "render": 7, "verify": 7,
    "redact": 8,
    "letters": 9, "calendar_export": 9, "evidence": 9, "portfolio": 9,
    "cli": 10, "entry": 11, "__main__": 12, "__init__": 0,
}


def unit_of(module: str) -> str:
    """actionplan_gen.render.docx -> 'render'; actionplan_gen.cli -> 'cli'."""
    return module.split(".")[1] if "." in module else "__init__"


def imports_of(path: Path) -> set[str]:
    """Every actionplan_gen module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "actionplan_gen":  # from actionplan_gen import cli, __version__
                found.update(f"actionplan_gen.{a.name}" for a in node.names
                             if (PACKAGE / f"{a.name}.py").exists()
                             or (PACKAGE / a.name).is_dir())
            elif node.module.startswith("actionplan_gen."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("actionplan_gen"))
    return found


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(("actionplan_gen", *path.relative_to(PACKAGE).with_suffix("").parts))
        yield dotted.removesuffix(".__init__"), path


def test_every_module_has_a_layer_and_every_layer_entry_is_a_module():
    units = {unit_of(m) for m, _ in modules()}
    assert sorted(units - set(LAYERS)) == []
    assert sorted(set(LAYERS) - units) == []


def test_no_module_imports_one_above_it():
    wrong = []
    for module, path in modules():
        unit = unit_of(module)
        for imported in imports_of(path):
            target = unit_of(imported)
            if target == unit or target == "__init__":
                continue
            if LAYERS[target] >= LAYERS[unit]:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_the_verifier_shares_no_detection_code_with_the_redactor():
    verifier = [(m, p) for m, p in modules() if unit_of(m) == "verify"]
    assert verifier, "the independent verifier (actionplan_gen/verify/) is missing"
    shared = [f"{m} imports {i}" for m, p in verifier for i in imports_of(p)
              if unit_of(i) in ("redact", "people")]
    assert shared == []


def test_the_checker_can_fail():
    """The walk sees imports inside functions too (cli imports everything lazily)."""
    cli_imports = {unit_of(i) for i in imports_of(PACKAGE / "cli.py")}
    assert {"pipeline", "checklist", "render", "redact"} <= cli_imports
