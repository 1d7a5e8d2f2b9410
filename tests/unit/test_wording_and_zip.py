"""Small units: document wording, standards, atomic writes, reproducible packages."""

from __future__ import annotations

import datetime as dt

import pytest

from actionplan_gen.errors import UsageError
from actionplan_gen.atomic import atomic_write, umask
from actionplan_gen.ooxml import reproducible_zip
from actionplan_gen.wording import (
    BULLET, LINE_BREAK, NOT_RECORDED, PARAGRAPH_BREAK, listing, long_date, paragraphs)
from actionplan_gen.standards import Standard, catalogue, resolve


def test_long_date_is_en_gb():
    assert long_date(dt.date(2027, 3, 1)) == "1 March 2027"
    assert long_date(None) == NOT_RECORDED
    assert long_date(None, "Not set") == "Not set"


def test_paragraphs_breaks_and_bullets():
    text = "First line\nsecond line\n\nNew paragraph:\n- one\n- two\n\n  "
    assert paragraphs(text) == PARAGRAPH_BREAK.join([
        f"First line{LINE_BREAK}second line", "New paragraph:", BULLET + "one", BULLET + "two"])
    assert paragraphs("   ") == NOT_RECORDED
    assert paragraphs(None, "") == ""


def test_listing():
    assert listing(["A1"]) == "A1"
    assert listing(["A1", "A2", "A3"]) == "A1, A2 and A3"
    assert listing([], "none") == "none"


def test_standards_resolve_catalogue_nice_and_own():
    assert len([s for s in catalogue() if s.startswith("cqc.reg")]) == 12
    assert resolve("cqc.reg20", {}).title.startswith("Regulation 20: Duty of candour")
    nice = resolve("nice.QS136", {})
    assert nice.title == "NICE quality standard QS136"
    assert nice.url == "https://www.nice.org.uk/guidance/qs136"
    assert resolve("nice.XX1", {}) is None and resolve("local.x", {}) is None
    own = {"nice.NG27": Standard("nice.NG27", "Transition between inpatient hospital settings "
                                              "and community or care home settings")}
    titled = resolve("nice.NG27", own)
    assert titled.title.startswith("Transition between") and titled.url.endswith("/ng27")


def test_atomic_write_replaces_whole_files_and_protects_inputs(tmp_path):
    target = tmp_path / "sub" / "out.docx"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~umask())
    source = tmp_path / "plan.yaml"
    source.write_text("x")
    with pytest.raises(UsageError):
        atomic_write(source, b"y", protect=(source,))
    assert source.read_text() == "x"
    with pytest.raises(UsageError):
        atomic_write(target, b"three", exclusive=True)
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.docx"]


def test_reproducible_zip_fixes_timestamps_and_order(tmp_path):
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<a/>")
        z.writestr("[Content_Types].xml", "<b/>")
    once = reproducible_zip(buffer.getvalue())
    assert once == reproducible_zip(once)
    with zipfile.ZipFile(io.BytesIO(once)) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
