"""pdfium's C functions with plain integer handles, for per-character loops.

pypdfium2's bindings type every handle as a pointer to its own opaque struct,
so each call converts and wraps pointers (about 2 µs a call); a page model
makes several calls per character.  The same library functions declared
with ``c_void_p`` handles take and give plain integers (about half that),
and an integer handle is its own dictionary key.  Buffers and out-structs
(``FS_MATRIX``, ``FS_RECTF``...) keep pypdfium2's types.

:meth:`Calls.bare` goes one step further for the per-character loops: no
argument types at all, so ctypes converts nothing (about a third cheaper
again); the caller passes handles as ``c_void_p``, indices as ints and
out-parameters with ``byref``.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import Any

import numpy as np


def _plain(t: Any) -> Any:
    """``c_void_p`` for pointers to pdfium's opaque handle structs."""
    target = getattr(t, "_type_", None)
    if isinstance(target, type) and target.__name__.startswith("struct_fpdf_"):
        return ctypes.c_void_p
    return t


class Calls:
    """Attribute access gives the named pdfium function with integer handles."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.dll = ctypes.CDLL(_library_path())
        self._untyped = ctypes.CDLL(_library_path())  # its own function objects: no argtypes set on them
        self._bare: dict[str, Any] = {}
        self._handing = ctypes.CDLL(_library_path())  # and for functions giving handles as they are

    def __getattr__(self, name: str) -> Any:
        typed = getattr(self.raw, name)
        fn = getattr(self.dll, name)
        fn.argtypes = [_plain(t) for t in typed.argtypes]
        fn.restype = _plain(typed.restype)
        setattr(self, name, fn)
        return fn

    def bare(self, name: str) -> Any:
        """The named function without argument types (its result typed as
        :meth:`__getattr__` types it): pass ``c_void_p`` handles, int
        indices and ``byref`` out-parameters only."""
        fn = self._bare.get(name)
        if fn is None:
            fn = self._bare[name] = getattr(self._untyped, name)
            fn.restype = _plain(getattr(self.raw, name).restype)
        return fn

    def bare_handle(self, name: str) -> Any:
        """The named function without argument types, giving the handle it
        returns as a :class:`Handle` (ctypes turns a plain ``c_void_p``
        result into an int, which a bare call would pass as a C int)."""
        fn = getattr(self._handing, name)
        fn.restype = Handle
        return fn


class Handle(ctypes.c_void_p):
    """A pdfium handle kept as a pointer (a subclass: ctypes leaves it as it is)."""


def _library_path() -> str:
    """The pdfium library pypdfium2 loaded (dlopen hands back the same one)."""
    import pypdfium2_raw.bindings as bindings

    return str(bindings._libs["pdfium"]._name)


@lru_cache(maxsize=1)
def calls() -> Calls:
    return Calls()


#: pdfium's marks for a hyphen at a line end: per character (``FPDFText_GetUnicode``)
#: and in bulk text (``FPDFText_GetText``)
PDFIUM_HYPHENS = (chr(2), "\ufffe")


#: a UTF-16 unit is half a surrogate pair when its top five bits are these
SURROGATE_MASK, SURROGATE_BITS = 0xF800, 0xD800


def char_codes(fn: Calls, textpage: int, count: int) -> list[int]:
    """The unicode of each of the text page's first ``count`` characters:
    one ``FPDFText_GetText`` call when its UTF-16 lines up with the
    characters one to one (no surrogate pairs: checked over an array, not
    unit by unit in Python), else one call per character."""
    buf = (ctypes.c_ushort * (count + 1))()
    got = fn.FPDFText_GetText(textpage, 0, count, buf)
    units = np.frombuffer(memoryview(buf), dtype=np.uint16, count=count)
    if got - 1 == count and not ((units & SURROGATE_MASK) == SURROGATE_BITS).any():
        return units.tolist()
    return [fn.FPDFText_GetUnicode(textpage, i) for i in range(count)]


def handle(obj: Any) -> int:
    """The integer handle of a pypdfium2 object's ``raw`` pointer."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0
