"""Type stubs for the Rust extension module; checked against it by mypy.stubtest in CI."""

import datetime
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union, final

from ._errors import Error
from ._types import (
    AuditReportDict,
    AuditSummary,
    CatalogPlan,
    Finding,
    PolicyConflict,
    RetentionPlanDict,
    RetentionTotals,
    TagDecision,
)

__all__ = [
    "AuditReport",
    "Policy",
    "audit",
    "check_namespace",
    "check_stream_name",
    "check_tag",
    "policy_schema",
    "export_admission",
    "export_scan_gate",
    "Namespace",
    "NamespacePattern",
    "NamespaceSelector",
    "PackedName",
    "Reference",
    "RegistryScope",
    "RetentionPlan",
    "Tag",
    "default_retention_policy",
    "_error_classes",
    "error_codes",
    "finding_codes",
    "parse_namespace",
    "parse_namespaces",
    "parse_reference",
    "parse_references",
    "parse_tag",
    "parse_tags",
    "plan_retention",
    "sort_tags",
    "split_packed_name",
]

_FindingCode = Literal[
    "catalog.not_approved",
    "catalog.not_scheduled",
    "catalog.release_payload",
    "catalog.required_missing",
    "catalog.required_removed",
    "catalog.stale_name",
    "catalog.template_broken",
    "catalog.template_removed",
    "catalog.unskipped",
    "curated.bad_annotation",
    "curated.build_in_future",
    "curated.champion_missing",
    "curated.deprecated_past_date",
    "curated.never_built",
    "curated.owner_missing",
    "curated.rebuild_overdue",
    "curated.removed_present",
    "curated.stale_entry",
    "curated.too_many_versions",
    "gate.digest_required",
    "gate.exception_expired",
    "gate.origin_not_approved",
    "gate.origin_untraceable",
    "gate.registry_required",
    "gate.scan_threshold",
    "gate.scan_unknown",
    "naming.namespace_invalid",
    "naming.namespace_not_plate",
    "naming.stream_invalid",
    "naming.stream_style",
    "naming.tag_invalid",
    "naming.tag_unversioned",
]

_ErrorCode = Literal[
    "empty_reference",
    "invalid_reference_format",
    "uppercase_repository",
    "name_too_long",
    "invalid_tag",
    "invalid_digest",
    "unsupported_digest_algorithm",
    "empty_namespace",
    "namespace_too_long",
    "namespace_invalid_character",
    "namespace_invalid_start",
    "namespace_invalid_end",
    "invalid_pattern",
    "invalid_regex",
    "regex_too_large",
    "invalid_scope",
    "invalid_image_name",
    "invalid_input",
    "invalid_policy",
    "not_exportable",
]

_TagKind = Literal["semver", "loose", "variant", "floating", "build_id", "unparseable"]
_EnvironmentName = Literal["tools", "dev", "test", "prod"]

