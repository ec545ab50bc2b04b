// Prints every 10th Brown text (50 in all) as JSONL for scripts/sklearn-fixture.py.
import { loadBrown } from "./brown.js";

for (const [i, { id, title, text }] of loadBrown().entries()) {
  if (i % 10 === 0) console.log(JSON.stringify({ id, title, text }));
}
