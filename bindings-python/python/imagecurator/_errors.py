"""The exception classes: plain Python, so they pickle, subclass and type-check like any other.

The Rust extension builds them through ``_make_error``; nothing else should call it.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "Error",
    "InvalidReference",
    "InvalidTag",
    "InvalidNamespace",
    "InvalidPattern",
    "InvalidScope",
    "InvalidInput",
    "InvalidPolicy",
]


class Error(ValueError):
    """Every error imagecurator raises.

    ``code`` is stable (``"invalid_digest"``, ``"namespace_too_long"``, ...), ``message`` names
    the input and the rule it breaks, and ``offset`` is the byte offset of the problem in the
    input where one is known. ``path`` says where in a document (a policy or an inventory) the
    problem is, such as ``"catalog.openshift.remove[3]"``, where that applies.
    """

    code: str
    message: str
    offset: Optional[int]
    path: Optional[str]

    def __init__(self, message: str, code: str, offset: Optional[int] = None, path: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.offset = offset
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.message, self.code, self.offset, self.path))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, "
            f"offset={self.offset!r}, path={self.path!r})"
        )


class InvalidReference(Error):
    """An image reference, digest or image name breaks its grammar."""


class InvalidTag(Error):
    """A tag cannot be a tag."""


class InvalidNamespace(Error):
    """A namespace name is not a DNS-1123 label."""


class InvalidPattern(Error):
    """A namespace pattern or regular expression is invalid."""


class InvalidScope(Error):
    """A registry scope is not a registry host with an optional repository prefix."""


class InvalidInput(Error):
    """Input data (an ImageStream, a PodList, a Template) does not have the shape it must."""


class InvalidPolicy(Error):
    """A policy breaks a rule, such as keeping fewer than one version."""


# One class per error area, by the name the core gives it (`ErrorArea::class_name`).
_BY_NAME = {
    cls.__name__: cls
    for cls in (InvalidReference, InvalidTag, InvalidNamespace, InvalidPattern, InvalidScope, InvalidInput, InvalidPolicy)
}


def _make_error(message: str, code: str, class_name: str, offset: Optional[int], path: Optional[str] = None) -> Error:
    # No fallback: an area the core adds without a class here fails loudly, and a test
    # (test_every_error_area_has_a_class) catches it first.
    return _BY_NAME[class_name](message, code, offset, path)


# Show and pickle the classes under the package users import them from.
for _cls in (Error, *_BY_NAME.values()):
    _cls.__module__ = "imagecurator"
