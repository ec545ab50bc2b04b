// A tiny browser app, written as a site would write it: it imports the package by name and is
// bundled by test/browser.test.ts with esbuild (platform "browser"), then driven from the test
// through `window.alsolikeApp`. Plain JavaScript on purpose: `tsc --noEmit` runs before the build
// in CI, when the package name does not yet resolve to any typings.
import { Recommender } from "alsolike";
// The browser entry leaves save() and load() out until this import (the page loads Node's snapshots).
import "alsolike/snapshots";

/** @type {Recommender | null} */
let rec = null;

/** @param {string} base64 */
function fromBase64(base64) {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** @param {Uint8Array} bytes */
function toBase64(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function current() {
  if (rec === null) throw new Error("no index yet: call build() or load() first");
  return rec;
}

window.alsolikeApp = {
  /** Builds an index from `{ id, title?, text }` articles; returns its size. */
  build(articles) {
    rec = new Recommender().add(articles);
    return rec.size;
  },
  /** Loads a snapshot saved elsewhere (base64 of `save()`); returns its size. */
  load(base64) {
    rec = Recommender.load(fromBase64(base64));
    return rec.size;
  },
  /** The list for each id, as `[id, Recommendation[]][]`. */
  recommendAll(ids, k) {
    const r = current();
    return ids.map((id) => [id, r.recommend(id, { k })]);
  },
  /** `save()` of the current index, base64. */
  save() {
    return toBase64(current().save());
  },
};
document.documentElement.dataset.ready = "true";
