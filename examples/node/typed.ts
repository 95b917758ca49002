// Type-checked by `tsc` in CI (bindings-wasm/tsconfig.json): every shape the package returns is
// declared, so this compiles without `any`.
import {
  parseReference,
  parseReferences,
  parseTag,
  sortTags,
  compareTags,
  NamespacePattern,
  RegistryScope,
  type ImageCuratorError,
  type ReferenceInfo,
  type TagInfo,
  type ErrorCode,
  audit,
  checkPolicy,
  checkStreamName,
  type AuditReport,
  type Finding,
  type Policy,
  type PolicyConflict,
  type PolicyDocument,
  policyConflicts,
} from "imagecurator";

const ref: ReferenceInfo = parseReference("nginx:1.25");
const port: number | null = ref.port;
const stream: string | undefined = ref.internal?.stream;
const tag: TagInfo = parseTag(ref.tag ?? "latest");
const release: number[] = tag.release;
const order: -1 | 0 | 1 | null = compareTags("1.10", "1.9");
const sorted: string[] = sortTags(["1.10", "1.9"]);
const admitted: boolean = new RegistryScope("docker.io/library").allows(ref.canonical);
const prod: boolean = NamespacePattern.glob("*-prod").matches("a1b2c3-prod");

for (const item of parseReferences(["nginx", "Bad"])) {
  if (item instanceof Error) {
    const failure: ImageCuratorError = item;
    const code: ErrorCode = failure.code;
    console.log(code, failure.offset);
  } else {
    console.log(item.familiar);
  }
}
console.log(port, stream, release, order, sorted, admitted, prod);

const policy: Policy = checkPolicy({ retention: { keep: 5 } });
// A team's document names only what differs, at any depth.
const ours: PolicyDocument = { gates: { origin: { allowed: ["artifacts.example.com"] } } };
const conflicts: PolicyConflict[] = policyConflicts({ catalog: { openshift: { remove: ["cli"] } } });
console.log(checkPolicy(ours).gates.origin.allowed, conflicts[0]?.subject);
const report: AuditReport = audit(policy, { imagestreams: [], now: "2026-01-01T00:00:00Z" });
const first: Finding | undefined = report.findings[0];
const skipped: string[] = report.catalog.flatMap((plan) => plan.samples_config.spec.skippedImagestreams);
const fix: string | undefined = checkStreamName("bcgov", "Postgres_96")[0]?.suggestion;
try {
  checkPolicy({ version: 2 } as unknown as Partial<Policy>);
} catch (err) {
  const where: string | null = (err as ImageCuratorError).path;
  console.log(where);
}
console.log(report.summary.errors, first?.code, skipped.length, fix);
