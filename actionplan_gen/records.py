"""Records: dataclasses whose methods are shared, not written and compiled per class.

For every frozen class, ``dataclasses.dataclass`` writes six methods as source text and
compiles them while its module is imported. apgen has about fifty such classes on the path
of every command, and compiling their methods cost 20-40 ms of each run: more than reading
and checking a plan. A record is still a dataclass (``fields``, ``replace``, ``asdict`` and
``is_dataclass`` work as before), made, compared, hashed, shown and frozen as a dataclass
is; its methods are the few functions below, compiled once with this module.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields


def record(cls=None, *, frozen: bool = True):
    """``@record`` for ``@dataclass(frozen=True)``; ``@record(frozen=False)`` for
    ``@dataclass``. A method the class defines itself is kept."""

    def make(cls):
        undocumented = not cls.__dict__.get("__doc__")
        if undocumented:  # else dataclass asks inspect for a signature: ~3 ms the first time
            cls.__doc__ = cls.__name__
        cls = dataclass(init=False, repr=False, eq=False)(cls)
        every = fields(cls)
        if undocumented:
            cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in every if f.init)})"
        cls._record_init = tuple((f.name, f.init, f.default, f.default_factory) for f in every)
        cls._record_shown = tuple(f.name for f in every if f.repr)
        cls._record_compared = tuple(f.name for f in every if f.compare)
        methods = {"__init__": _init, "__repr__": _repr, "__eq__": _eq,
                   "__hash__": _hash if frozen else None}
        if frozen:
            methods |= {"__setattr__": _refuse_set, "__delattr__": _refuse_delete}
        for name, method in methods.items():
            if name not in cls.__dict__ or (name == "__hash__" and cls.__dict__[name] is None):
                setattr(cls, name, method)
        return cls

    return make if cls is None else make(cls)


def _init(self, *args, **kwargs) -> None:
    spec = self._record_init
    name = type(self).__qualname__
    if len(args) > len(spec):
        raise TypeError(f"{name}() takes {len(spec)} arguments but {len(args)} were given")
    for index, (field_name, init, default, factory) in enumerate(spec):
        if init and index < len(args):
            if field_name in kwargs:
                raise TypeError(f"{name}() got multiple values for argument '{field_name}'")
            value = args[index]
        elif init and field_name in kwargs:
            value = kwargs.pop(field_name)
        elif default is not MISSING:
            value = default
        elif factory is not MISSING:
            value = factory()
        else:
            raise TypeError(f"{name}() missing required argument: '{field_name}'")
        object.__setattr__(self, field_name, value)
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    post_init = getattr(self, "__post_init__", None)
    if post_init is not None:
        post_init()


def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{type(self).__qualname__}({shown})"


def _values(self) -> tuple:
    return tuple(getattr(self, name) for name in self._record_compared)


def _eq(self, other):
    if other.__class__ is self.__class__:
        return _values(self) == _values(other)
    return NotImplemented


def _hash(self) -> int:
    return hash(_values(self))


def _refuse_set(self, name: str, value) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
