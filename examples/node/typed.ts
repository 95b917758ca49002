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
