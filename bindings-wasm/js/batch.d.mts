// The batch functions of js/batch.mjs. Their item types are declared with the rest of the
// package's types, in the wasm-bindgen build's declarations (src/lib.rs).
import type { ImageCuratorError, NamespaceView, ReferenceView, TagView } from "../pkg/node/imagecurator.js";

/**
 * Parses many references in one call; a failed item is an `ImageCuratorError` in its place,
 * not thrown. Each result is a read-only view: `toJSON()` gives the plain `ReferenceInfo`.
 * @throws TypeError when `texts` is not an array of strings.
 */
export declare function parseReferences(texts: string[]): Array<ReferenceView | ImageCuratorError>;

/** Reads many tags in one call, as `parseReferences` does references. */
export declare function parseTags(texts: string[]): Array<TagView | ImageCuratorError>;

/** Validates many namespace names in one call, as `parseReferences` does references. */
export declare function parseNamespaces(texts: string[]): Array<NamespaceView | ImageCuratorError>;
