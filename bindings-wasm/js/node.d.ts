export * from "../pkg/node/imagecurator.js";
import * as api from "../pkg/node/imagecurator.js";
export default api;
