"""imagecurator: decisions about the container images a shared OpenShift/Kubernetes cluster runs.

>>> import imagecurator
>>> str(imagecurator.parse_reference("nginx:1.25"))
'docker.io/library/nginx:1.25'
>>> imagecurator.sort_tags(["1.10", "1.9", "latest"])
['1.9', '1.10', 'latest']
>>> imagecurator.NamespacePattern.glob("*-prod").matches("a1b2c3-production")
False
"""

from ._errors import (
    Error,
    InvalidInput,
    InvalidNamespace,
    InvalidPattern,
    InvalidPolicy,
    InvalidReference,
    InvalidScope,
    InvalidTag,
)
from ._types import AuditSummary, Finding
from ._imagecurator import (
    AuditReport,
    Policy,
    Namespace,
    NamespacePattern,
    NamespaceSelector,
    PackedName,
    Reference,
    RegistryScope,
    RetentionPlan,
    Tag,
    audit,
    check_namespace,
    check_stream_name,
    check_tag,
    default_retention_policy,
    error_codes,
    finding_codes,
    parse_namespace,
    parse_namespaces,
    parse_reference,
    parse_references,
    parse_tag,
    parse_tags,
    plan_retention,
    sort_tags,
    split_packed_name,
)

__all__ = [
    "AuditSummary",
    "Finding",
    "AuditReport",
    "Policy",
    "audit",
    "check_namespace",
    "check_stream_name",
    "check_tag",
    "Error",
    "InvalidInput",
    "InvalidNamespace",
    "InvalidPattern",
    "InvalidPolicy",
    "InvalidReference",
    "InvalidScope",
    "InvalidTag",
    "Namespace",
    "NamespacePattern",
    "NamespaceSelector",
    "PackedName",
    "Reference",
    "RegistryScope",
    "RetentionPlan",
    "Tag",
    "default_retention_policy",
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
