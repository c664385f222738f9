// diff_gguf.mjs AIBENCH FILE...: reads each GGUF file with an independent parser
// (@huggingface/gguf) and with `aibench gguf --json`, and checks that both see the same
// keys, tensor names, shapes and offsets, and the same data offset (first shard of a split). Ends with
// "gguf differential: N passed, N failed".
import { execFileSync } from "node:child_process";
import { gguf } from "@huggingface/gguf";

const [bin, ...files] = process.argv.slice(2);
let pass = 0, fail = 0;
const check = (ok, what) => { if (ok) pass++; else { fail++; console.log(`FAIL ${what}`); } };

for (const file of files) {
  const theirs = await gguf(file, { allowLocalFile: true });
  const ours = JSON.parse(execFileSync(bin, ["gguf", file, "--json"], { maxBuffer: 1 << 28 }).toString());
  // the other parser reads one file; of a split model, compare the first shard's tensors
  ours.tensors = ours.tensors.filter((t) => t.shard === 0);
  const skip = new Set(["version", "tensor_count", "kv_count"]);
  const theirKeys = Object.keys(theirs.metadata).filter((k) => !skip.has(k));
  const ourKeys = ours.metadata.map((kv) => kv.key);
  check(JSON.stringify(theirKeys) === JSON.stringify(ourKeys), `${file}: keys differ`);
  check(theirs.metadata.version === ours.version, `${file}: version ${theirs.metadata.version} vs ${ours.version}`);
  for (const kv of ours.metadata) {
    const v = theirs.metadata[kv.key];
    if (kv.type === "string") check(v === kv.value, `${file}: ${kv.key} = ${v} vs ${kv.value}`);
    else if (kv.type === "array") check(Array.isArray(v) && v.length === kv.count, `${file}: ${kv.key} length`);
    else if (kv.type !== "bool") check(Number(v) === kv.value, `${file}: ${kv.key} = ${v} vs ${kv.value}`);
  }
  check(theirs.tensorInfos.length === ours.tensors.length, `${file}: tensor count`);
  theirs.tensorInfos.forEach((t, i) => {
    const o = ours.tensors[i] || {};
    check(t.name === o.name, `${file}: tensor ${i} name ${t.name} vs ${o.name}`);
    check(JSON.stringify(t.shape.map(Number)) === JSON.stringify(o.shape), `${file}: ${t.name} shape`);
    check(Number(t.offset) === o.offset, `${file}: ${t.name} offset ${t.offset} vs ${o.offset}`);
  });
  check(Number(theirs.tensorDataOffset) === ours.summary.data_offset,
        `${file}: data offset ${theirs.tensorDataOffset} vs ${ours.summary.data_offset}`);
}
console.log(`gguf differential: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
