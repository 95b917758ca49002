"""The Python API as a user meets it: objects, errors, batches, ordering, pickling."""

import json
import pickle
from pathlib import Path

import pytest

import imagecurator as ic
from conftest import ROOT


def test_reference_attributes_and_forms() -> None:
    r = ic.parse_reference("nginx:1.25")
    assert (r.domain, r.path, r.tag, r.digest) == ("docker.io", "library/nginx", "1.25", None)
    assert str(r) == "docker.io/library/nginx:1.25"
    assert r.familiar == "nginx:1.25"
    assert repr(r) == "Reference('docker.io/library/nginx:1.25')"
    assert r == ic.parse_reference("index.docker.io/library/nginx:1.25")
    assert len({r, ic.parse_reference("docker.io/library/nginx:1.25")}) == 1
    assert r != "docker.io/library/nginx:1.25"
    assert ic.Reference("quay.io/a/b") == ic.parse_reference("quay.io/a/b")


def test_internal_registry_reference() -> None:
    r = ic.parse_reference("image-registry.openshift-image-registry.svc:5000/openshift/python:3.9-ubi8")
    assert r.internal == ("openshift", "python")
    assert r.port == 5000


def test_with_tag_digest_and_pull_reference() -> None:
    r = ic.parse_reference("quay.io/a/b:1")
    digest = "sha256:" + "1" * 64
    assert str(r.with_tag("2")) == "quay.io/a/b:2"
    assert str(r.with_digest(digest)) == f"quay.io/a/b:1@{digest}"
    assert str(ic.parse_reference("nginx").pull_reference()) == "docker.io/library/nginx:latest"
    with pytest.raises(ic.InvalidTag):
        r.with_tag("bad tag")
    assert str(r) == "quay.io/a/b:1"


def test_errors_are_typed_and_carry_code_message_offset() -> None:
    with pytest.raises(ic.InvalidReference) as raised:
        ic.parse_reference("quay.io/Team/app")
    err = raised.value
    assert isinstance(err, ic.Error) and isinstance(err, ValueError)
    assert err.code == "uppercase_repository"
    assert err.offset == 8
    assert "quay.io/Team/app" in err.message and str(err) == err.message
    with pytest.raises(ic.InvalidNamespace) as raised:
        ic.parse_namespace("team_a-prod")
    assert (raised.value.code, raised.value.offset) == ("namespace_invalid_character", 4)
    with pytest.raises(ic.InvalidPattern):
        ic.NamespacePattern.regex("(")
    with pytest.raises(ic.InvalidScope):
        ic.RegistryScope("nginx")


def test_errors_pickle() -> None:
    with pytest.raises(ic.Error) as raised:
        ic.parse_tag("")
    err = raised.value
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is ic.InvalidTag
    assert (again.code, again.message, again.offset, again.path) == (err.code, err.message, err.offset, err.path)


def test_values_pickle() -> None:
    for value in (ic.parse_reference("nginx:1"), ic.parse_tag("1.2.3")):
        assert pickle.loads(pickle.dumps(value)) == value


