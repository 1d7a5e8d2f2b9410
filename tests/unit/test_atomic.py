"""atomic: outputs go in together or not at all, previous versions survive failures, inputs
are never replaced, and what a killed run left is tidied by the next."""

from __future__ import annotations

import errno
import os
import signal

import pytest

from actionplan_gen import atomic
from actionplan_gen.atomic import Guard, discard, replace_all, signals_held, sweep, umask
from actionplan_gen.errors import UsageError


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def disk_full(monkeypatch, tmp_path):
    """``os.write`` fails with ENOSPC for files under tmp_path (after ``allow`` writes)."""
    real = os.write
    state = {"allow": 0}

    def write(handle, data):
        if os.readlink(f"/proc/self/fd/{handle}").startswith(str(tmp_path)):
            if state["allow"] <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            state["allow"] -= 1
        return real(handle, data)
    monkeypatch.setattr(os, "write", write)
    return state


def test_files_and_folders_are_written_whole_with_the_users_permissions(tmp_path):
    replace_all({tmp_path / "new" / "a.docx": b"one",
                 tmp_path / "new" / "pack": {"x.docx": b"x", "y.docx": b"y"}})
    assert (tmp_path / "new" / "a.docx").read_bytes() == b"one"
    assert listing(tmp_path / "new" / "pack") == ["x.docx", "y.docx"]
    assert (tmp_path / "new" / "a.docx").stat().st_mode & 0o777 == 0o666 & ~umask()
    assert (tmp_path / "new" / "pack").stat().st_mode & 0o777 == 0o777 & ~umask()
    replace_all({tmp_path / "new" / "pack": {"z.docx": b"z"}})
    assert listing(tmp_path / "new" / "pack") == ["z.docx"]
    assert listing(tmp_path / "new") == ["a.docx", "pack"]


def test_a_full_disk_names_the_output_and_keeps_every_previous_version(tmp_path, disk_full):
    disk_full["allow"] = 10
    replace_all({tmp_path / "a.docx": b"old a", tmp_path / "pack": {"f.docx": b"old f"}})
    disk_full["allow"] = 1  # the first new file fits, the second does not
    with pytest.raises(UsageError) as caught:
        replace_all({tmp_path / "a.docx": b"new a", tmp_path / "pack": {"f.docx": b"new f"}})
    assert caught.value.file == str(tmp_path / "pack")
    assert "No space left on device" in str(caught.value) and ".tmp" not in str(caught.value)
    assert (tmp_path / "a.docx").read_bytes() == b"old a"
    assert (tmp_path / "pack" / "f.docx").read_bytes() == b"old f"
    assert listing(tmp_path) == ["a.docx", "pack"]


def test_a_failed_rename_puts_the_previous_versions_back(tmp_path, monkeypatch):
    replace_all({tmp_path / "a": b"old a", tmp_path / "b": b"old b"})
    real = os.rename

    def rename(source, target):
        if str(target) == str(tmp_path / "b") and str(source).endswith(".tmp"):
            raise OSError(errno.EIO, "Input/output error")
        return real(source, target)
    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(UsageError, match="Input/output error"):
        replace_all({tmp_path / "a": b"new a", tmp_path / "b": b"new b"})
    assert [(tmp_path / n).read_bytes() for n in "ab"] == [b"old a", b"old b"]
    assert listing(tmp_path) == ["a", "b"]


