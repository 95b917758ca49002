"""Typed shapes of the dicts the extension returns, for type checkers and readers alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, TypedDict, Union

if TYPE_CHECKING:
    from ._imagecurator import _FindingCode

__all__ = [
    "AuditReportDict",
    "AuditSummary",
    "CatalogPlan",
    "FamilyRun",
    "Finding",
    "PolicyConflict",
    "PropagationPlan",
    "PropagationStep",
    "RetentionPlanDict",
    "RetentionReason",
    "RetentionTotals",
    "RevisionDecision",
    "SamplesConfig",
    "TagDecision",
]


class _FindingFields(TypedDict):
    """The fields every finding has."""

    code: _FindingCode
    """Stable code, ``family.snake_case``: ``catalog.not_approved``, ``naming.tag_unversioned``."""
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


class SamplesConfig(TypedDict):
    """The Cluster Samples Operator's ``Config`` that carries out a catalog plan
    (``oc apply -f -``). ``spec`` holds ``skippedImagestreams`` and ``skippedTemplates`` beside
    whatever else the current ``Config`` set."""

    apiVersion: Literal["samples.operator.openshift.io/v1"]
    kind: Literal["Config"]
    metadata: Dict[str, str]
    spec: Dict[str, Any]


class CatalogPlan(TypedDict):
    """What the catalog rules make of one namespace."""

    namespace: str
    kept_streams: List[str]
    removed_streams: List[str]
    removed_templates: List[str]
    samples_config: SamplesConfig
    commands: List[str]
    findings: List[Finding]
    """Empty in an audit report: the audit lists them with the rest."""


RetentionReason = Union[
    Literal["in_use"],
    Literal["pinned_by_template"],
    Literal["protected_pattern"],
    Literal["too_young"],
    Literal["not_imported"],
    Literal["not_a_version"],
    Literal["within_newest_n"],
    Literal["newest_of_line"],
    Literal["alias_of_kept"],
    Literal["within_newest_prereleases"],
    Literal["beyond_newest_n"],
    Literal["beyond_newest_prereleases"],
    Literal["superseded_by_release"],
    Literal["no_evidence"],
    Literal["no_time"],
]
"""Why a tag is kept or pruned."""


class TagDecision(TypedDict):
    """The decision for one tag, and why."""

    namespace: Optional[str]
    stream: str
    tag: str
    scheme: Optional[str]
    """The tag's scheme (``N.N.N``, ``YYYYMMDD``): its version was ranked among tags of the same scheme."""
    image: Optional[str]
    action: Literal["keep", "prune"]
    reason: RetentionReason
    rule: Literal["protection", "version_count", "safety_floor", "alias"]
    used_by: Optional[str]
    """Who uses the tag's image, when the reason is ``in_use``: ``cronjob/a1b2c3-prod/nightly (container backup)``."""
    message: str


class RevisionDecision(TypedDict):
    """An older image of a tag's history, past ``keep_tag_revisions``."""

    namespace: Optional[str]
    stream: str
    tag: str
    image: str
    position: int
    reason: Literal["beyond_tag_revisions"]
    message: str


class RetentionTotals(TypedDict):
    """Counts over a retention plan."""

    streams: int
    tags: int
    kept: int
    pruned: int
    by_reason: Dict[RetentionReason, int]


class RetentionPlanDict(TypedDict):
    """A retention plan as plain data: ``RetentionPlan.to_dict()`` and ``AuditReport.retention``."""

    decisions: List[TagDecision]
    totals: RetentionTotals
    commands: List[str]
    revisions: List[RevisionDecision]
    notes: List[str]
    """What a reader must know about the plan as a whole, such as that it had no evidence of what runs."""
    now: Optional[str]
    """The time of planning used (RFC 3339, UTC), or ``None`` when none was given."""


class PropagationStep(TypedDict):
    """One step of bringing another cluster's curated images in line with this one's."""

    cluster: str
    namespace: str
    stream: str
    tag: str
    action: Literal["add", "update", "extra"]
    source_image: Optional[str]
    target_image: Optional[str]
    source_reference: Optional[str]


class PropagationPlan(TypedDict):
    """What the other clusters need, with the ``oc --context`` commands."""

    steps: List[PropagationStep]
    commands: List[str]


class FamilyRun(TypedDict):
    """Whether one rule family ran in an audit, on how many objects, and why not."""

    family: Literal["catalog", "naming", "curated", "gates", "retention", "propagation"]
    namespace: Optional[str]
    evaluated: bool
    objects: int
    not_evaluated_because: Optional[str]


class AuditReportDict(TypedDict):
    """An audit report as plain data: ``AuditReport.to_dict()``."""

    policy_version: int
    now: Optional[str]
    """The time of the audit used (RFC 3339, UTC), or ``None``: then no rule that needs the time applied."""
    families: List[FamilyRun]
    unused_input: Dict[str, int]
    """Objects read and not used, by kind: kinds the audit does not read (Services, Routes), objects under a
    key that does not take them, and scan reports about no known image (``ScanReport``)."""
    repeated_input: Dict[str, int]
    """Objects given more than once with the same contents, read once, by kind."""
    ignored_kinds: Dict[str, int]
    """Objects of kinds that hold no images (Services, ...) read among the workloads, by kind."""
    summary: AuditSummary
    findings: List[Finding]
    catalog: List[CatalogPlan]
    retention: RetentionPlanDict
    propagation: PropagationPlan
    commands: List[str]
    """Every command of the plans, in an order safe to run: propagation, the samples Config patch, the
    catalog's deletions, retention's untagging."""


class PolicyConflict(TypedDict):
    """A statement of the policy that another overrides."""

    path: str
    subject: str
    message: str
