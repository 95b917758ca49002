// Node example: what imagecurator makes of each argument, through the WASM build.
//   node examples/node/describe.mjs nginx:1.25 13-el8 a1b2c3-prod
import ic from "../../bindings-wasm/js/node.mjs";

const inputs = process.argv.slice(2);
for (const text of inputs.length ? inputs : ["nginx:1.25-alpine", "13-el8", "a1b2c3-prod"]) {
  console.log(text);
  for (const [label, read] of [["reference", ic.parseReference], ["tag", ic.parseTag], ["namespace", ic.parseNamespace]]) {
    try {
      console.log(`  ${label}: ${JSON.stringify(read(text))}`);
    } catch (err) {
      console.log(`  ${label}: not valid [${err.code}]`);
    }
  }
}