def test_an_interruption_while_writing_leaves_nothing_new(tmp_path, monkeypatch):
    replace_all({tmp_path / "a": b"old a"})
    real = atomic._write

    def interrupted(path, data, replace):
        if "b" in path.name:
            raise KeyboardInterrupt
        real(path, data, replace)
    monkeypatch.setattr(atomic, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_all({tmp_path / "a": b"new a", tmp_path / "b": b"new b"})
    assert listing(tmp_path) == ["a"] and (tmp_path / "a").read_bytes() == b"old a"


def test_a_created_output_folder_goes_again_when_nothing_was_written(tmp_path, disk_full):
    with pytest.raises(UsageError):
        replace_all({tmp_path / "out" / "deeper" / "a": b"a"})
    assert listing(tmp_path) == []


def test_signals_are_held_during_renames_and_raised_after(monkeypatch):
    seen = []
    previous = signal.signal(signal.SIGHUP, lambda *args: seen.append("SIGHUP"))
    try:
        with signals_held():
            os.kill(os.getpid(), signal.SIGHUP)
            assert seen == []
        assert seen == ["SIGHUP"]
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_sweep_removes_temporary_copies_and_restores_a_previous_version(tmp_path):
    (tmp_path / ".a.docx.abcd1234.tmp").write_bytes(b"partial")
    (tmp_path / ".pack.k3x9q0zz.tmp").mkdir()
    (tmp_path / ".pack.aaaa1111.old").mkdir()
    (tmp_path / ".pack.aaaa1111.old" / "f.docx").write_bytes(b"last good")
    (tmp_path / ".a.docx.notmine.tmp").write_bytes(b"the user's")  # not our exact pattern
    sweep(tmp_path / "a.docx")
    sweep(tmp_path / "pack")
    assert listing(tmp_path) == [".a.docx.notmine.tmp", "pack"]
    assert (tmp_path / "pack" / "f.docx").read_bytes() == b"last good"
    (tmp_path / ".pack.bbbb2222.old").mkdir()
    sweep(tmp_path / "pack")  # the output is there: the aside copy is stale
    assert listing(tmp_path) == [".a.docx.notmine.tmp", "pack"]


def test_discard_leaves_no_pack_and_no_copy_aside(tmp_path):
    replace_all({tmp_path / "pack": {"f.docx": b"f"}})
    (tmp_path / ".pack.aaaa1111.old").mkdir()
    discard(tmp_path / "pack")
    assert listing(tmp_path) == []


def test_an_input_is_never_replaced_however_it_is_named(tmp_path):
    plan = tmp_path / "a.plan.yaml"
    plan.write_text("plan")
    os.link(plan, tmp_path / "hard.docx")
    os.symlink(plan, tmp_path / "soft.docx")
    guard = Guard([tmp_path / "." / "a.plan.yaml"])
    for name in ("a.plan.yaml", "hard.docx", "soft.docx"):
        with pytest.raises(UsageError, match="refusing to overwrite an input file") as caught:
            replace_all({tmp_path / name: b"x"}, guard)
        assert caught.value.file == str(tmp_path / name)
    assert plan.read_text() == "plan"


def test_a_folder_holding_an_input_is_never_replaced(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "report.docx").write_bytes(b"report")
    (tmp_path / "plan.yaml").write_text("plan")
    os.link(tmp_path / "plan.yaml", pack / "linked")
    for source in (pack / "report.docx", tmp_path / "plan.yaml"):
        with pytest.raises(UsageError, match="it holds"):
            replace_all({pack: {"f.docx": b"f"}}, Guard([source]))
        with pytest.raises(UsageError, match="it holds"):
            discard(pack, Guard([source]))
    assert listing(pack) == ["linked", "report.docx"]


def test_two_plans_may_not_claim_one_output(tmp_path):
    guard = Guard()
    guard.claim(tmp_path / "out" / "a.action-plan.docx", tmp_path / "a.plan.yaml")
    guard.claim(tmp_path / "out" / "a.action-plan.docx", tmp_path / "a.plan.yaml")
    with pytest.raises(UsageError) as caught:
        guard.claim(tmp_path / "out" / ".." / "out" / "a.action-plan.docx",
                    tmp_path / "b" / "a.plan.yaml", " (same stem)")
    message = str(caught.value)
    assert str(tmp_path / "a.plan.yaml") in message and "b/a.plan.yaml" in message
    assert "(same stem)" in message


def test_a_folder_or_file_in_the_way_is_the_users_and_stays(tmp_path):
    (tmp_path / "a.docx").mkdir()
    (tmp_path / "pack").write_text("a file")
    with pytest.raises(UsageError, match="a folder has the name") as caught:
        replace_all({tmp_path / "a.docx": b"a"})
    assert caught.value.file == str(tmp_path / "a.docx")
    with pytest.raises(UsageError, match="a file has the name"):
        replace_all({tmp_path / "pack": {"f": b"f"}})
    assert listing(tmp_path) == ["a.docx", "pack"]


def test_a_libreoffice_failure_is_a_tool_error_exit_2(tmp_path, monkeypatch):
    """LibreOffice failing is not a problem with the plan: exit 2, not 1."""
    import datetime as dt

    from actionplan_gen.errors import ToolError
    from actionplan_gen.render import pdf

    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'conversion failed' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    try:
        pdf.to_pdf({"a.docx": b"not a document"}, dt.date(2026, 11, 20), tmp_path)
    except ToolError as exc:
        assert exc.exit_code == 2 and "could not convert a.docx" in exc.message
    else:
        raise AssertionError("a failed conversion must raise ToolError")
