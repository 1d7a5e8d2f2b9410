"""A record behaves as the dataclass it replaces: made, compared, hashed, shown, frozen and
used by ``dataclasses`` functions the same way (see records.py for why it exists)."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from actionplan_gen.records import record


def _pair(frozen: bool):
    """The same class twice: as a record and as the dataclass it stands for."""

    def body():
        class Thing:
            name: str
            count: int = 0
            tags: tuple = ()
            notes: list = field(default_factory=list)
            hidden: str = field(default="x", repr=False, compare=False)
        return Thing

    as_record = record(body()) if frozen else record(frozen=False)(body())
    as_dataclass = dataclass(frozen=frozen)(body())
    return as_record, as_dataclass


@pytest.mark.parametrize("frozen", [True, False])
def test_made_compared_and_shown_as_a_dataclass(frozen):
    ours, theirs = _pair(frozen)
    for args, kwargs in [(("a",), {}), (("a", 2), {"tags": ("t",)}),
                         ((), {"name": "b", "notes": [1], "hidden": "y"})]:
        mine, reference = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert repr(mine).replace("Thing", "") == repr(reference).replace("Thing", "")
        assert dataclasses.asdict(mine) == dataclasses.asdict(reference)
        assert mine == ours(*args, **kwargs)
    assert ours("a") != ours("b")
    assert ours("a", hidden="1") == ours("a", hidden="2")  # compare=False, as declared
    assert ours("a") != theirs("a")
    assert ours("a").notes is not ours("a").notes  # a fresh default each time
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in
                                                          dataclasses.fields(theirs)]
    assert dataclasses.is_dataclass(ours("a"))
    assert dataclasses.replace(ours("a", 1), count=5) == ours("a", 5)


def test_frozen_records_refuse_changes_and_hash_by_value():
    thing = record(type("Thing", (), {"__annotations__": {"name": "str"}}))("a")
    with pytest.raises(FrozenInstanceError):
        thing.name = "b"
    with pytest.raises(FrozenInstanceError):
        del thing.name
    ours, theirs = _pair(True)
    assert hash(ours("a", 1, ("t",), None)) == hash(ours("a", 1, ("t",), None))
    assert len({ours("a", 1, (), None), ours("a", 1, (), None), ours("b", 1, (), None)}) == 2
    for made in (ours, theirs):  # a list inside makes either unhashable
        with pytest.raises(TypeError):
            hash(made("a"))
    assert pickle.loads(pickle.dumps(Pickled("a"))) == Pickled("a")


@record
class Pickled:
    name: str


def test_mutable_records_change_and_are_not_hashable():
    ours, _ = _pair(False)
    thing = ours("a")
    thing.count = 3
    assert thing == ours("a", 3)
    with pytest.raises(TypeError):
        hash(thing)


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((), {}, "missing required argument: 'name'"),
    (("a", 1, (), [], "x", "extra"), {}, "takes 5 arguments but 6 were given"),
    (("a",), {"name": "b"}, "multiple values for argument 'name'"),
    (("a",), {"colour": "red"}, "unexpected keyword argument 'colour'"),
])
def test_wrong_arguments_are_type_errors(args, kwargs, message):
    ours, _ = _pair(True)
    with pytest.raises(TypeError, match=message):
        ours(*args, **kwargs)


def test_a_method_the_class_defines_is_kept_and_post_init_runs():
    @record
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

        def __post_init__(self) -> None:
            object.__setattr__(self, "name", self.name.strip())

    assert repr(Named(" a ")) == "<a>"
