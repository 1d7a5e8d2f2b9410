"""The loader: YAML 1.2 semantics, refusals, and locations."""

from __future__ import annotations

import time

import pytest

from actionplan_gen.errors import PlanInvalid, UsageError
from actionplan_gen.loader import MAX_BYTES, load_file, load_text


def problems_of(text: str) -> list[str]:
    with pytest.raises(PlanInvalid) as info:
        load_text(text, "p.yaml")
    return [str(p) for p in info.value.problems]


def test_yaml_1_1_words_stay_text_and_dates_stay_iso_strings():
    data = load_text("a: no\nb: on\nc: yes\nd: off\ne: 2026-03-01\nf: 017\ng: 0o17\n"
                     "h: true\ni: ~\nj: 1.5\nk: 12:30\n", "p.yaml").data
    assert data == {"a": "no", "b": "on", "c": "yes", "d": "off", "e": "2026-03-01",
                    "f": 17, "g": 15, "h": True, "i": None, "j": 1.5, "k": "12:30"}


def test_source_map_points_at_keys_and_values():
    loaded = load_text("plan:\n  version: '1'\nitems:\n  - x\n  - {id: A1}\n", "p.yaml")
    assert loaded.source_map.locate(("plan", "version"), at_key=True) == (2, 3)
    assert loaded.source_map.locate(("plan", "version")) == (2, 12)
    assert loaded.source_map.locate(("items", 1, "id")) == (5, 10)
    # A path that does not exist falls back to its nearest ancestor.
    assert loaded.source_map.locate(("items", 1, "missing")) == (5, 5)


def test_duplicate_keys_name_both_lines():
    assert problems_of("a: 1\nb: 2\na: 3\n") == [
        "p.yaml:3:1: a: 'a' appears twice in the same block (lines 1 and 3); keep one"]


def test_python_tags_are_refused_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    [message] = problems_of(text)
    assert "p.yaml:1:4: a: the tag !!python/object/apply:os.system is not allowed" in message
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    [message] = problems_of("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 0.5
    assert "expands to more than" in message


def test_many_aliases_are_refused():
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 150) + "]\n"
    [message] = problems_of(text)
    assert "more than 100 aliases" in message


def test_recursive_alias_is_refused():
    assert problems_of("a: &a [*a]\n") == [
        "p.yaml:1:4: a[0]: an alias refers to the block that contains it"]


def test_deep_nesting_is_refused():
    [message] = problems_of("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nests deeper than 50 levels" in message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_or_comment_only_file(text):
    assert problems_of(text) == [
        "p.yaml:1:1: the file is empty (or holds only comments); start from `apgen init`"]


def test_top_level_must_be_a_mapping():
    [message] = problems_of("- a\n- b\n")
    assert message.startswith("p.yaml:1:1: a plan must be a set of 'key: value' entries")


def test_more_than_one_document():
    assert problems_of("a: 1\n---\nb: 2\n") == [
        "p.yaml:2:1: the file holds more than one YAML document (a second '---'); "
        "keep one plan per file"]


def test_control_characters_raw_and_escaped_are_located():
    assert problems_of("a: ok\nb: bad\x0bvalue\n")[0].startswith(
        "p.yaml:2:7: contains the control character U+000B")
    assert problems_of('a: "bell \\a here"\n')[0].startswith(
        "p.yaml:1:4: a: contains the control character U+0007")


def test_syntax_error_is_located_with_a_hint():
    [message] = problems_of("a: b: c\n")
    assert message.startswith("p.yaml:1:5: YAML syntax error: mapping values are not allowed")
    assert "put the whole value in quotes" in message


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_file(path).data == {"a": 1}


def test_utf16_is_refused(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(PlanInvalid) as info:
        load_file(path)
    assert "saved as UTF-16" in str(info.value.problems[0])


def test_invalid_utf8_is_located(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(PlanInvalid) as info:
        load_file(path)
    assert str(info.value.problems[0]).startswith(f"{path}:2:7: the file is not valid UTF-8")


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(PlanInvalid) as info:
        load_file(path)
    assert "not a text file" in str(info.value.problems[0])


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "p.yaml"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(PlanInvalid) as info:
        load_file(path)
    assert "must be under 5 MiB" in str(info.value.problems[0])


def test_missing_file_and_folder_are_usage_errors(tmp_path):
    with pytest.raises(UsageError) as info:
        load_file(tmp_path / "nope.yaml")
    assert info.value.exit_code == 2 and "no such file" in info.value.message
    with pytest.raises(UsageError):
        load_file(tmp_path)


@pytest.mark.parametrize("value", ["0x" + "f" * 3600, "1" * 5000, "0o" + "7" * 5000, "1e99999",
                                   "-1e99999", "1." + "0" * 60])
def test_numbers_no_plan_can_mean_stay_text(value):
    """Past 4,300 digits Python cannot even print an int; 1e99999 only overflows to inf."""
    assert load_text(f"a: {value}\n", "p.yaml").data == {"a": value}


def test_ordinary_numbers_and_infinity_still_resolve():
    data = load_text("a: 0x1F\nb: 12\nc: 1e3\nd: .inf\ne: -.inf\n", "p.yaml").data
    assert data == {"a": 31, "b": 12, "c": 1000.0, "d": float("inf"), "e": float("-inf")}


def test_explicit_tags_on_the_wrong_text_are_located():
    assert problems_of("a: !!int abc\nb: !!bool yes\nc: !!int " + "9" * 5000 + "\n") == [
        "p.yaml:1:4: a: 'abc' is not a valid int", "p.yaml:2:4: b: 'yes' is not a valid bool"]


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\x85", "\x9f"])
def test_del_and_c1_controls_are_refused_located(char):
    code = f"U+{ord(char):04X}"
    assert problems_of(f"a: ok\nb: x{char}y\n")[0].startswith(
        f"p.yaml:2:5: contains the control character {code}")
    assert problems_of(f'a: "x\\u{ord(char):04x}"\n')[0].startswith(
        f"p.yaml:1:4: a: contains the control character {code}")


def warnings_of(text: str) -> list[str]:
    return [str(w) for w in load_text(text, "p.yaml").warnings]


@pytest.mark.parametrize("text", ["a: Standards #3 and #4.\n", "a: Standards # 3 and 4\n",
                                  "a:\n  - Standards #3\n", "a: {b: Standards #3\n  }\n"])
def test_a_hash_that_cuts_an_unquoted_value_is_warned(text):
    [warning] = warnings_of(text)
    assert warning.startswith(("p.yaml:1:", "p.yaml:2:5:")) and "ends at 'Standards'" in warning
    assert "put the whole value in quotes" in warning


@pytest.mark.parametrize("text", ["a: draft   # or submitted\n", "a: draft # Or submitted\n",
                                  "a: 'Standards' #3\n", "a: Standards\n# 3 and 4\n",
                                  "a: 'Standards #3'\n", "a: b#3\n", "a: x #\n"])
def test_comments_written_as_comments_are_not_warned(text):
    assert warnings_of(text) == []
