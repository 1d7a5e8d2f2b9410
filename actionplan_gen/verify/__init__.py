"""The independent leak verifier: a second line of defence after the redactor.

It shares no detection code with ``actionplan_gen.redact``: it knows only the
plan (``Registry.from_plan``) and the output bytes, is deliberately broad, and
treats anything it cannot vouch for as a finding. It never raises: an internal
error is itself a finding ("scanner error").

Shapes (VML ``o:gfxdata``) carry a base64 copy of a drawing that is not
decoded here: any such attribute is reported as "compatibility copy of a shape".
"""

from __future__ import annotations

from actionplan_gen.verify.finding import Finding
from actionplan_gen.verify.package import scan_package
from actionplan_gen.verify.registry import Registry
from actionplan_gen.verify.scan import Scanner

SCANNER_ERROR = "scanner error"

__all__ = ["SCANNER_ERROR", "Finding", "Registry", "verify_docx", "verify_text"]


def verify_docx(data: bytes, registry: Registry, name: str = "action-plan.docx") -> list[Finding]:
    """Every finding in the .docx ``data``; empty only if every byte was vouched for."""
    scanner = Scanner(registry, name)
    try:
        scan_package(data, scanner)
    except Exception as error:  # noqa: BLE001 - fail closed, never raise
        scanner.add("(package)", SCANNER_ERROR, where=type(error).__name__)
    return list(scanner.findings)


def verify_text(text: str, registry: Registry, name: str = "text") -> list[Finding]:
    """Findings in plain text (letters, CSV); each line is a paragraph."""
    scanner = Scanner(registry, name)
    try:
        lines = text.splitlines()
        scanner.paragraphs("text", [(n, line, "") for n, line in enumerate(lines, 1)])
    except Exception as error:  # noqa: BLE001 - fail closed, never raise
        scanner.add("text", SCANNER_ERROR, where=type(error).__name__)
    return list(scanner.findings)