def test_wrong_argument_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        ic.parse_reference(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ic.RegistryScope("docker.io").allows(None)  # type: ignore[arg-type]


def test_batches_return_values_and_errors_in_order() -> None:
    out = ic.parse_references(["nginx", "Bad", "quay.io/a/b"])
    assert isinstance(out[0], ic.Reference) and isinstance(out[2], ic.Reference)
    assert isinstance(out[1], ic.InvalidReference) and out[1].code == "uppercase_repository"
    tags = ic.parse_tags(["1.0", ""])
    assert isinstance(tags[0], ic.Tag) and isinstance(tags[1], ic.InvalidTag)
    names = ic.parse_namespaces(["a1b2c3-prod", "-x"])
    assert names[0].plate == "a1b2c3" and names[1].code == "namespace_invalid_start"
    assert ic.RegistryScope("docker.io").allows_all(["nginx", "quay.io/a/b"]) == [True, False]


def test_tags_order_with_lt_and_sort() -> None:
    assert ic.parse_tag("1.10") > ic.parse_tag("1.9")
    assert ic.parse_tag("1.0.0-rc10") > ic.parse_tag("1.0.0-rc9")
    tags = [ic.parse_tag(t) for t in ["latest", "13-el8", "1.10", "1.9"]]
    assert [str(t) for t in sorted(tags)] == ["1.9", "1.10", "13-el8", "latest"]
    assert ic.sort_tags(["1.10", "1.9"]) == ["1.9", "1.10"]
    assert ic.parse_tag("1.2").cmp_precedence(ic.parse_tag("1.2.0")) == 0
    assert ic.parse_tag("13-el8").cmp_precedence(ic.parse_tag("13")) is None
    t = ic.parse_tag("v3.12.1-rc.2-ubi8")
    assert (t.kind, t.release, t.prerelease, t.variant, t.v_prefix) == ("variant", [3, 12, 1], "rc.2", "ubi8", True)


def test_namespaces_patterns_selectors() -> None:
    ns = ic.parse_namespace("a1b2c3-prod")
    assert (ns.name, ns.plate, ns.environment) == ("a1b2c3-prod", "a1b2c3", "prod")
    glob = ic.NamespacePattern.glob("*-prod")
    assert glob.matches("a1b2c3-prod") and not glob.matches("a1b2c3-production")
    assert glob.filter(["a-prod", "b-dev", "c-prod"]) == ["a-prod", "c-prod"]
    assert str(glob) == "glob:*-prod" and glob.kind == "glob"
    assert ic.NamespacePattern.exact("prod.ns").matches("prod.ns")
    assert ic.NamespacePattern.environment("prod").matches("abc123-prod")
    selector = ic.NamespaceSelector(["*-prod"], ["legacy-*"])
    assert selector.filter(["a-prod", "legacy-prod"]) == ["a-prod"]
    assert selector.include == ["glob:*-prod"]


def test_packed_names() -> None:
    p = ic.split_packed_name("patroni-postgres-96")
    assert p is not None and (p.base, p.digits, p.rest) == ("patroni-postgres", "96", None)
    assert ic.split_packed_name("nginx") is None


def listed_codes(file: str) -> list[str]:
    codes: list[str] = json.loads((ROOT / "tests" / file).read_text())["codes"]
    return codes


def stub_literal(name: str) -> list[str]:
    stub = (Path(ic.__file__).parent / "_imagecurator.pyi").read_text()
    literal = stub.split(f"{name} = Literal[", 1)[1].split("]", 1)[0]
    return [c.strip().strip('"') for c in literal.split(",") if c.strip()]


def test_error_codes_match_rust_stubs_and_shared_list() -> None:
    listed = listed_codes("error-codes.json")
    assert ic.error_codes() == listed
    assert stub_literal("_ErrorCode") == listed


def test_finding_codes_match_rust_stubs_and_shared_list() -> None:
    listed = listed_codes("finding-codes.json")
    assert ic.finding_codes() == listed
    assert stub_literal("_FindingCode") == listed
    # Every code an audit of the bundled cluster reports is one of them.
    report = ic.audit(None, (ROOT / "examples" / "inventory" / "cluster.json").read_text())
    assert {f["code"] for f in report.findings} <= set(listed)


def test_every_error_area_has_a_class() -> None:
    from imagecurator import _errors, _imagecurator

    names = _imagecurator._error_classes()
    assert names == sorted(_errors._BY_NAME, key=names.index) and set(names) == set(_errors._BY_NAME)
    for name in names:
        cls = getattr(ic, name)
        assert issubclass(cls, ic.Error) and cls is not ic.Error
    with pytest.raises(ic.InvalidTag):
        ic.parse_tag("")


def test_public_names_are_exported() -> None:
    for name in ic.__all__:
        assert hasattr(ic, name), name


def test_the_wheel_describes_what_it_does() -> None:
    from importlib.metadata import metadata

    meta = metadata("imagecurator")
    assert "audit" in meta["Summary"] and meta["License"] == "Apache-2.0"
    assert "retention" in (meta.get_payload() or "")  # type: ignore[attr-defined]
