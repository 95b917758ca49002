#!/usr/bin/env python3
"""Writes examples/inventory/cluster.json, the inventory the README's main job audits when given
no arguments: a cluster as it looked before curation, built from the real fixtures in
../shared/fixtures (run from the repository root; needs PyYAML):

- `openshift`: the 76 ImageStreams and 115 Templates the Samples Operator installed on OCP 4.6,
  the release payload's 8 streams (annotated as payload), the real `java` status history
  (k-srkw), the real `ansible-runner` stream someone added by hand (hongkailiu), and the three
  revisions per tag of `python` on BC Gov's lab cluster (the `oc describe` text), dated back
  from its repository check time.
- the samples operator `Config` from a real cluster's insights archive.
- `bcgov`, `a1b2c3-tools`, `a1b2c3-prod`, `legacy-app-dev` and a second cluster `silver`:
  hand-made, marked `example` below, since the fixtures hold no curated or team namespaces:
  versions to prune, a tag off the guideline, a name off the convention, an image without an
  owner, a community image without a champion, pods in prod that pin versions (one scanned with
  the real `alpine-310` Trivy report, one not scanned), other workloads that keep tags the
  version rule would prune (a CronJob, a Deployment scaled to zero, a DeploymentConfig's
  ImageChange trigger, a BuildConfig's builder image), and a cluster the curated images have
  not fully reached.

Templates and streams are trimmed to what the audit reads, so the file stays small.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List

import yaml

SHARED = Path("../shared/fixtures")
OUT = Path("examples/inventory/cluster.json")
NOW = "2022-01-27T19:15:38Z"  # the lab cluster's repository check: the inventory's "now"


def trimmed_stream(stream: Dict[str, Any], namespace: str) -> Dict[str, Any]:
    meta = stream["metadata"]
    keep_annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k.startswith("include.release.")}
    spec_tags = [
        {k: t[k] for k in ("name", "from", "importPolicy") if k in t} for t in (stream.get("spec") or {}).get("tags") or []
    ]
    out: Dict[str, Any] = {
        "kind": "ImageStream",
        "metadata": {"name": meta["name"], "namespace": namespace},
        "spec": {"tags": spec_tags},
    }
    if keep_annotations:
        out["metadata"]["annotations"] = keep_annotations
    status_tags = (stream.get("status") or {}).get("tags")
    if status_tags:
        out["status"] = {"tags": [{"tag": t["tag"], "items": t.get("items") or []} for t in status_tags]}
    return out


def froms(value: Any, out: List[Dict[str, Any]]) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("from"), dict) and "kind" in value["from"]:
            out.append(value["from"])
        for v in value.values():
            froms(v, out)
    elif isinstance(value, list):
        for v in value:
            froms(v, out)


def trimmed_template(template: Dict[str, Any]) -> Dict[str, Any]:
    refs: List[Dict[str, Any]] = []
    froms(template.get("objects"), refs)
    params = [{"name": p["name"], "value": p["value"]} for p in template.get("parameters") or [] if "value" in p]
    return {
        "kind": "Template",
        "metadata": {"name": template["metadata"]["name"], "namespace": "openshift"},
        "parameters": params,
        "objects": [{"kind": "BuildConfig", "spec": {"strategy": {"sourceStrategy": {"from": f}}}} for f in refs],
    }


def klab_python_history() -> Dict[str, List[Dict[str, str]]]:
    """Tag -> revisions (newest first) from `oc describe is python` on the lab cluster."""
    text = (SHARED / "bcgov/openshift-wiki_oc-describe-is-python_openshift-ns_klab.txt").read_text()
    anchor = datetime(2022, 1, 27, 19, 15, 38, tzinfo=timezone.utc)
    history: Dict[str, List[Dict[str, str]]] = {}
    tag = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        header = re.match(r"^(\S+?)( \(.*\))?$", line)
        if header and not line.startswith(("$", " ")) and ":" not in line and line.strip(".") != "":
            tag = header.group(1)
        found = re.match(r"^\s+\*?\s*(\S+@(sha256:[0-9a-f]{64}))$", line)
        if tag and found:
            months = int(re.match(r"\s+(\d+) months ago", lines[i + 1]).group(1))  # type: ignore[union-attr]
            created = (anchor - timedelta(days=30 * months)).strftime("%Y-%m-%dT%H:%M:%SZ")
            history.setdefault(tag, []).append(
                {"image": found.group(2), "dockerImageReference": found.group(1), "created": created}
            )
    return history


def example_stream(
    namespace: str, name: str, tags: Dict[str, str], aliases: Dict[str, str], annotations: Dict[str, str] | None = None
) -> Dict[str, Any]:
    """A hand-made stream: tag -> created date (digest derived from the tag), and aliases."""
    status = []
    for tag, created in tags.items():
        digest = "sha256:" + (name + tag).encode().hex().ljust(64, "0")[:64]
        status.append({"tag": tag, "items": [{"image": digest, "created": created,
                       "dockerImageReference": f"image-registry.openshift-image-registry.svc:5000/{namespace}/{name}@{digest}"}]})
    for alias, target in aliases.items():
        status.append({"tag": alias, "items": [dict(next(s for s in status if s["tag"] == target)["items"][0])]})
    spec = [{"name": a, "from": {"kind": "ImageStreamTag", "name": f"{name}:{t}"}} for a, t in aliases.items()]
    metadata: Dict[str, Any] = {"name": name, "namespace": namespace}
    if annotations:
        metadata["annotations"] = annotations
    return {"kind": "ImageStream", "metadata": metadata, "spec": {"tags": spec}, "status": {"tags": status}}


def main() -> None:
    streams = []
    real_java = json.loads((SHARED / "oc-get-is/k-srkw_openshift-java_status.converted.json").read_text())
    python_history = klab_python_history()
    for path in sorted((SHARED / "samples-4.6-ocp-x86_64/imagestreams").glob("*.json")):
        stream = json.loads(path.read_text())
        if stream["metadata"]["name"] == "java":
            stream["status"] = real_java["status"]
        if stream["metadata"]["name"] == "python":
            stream["status"] = {"tags": [{"tag": t, "items": h} for t, h in python_history.items()]}
        streams.append(trimmed_stream(stream, "openshift"))
    for doc in yaml.safe_load_all((SHARED / "samples-operator-manifests/release-4.6-08-openshift-imagestreams.yaml").read_text()):
        if doc and doc.get("kind") == "ImageStream":
            doc["metadata"].setdefault("annotations", {})["include.release.openshift.io/self-managed-high-availability"] = "true"
            streams.append(trimmed_stream(doc, "openshift"))
    streams.append(trimmed_stream(json.loads((SHARED / "oc-get-is/hongkailiu_openshift-ansible-runner.converted.json").read_text()), "openshift"))

    # example: the curated namespace and a team's namespaces.
    streams.append(example_stream("bcgov", "patroni-postgres-96", {
        "v1.0": "2020-10-01T00:00:00Z", "v1.1": "2020-11-02T00:00:00Z", "v1.2": "2021-03-01T00:00:00Z",
        "v1.10": "2021-06-01T00:00:00Z", "v1.9": "2021-09-01T00:00:00Z", "1.11": "2022-01-04T00:00:00Z"},
        {"latest": "1.11"}, {"imagecurator.io/owner": "jason"}))
    streams.append(example_stream("bcgov", "Backup_Container", {"v2.3": "2021-12-01T00:00:00Z"}, {},
                                  {"imagecurator.io/owner": "wade", "imagecurator.io/community": "true"}))
    streams.append(example_stream("bcgov", "minio", {"v1.2": "2022-01-20T00:00:00Z"}, {}))
    streams.append(example_stream("a1b2c3-tools", "app", {
        "0.9.0": "2020-11-10T00:00:00Z", "0.9.1": "2020-12-10T00:00:00Z", "1.0.0": "2021-01-10T00:00:00Z", "1.1.0": "2021-03-10T00:00:00Z", "1.2.0": "2021-05-10T00:00:00Z",
        "1.3.0": "2021-07-10T00:00:00Z", "1.4.0": "2021-09-10T00:00:00Z", "1.5.0": "2022-01-10T00:00:00Z"},
        {"prod": "1.4.0", "test": "1.5.0", "dev": "1.5.0"}))
    pods = {"kind": "PodList", "items": [
        {"kind": "Pod", "metadata": {"name": "app-7d9f", "namespace": "a1b2c3-prod"}, "spec": {"containers": [
            {"name": "app", "image": "image-registry.openshift-image-registry.svc:5000/a1b2c3-tools/app:1.0.0"}]}},
        {"kind": "Pod", "metadata": {"name": "db-0", "namespace": "a1b2c3-prod"}, "spec": {"containers": [
            {"name": "patroni", "image": "image-registry.openshift-image-registry.svc:5000/bcgov/patroni-postgres-96:v1.0"}]}},
    ]}
    # What else runs or builds, each keeping a tag that the newest-three rule would prune: a
    # nightly CronJob, a Deployment scaled to zero, a DeploymentConfig that follows a tag through
    # its ImageChange trigger (its container image still empty), and a BuildConfig whose builder
    # image is a curated one.
    internal = "image-registry.openshift-image-registry.svc:5000"
    def containers(name: str, image: str) -> Dict[str, Any]:
        return {"spec": {"containers": [{"name": name, "image": image}]}}
    workloads = {"kind": "List", "items": [
        {"kind": "CronJob", "apiVersion": "batch/v1", "metadata": {"name": "nightly-report", "namespace": "a1b2c3-prod"},
         "spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": containers("report", f"{internal}/a1b2c3-tools/app:1.1.0")}}}},
        {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "db-standby", "namespace": "a1b2c3-prod"},
         "spec": {"replicas": 0, "template": containers("patroni", f"{internal}/bcgov/patroni-postgres-96:v1.1")}},
        {"kind": "DeploymentConfig", "apiVersion": "apps.openshift.io/v1", "metadata": {"name": "app-test", "namespace": "a1b2c3-tools"},
         "spec": {"replicas": 1, "template": containers("app", " "), "triggers": [{"type": "ConfigChange"}, {"type": "ImageChange",
             "imageChangeParams": {"automatic": True, "containerNames": ["app"], "from": {"kind": "ImageStreamTag", "name": "app:1.2.0"}}}]}},
        {"kind": "BuildConfig", "apiVersion": "build.openshift.io/v1", "metadata": {"name": "app", "namespace": "a1b2c3-tools"},
         "spec": {"strategy": {"type": "Docker", "dockerStrategy": {"from": {"kind": "ImageStreamTag", "name": "patroni-postgres-96:v1.2", "namespace": "bcgov"}}},
                  "output": {"to": {"kind": "ImageStreamTag", "name": "app:latest"}}}},
        {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "app", "namespace": "a1b2c3-prod"}},
    ]}
    # Real Trivy reports, bound to the images the prod pods run (the fixtures' own images were
    # tarballs, so their reports name no digest): the app's build has four fixable MEDIUM
    # vulnerabilities (alpine 3.10), which the default thresholds allow; patroni has no report.
    app = next(s for s in streams if s["metadata"]["name"] == "app")
    app_digest = next(t for t in app["status"]["tags"] if t["tag"] == "1.0.0")["items"][0]["image"]
    alpine = json.loads((SHARED / "trivy/alpine-310.json.golden").read_text())
    alpine["CreatedAt"] = "2022-01-20T08:00:00Z"  # re-scanned a week before the inventory's "now"
    scans = [{"image": app_digest, "report": alpine}]
    templates = [trimmed_template(json.loads(p.read_text()))
                 for p in sorted((SHARED / "samples-4.6-ocp-x86_64/templates").glob("*.json"))]
    config = json.loads((SHARED / "insights-archive-sample/samples.operator.openshift.io-config-cluster.json").read_text())
    # example: another cluster, behind the lab one: one tag missing, one from an older build.
    silver = [example_stream("bcgov", "patroni-postgres-96", {"v1.9": "2021-09-01T00:00:00Z", "v1.10": "2021-05-01T00:00:00Z"}, {})]
    silver[0]["status"]["tags"][1]["items"][0]["image"] = "sha256:" + "0" * 63 + "1"
    inventory = {
        "now": NOW,
        "namespaces": ["a1b2c3-tools", "a1b2c3-prod", "legacy-app-dev"],
        "imagestreams": {"kind": "List", "items": streams},
        "templates": {"kind": "List", "items": templates},
        "pods": pods,
        "workloads": workloads,
        "scans": scans,
        "samples_config": config,
        "peers": {"silver": {"kind": "List", "items": silver}},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(inventory, indent=1, sort_keys=True) + "\n")
    print(f"{OUT}: {len(streams)} image streams, {len(templates)} templates, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
