"""Typed shapes of the dicts the extension returns, for type checkers and readers alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict

if TYPE_CHECKING:
    from ._imagecurator import _FindingCode

__all__ = ["Finding", "AuditSummary"]


class _FindingFields(TypedDict):
    """The fields every finding has."""

    code: _FindingCode
    """Stable code, ``family.kebab-case``: ``catalog.not-approved``, ``naming.tag-unversioned``."""
    severity: Literal["info", "warning", "error"]
    subject: str
    """What it is about, as ``kind/namespace/name``: ``imagestream/openshift/php``."""
    message: str
    remediation: str


class Finding(_FindingFields, total=False):
    """One problem an audit or a naming check reports."""

    suggestion: str
    """A corrected value, where one can be derived (``Postgres_96`` -> ``postgres-96``)."""


class AuditSummary(TypedDict):
    """Findings counted by severity."""

    errors: int
    warnings: int
    infos: int
