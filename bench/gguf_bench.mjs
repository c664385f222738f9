// gguf_bench.mjs FILE N: times @huggingface/gguf on a local file; prints min and median in ms.
import { gguf } from "@huggingface/gguf";
import { performance } from "node:perf_hooks";
const [file, n] = [process.argv[2], Number(process.argv[3])];
const t = [];
for (let i = 0; i < n; i++) {
  const a = performance.now();
  await gguf(file, { allowLocalFile: true });
  t.push(performance.now() - a);
}
t.sort((x, y) => x - y);
console.log(`@huggingface/gguf    min ${t[0].toFixed(2).padStart(8)} ms   median ${t[n >> 1].toFixed(2).padStart(8)} ms   (${n} reads)`);