@final
class Reference:
    """A parsed, normalized image reference; ``str()`` is the canonical full form."""

    def __new__(cls, text: str) -> Reference: ...
    @property
    def domain(self) -> str: ...
    @property
    def host(self) -> str: ...
    @property
    def port(self) -> Optional[int]: ...
    @property
    def path(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def tag(self) -> Optional[str]: ...
    @property
    def digest(self) -> Optional[str]: ...
    @property
    def familiar(self) -> str: ...
    @property
    def familiar_name(self) -> str: ...
    @property
    def canonical(self) -> str: ...
    @property
    def internal(self) -> Optional[Tuple[str, str]]: ...
    def is_docker_hub(self) -> bool: ...
    @staticmethod
    def names_registry(text: str) -> bool:
        """Whether ``text``, as written, names its registry (``docker.io/library/nginx``, not
        ``nginx``, which CRI-O resolves through the node's search registries)."""
    def with_tag(self, tag: str) -> Reference: ...
    def with_digest(self, digest: str) -> Reference: ...
    def pull_reference(self) -> Reference: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __hash__(self) -> int: ...
    def __lt__(self, other: Reference, /) -> bool: ...
    def __le__(self, other: Reference, /) -> bool: ...
    def __gt__(self, other: Reference, /) -> bool: ...
    def __ge__(self, other: Reference, /) -> bool: ...
    def __reduce__(self) -> Tuple[Any, Tuple[str]]: ...

@final
class RegistryScope:
    """A registry, with an optional ``*.`` wildcard, port and repository prefix."""

    def __new__(cls, text: str) -> RegistryScope: ...
    def allows(self, reference: Union[str, Reference]) -> bool: ...
    def allows_all(self, references: List[str]) -> List[bool]: ...

@final
class Tag:
    """An image tag, classified; ``<`` is the total sort order."""

    def __new__(cls, text: str) -> Tag: ...
    @property
    def tag(self) -> str: ...
    @property
    def kind(self) -> _TagKind: ...
    @property
    def release(self) -> List[int]: ...
    @property
    def v_prefix(self) -> bool: ...
    @property
    def prerelease(self) -> Optional[str]: ...
    @property
    def revision(self) -> Optional[str]: ...
    @property
    def qualifier(self) -> Optional[str]: ...
    @property
    def variant(self) -> Optional[str]: ...
    @property
    def build(self) -> Optional[str]: ...
    @property
    def scheme(self) -> Optional[str]:
        """The shape the version is written in (``N.N.N``, ``vN.N-ubi8``, ``YYYYMMDD``); versions
        compare only within one scheme, and retention ranks and counts each on its own."""
    def is_version(self) -> bool: ...
    def same_line(self, other: Tag) -> bool: ...
    def cmp_precedence(self, other: Tag) -> Optional[int]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __hash__(self) -> int: ...
    def __lt__(self, other: Tag, /) -> bool: ...
    def __le__(self, other: Tag, /) -> bool: ...
    def __gt__(self, other: Tag, /) -> bool: ...
    def __ge__(self, other: Tag, /) -> bool: ...
    def __reduce__(self) -> Tuple[Any, Tuple[str]]: ...

@final
class PackedName:
    """A Red Hat style name split into base name and packed version digits."""

    @property
    def name(self) -> str: ...
    @property
    def base(self) -> str: ...
    @property
    def digits(self) -> str: ...
    @property
    def rest(self) -> Optional[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Namespace:
    """A valid namespace name (DNS-1123 label)."""

    def __new__(cls, name: str) -> Namespace: ...
    @property
    def name(self) -> str: ...
    @property
    def plate(self) -> Optional[str]: ...
    @property
    def environment(self) -> Optional[_EnvironmentName]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __hash__(self) -> int: ...

@final
class NamespacePattern:
    """An exact name, glob, anchored regex or environment class."""

    def __new__(cls, text: str) -> NamespacePattern: ...
    @staticmethod
    def parse(text: str) -> NamespacePattern: ...
    @staticmethod
    def exact(name: str) -> NamespacePattern: ...
    @staticmethod
    def glob(pattern: str) -> NamespacePattern: ...
    @staticmethod
    def regex(pattern: str) -> NamespacePattern: ...
    @staticmethod
    def environment(environment: str) -> NamespacePattern: ...
    def matches(self, name: str) -> bool: ...
    def filter(self, names: List[str]) -> List[str]: ...
    @property
    def kind(self) -> Literal["exact", "glob", "regex", "env"]: ...
    @property
    def source(self) -> str: ...

@final
class NamespaceSelector:
    """Include and exclude lists; an empty include list selects nothing."""

    def __new__(cls, include: List[str], exclude: List[str] = ...) -> NamespaceSelector: ...
    def matches(self, name: str) -> bool: ...
    def filter(self, names: List[str]) -> List[str]: ...
    @property
    def include(self) -> List[str]: ...
    @property
    def exclude(self) -> List[str]: ...

def parse_reference(text: str) -> Reference: ...
def parse_references(texts: List[str]) -> List[Union[Reference, Error]]: ...
def parse_tag(text: str) -> Tag: ...
def parse_tags(texts: List[str]) -> List[Union[Tag, Error]]: ...
def sort_tags(texts: List[str]) -> List[str]: ...
def split_packed_name(name: str) -> Optional[PackedName]: ...
def parse_namespace(name: str) -> Namespace: ...
def parse_namespaces(names: List[str]) -> List[Union[Namespace, Error]]: ...
def error_codes() -> List[_ErrorCode]: ...
def finding_codes() -> List[_FindingCode]: ...
def _error_classes() -> List[str]: ...

@final
class RetentionPlan:
    """A decision for every tag, totals, and the ``oc tag -d`` commands that carry it out."""

    @property
    def commands(self) -> List[str]: ...
    @property
    def decisions(self) -> List[TagDecision]: ...
    @property
    def totals(self) -> RetentionTotals: ...
    def to_dict(self) -> RetentionPlanDict: ...
    def to_json(self) -> str: ...

def plan_retention(
    streams: Union[Mapping[str, Any], Sequence[Mapping[str, Any]], str, bytes],
    policy: Optional[Mapping[str, Any]] = None,
    in_use: Union[Mapping[str, Any], Sequence[Any], None] = None,
    templates: Union[Mapping[str, Any], Sequence[Mapping[str, Any]], None] = None,
    now: Union[str, datetime.datetime, None] = None,
) -> RetentionPlan:
    """Plans retention over image streams.

    ``streams`` is what ``oc get is -o json`` prints (an ImageStream, ImageStreamList or List,
    as dicts or as JSON text), a list of those, or plain registry repositories
    ``{"repository": ..., "tags": [{"name", "digest", "created"}]}``. ``policy`` is a policy
    dict (``default_retention_policy()`` shows every field); ``in_use`` the evidence of what
    runs or builds: what ``oc get pods,rc,rs,deploy,dc,sts,ds,jobs,cronjobs,bc,builds -A -o json``
    prints (any mix of kinds, a List or a list of them) or a list of image references. Without
    it nothing is pruned (each tag that would go is kept as ``no_evidence``); ``[]`` says that
    nothing runs. Each ``in_use`` decision names its user in ``used_by``. ``templates`` a Template/TemplateList dict or a list of them;
    ``now`` the time of planning (RFC 3339 text or a datetime, naive ones read as UTC): without
    it ages are unknown and no tag is pruned on age (``no_time``), as in Rust and JavaScript; the
    plan's ``now`` says which time was used. Raises ``InvalidInput`` or ``InvalidPolicy``.
    """
def default_retention_policy() -> Dict[str, Any]: ...

@final
class Policy:
    """A policy document: ``Policy()`` is the strategy; ``Policy(document)`` reads a dict or
    JSON text strictly and raises ``InvalidPolicy`` whose ``path`` names the bad value."""

    def __new__(cls, document: Union[Mapping[str, Any], str, bytes, None] = None) -> Policy: ...
    @staticmethod
    def default() -> Policy: ...
    @staticmethod
    def from_dict(document: Mapping[str, Any]) -> Policy: ...
    @staticmethod
    def from_json(text: Union[str, bytes]) -> Policy: ...
    @property
    def version(self) -> int: ...
    def conflicts(self) -> List[PolicyConflict]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class AuditReport:
    """Findings, one catalog plan per catalog namespace (with its samples ``Config``), and the
    retention plan."""

    @property
    def summary(self) -> AuditSummary: ...
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def catalog(self) -> List[CatalogPlan]: ...
    @property
    def retention(self) -> RetentionPlanDict: ...
    def to_dict(self) -> AuditReportDict: ...
    def to_json(self) -> str: ...
    def to_table(self) -> str: ...
    def to_markdown(self) -> str: ...

def audit(
    policy: Union[Policy, Mapping[str, Any], str, None],
    inventory: Union[Mapping[str, Any], Sequence[Mapping[str, Any]], str, bytes],
    now: Union[str, datetime.datetime, None] = None,
) -> AuditReport:
    """Audits a cluster's data against a policy (the strategy when ``None``).

    ``inventory`` is a keyed inventory (any of ``imagestreams``, ``templates``, ``pods``,
    ``workloads``, ``scans``, ``samples_config``, ``namespaces``, ``now`` and ``peers``),
    documents as ``oc get -o json`` prints them (one, or a list mixing both forms; each
    object goes where its kind belongs), or JSON text of either, several documents one after
    another included. Raises ``InvalidPolicy`` or ``InvalidInput``.
    """
def check_stream_name(namespace: str, name: str) -> List[Finding]: ...
def check_namespace(name: str, needs_plate: bool = False) -> List[Finding]: ...
def check_tag(namespace: str, stream: str, tag: str, versioned: bool = False) -> List[Finding]: ...
def policy_schema() -> Dict[str, Any]: ...
def export_admission(policy: Union[Policy, Mapping[str, Any], str, None], target: Literal["vap", "kyverno", "gatekeeper", "image-config"]) -> List[Dict[str, Any]]:
    """The policy's prod gates as admission objects for ``target`` (``"vap"``: a
    ValidatingAdmissionPolicy and its binding, meaning what the audit means; ``"kyverno"``: a
    Kyverno ClusterPolicy running the same CEL; ``"gatekeeper"``: a K8sAllowedReposv2
    constraint, string prefixes only, so never looser and sometimes stricter;
    ``"image-config"``: OpenShift's Image config ``cluster``, the cluster-wide registry floor of
    the gates' and ``gates.admission.platform_registries``' registries). Raises
    ``InvalidPolicy`` (code ``not_exportable`` when the gates enforce nothing)."""
def export_scan_gate(
    policy: Union[Policy, Mapping[str, Any], str, None],
    inventory: Union[Mapping[str, Any], Sequence[Mapping[str, Any]], str, bytes],
) -> List[Dict[str, Any]]:
    """The gates' scan rule for the API server, from an audit's data (``gates.admission.require_scan_passed``):
    a ConfigMap of the digests whose scan passed the gate, a ValidatingAdmissionPolicy that admits
    in the gated namespaces only images pinned to one of them, and its binding to the gated
    namespaces the data holds. ``inventory`` is what ``audit`` takes. Raises ``InvalidPolicy``
    (code ``not_exportable`` when the rule is off or no namespace of the data is gated) or
    ``InvalidInput``."""
