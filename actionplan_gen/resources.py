"""Finds the shipped templates/, schemas/ and profiles/ folders, from a wheel or a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``templates``, ``schemas`` or ``profiles``: inside the package when installed, beside
    it in a checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"apgen's {name} folder is missing from this installation; "
                            "reinstall apgen")


def schema_path() -> Path:
    return data_dir("schemas") / "action-plan.schema.json"


def template_path(name: str) -> Path:
    return data_dir("templates") / name
