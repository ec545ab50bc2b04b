// `npm run bench:1m`: one process builds a 1,000,000-article synthetic corpus streamed in batches
// of 10,000 (the texts are dropped once added), then answers recommend; prints times and peak RSS.
// Run with a larger heap for the JS objects (ids, vocabulary): see the npm script.
import { availableParallelism, cpus } from "node:os";
import { Recommender } from "../src/index.js";
import { generateCorpus } from "./synthetic.js";

const n = Number(process.argv[2] ?? 1_000_000);
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const peakMb = () => (process.resourceUsage().maxRSS / 1e3).toFixed(0);
console.log(`${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores, Node ${process.version}; ${n.toLocaleString("en")} articles`);

const rec = new Recommender();
const started = performance.now();
let batch: { id: string; title: string; text: string; date: string }[] = [];
for (const a of generateCorpus({ n, seed: 42 })) {
  batch.push({ id: a.id, title: a.title, text: a.text, date: a.date });
  if (batch.length === 10_000) {
    rec.add(batch);
    batch = [];
    if (rec.size % 100_000 === 0) console.log(`  added ${rec.size.toLocaleString("en")} in ${((performance.now() - started) / 1e3).toFixed(0)} s, RSS ${mb(process.memoryUsage().rss)} MB`);
  }
}
rec.add(batch);
const compactStart = performance.now();
rec.build();
const stats = rec.stats();
console.log(
  `generated + added + built in ${((performance.now() - started) / 1e3).toFixed(0)} s (compaction ${((performance.now() - compactStart) / 1e3).toFixed(1)} s); ` +
    `${stats.postings.toLocaleString("en")} postings, index ${mb(stats.bytes)} MB (${(stats.bytes / stats.postings).toFixed(2)} B/posting)`,
);
const ids = rec.ids();
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  rec.recommend(ids[(i * 7919) % ids.length] as string);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(`recommend p50 ${(times[25] as number).toFixed(1)} ms over 50 articles; peak RSS ${peakMb()} MB`);

// Every list at this size (relatedAll), extrapolated from a fixed share, and labelled so: the mean
// of 200 exact searches spread over the corpus, times n, is what computing every list by searching
// costs on one thread; the symmetric pass (relatedAll) walks each pair once, so it needs less.
rec.keepLists = false;
let total = 0;
const share = 200;
for (let i = 0; i < share; i++) {
  const t = performance.now();
  rec.recommend(ids[(i * 104729 + 13) % ids.length] as string);
  total += performance.now() - t;
}
const mean = total / share;
const hours = (mean * ids.length) / 3.6e6;
console.log(
  `every list, EXTRAPOLATED from ${share} searches (mean ${mean.toFixed(1)} ms) x ${ids.length.toLocaleString("en")}: ` +
    `${hours.toFixed(1)} h on one thread by searching; ${(hours / availableParallelism()).toFixed(1)} h on ${availableParallelism()} threads`,
);
