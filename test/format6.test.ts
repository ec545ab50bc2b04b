// Snapshot format 6 and `article(id)`: each article's title, URL and slug are kept (what a page
// needs to link to it), saved and loaded; formats 4 and 5 load without them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RecommenderError } from "../src/errors.js";
import { SNAPSHOT_VERSION } from "../src/persist/snapshot.js";
import { Recommender } from "../src/index.js";
import type { Article } from "../src/validate.js";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const versionOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);

const ARTICLES: Article[] = [
  { id: "syria-troops", title: "US troops to stay in Syria", url: "/world/syria-troops/", slug: "syria-troops", text: "troops syria pentagon kurdish forces", date: "2024-01-08", section: "world", tags: ["Syria"] },
  { id: "syria-plan", title: "Syria withdrawal plan", url: "https://news.example/2024/01/syria-plan", text: "syria withdrawal troops plan officials", related: ["syria-troops"] },
  { id: "__proto__", title: "Café « Noël » </script> 東京 😀", slug: "cafe-noel", text: "troops market café bakery" },
  { id: "reef", text: "reef treaty manila beijing syria" },
];

describe("article(id)", () => {
  it("returns the title, url, slug, date, section, tags and picks an article was added with, and leaves out what it lacks", () => {
    const rec = new Recommender().add(ARTICLES);
    expect(rec.article("syria-troops")).toEqual({
      id: "syria-troops", title: "US troops to stay in Syria", url: "/world/syria-troops/", slug: "syria-troops",
      date: new Date("2024-01-08"), section: "world", tags: ["Syria"], related: [],
    });
    expect(rec.article("syria-plan")).toEqual({ id: "syria-plan", title: "Syria withdrawal plan", url: "https://news.example/2024/01/syria-plan", tags: [], related: ["syria-troops"] });
    expect(rec.article("__proto__")).toEqual({ id: "__proto__", title: "Café « Noël » </script> 東京 😀", slug: "cafe-noel", tags: [], related: [] });
    expect(rec.article("reef")).toEqual({ id: "reef", tags: [], related: [] });
  });

  it("follows update and remove, and survives a compaction", () => {
    const rec = new Recommender().add(ARTICLES);
    rec.update({ id: "syria-troops", title: "US troops stay (updated)", text: "troops syria" });
    expect(rec.article("syria-troops")).toEqual({ id: "syria-troops", title: "US troops stay (updated)", tags: [], related: [] });
    rec.remove("reef");
    rec.build();
    expect(() => rec.article("reef")).toThrow(expect.objectContaining({ code: "UNKNOWN_ARTICLE" }));
    expect(rec.article("syria-plan").url).toBe("https://news.example/2024/01/syria-plan");
  });

  it("refuses an unknown or invalid id with a typed error", () => {
    const rec = new Recommender().add(ARTICLES);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof RecommenderError ? e.code : "other";
      }
      return "none";
    };
    expect(codeOf(() => rec.article("nope"))).toBe("UNKNOWN_ARTICLE");
    expect(codeOf(() => rec.article("" as string))).toBe("INVALID_ID");
    expect(codeOf(() => rec.article(42 as unknown as string))).toBe("INVALID_ID");
  });

  it("refuses a url or slug that is not a string (INVALID_ARTICLE), and treats an empty one as absent", () => {
    const rec = new Recommender();
    for (const bad of [{ url: 5 }, { url: ["/a/"] }, { slug: null }, { slug: {} }, { url: "/a\uD800/" }]) {
      expect(() => rec.add({ id: "a", text: "x", ...bad } as unknown as Article)).toThrow(expect.objectContaining({ code: "INVALID_ARTICLE" }));
    }
    expect(rec.size).toBe(0);
    rec.add({ id: "a", text: "x", url: "", slug: "" });
    expect(rec.article("a")).toEqual({ id: "a", tags: [], related: [] });
  });
});

describe("format-6 snapshots", () => {
  it("saves titles, URLs and slugs, and loads them back (save(load(b)) equals b)", () => {
    const rec = new Recommender().add(ARTICLES);
    const bytes = rec.save();
    expect(versionOf(bytes)).toBe(6);
    expect(SNAPSHOT_VERSION).toBe(6);
    const loaded = Recommender.load(bytes);
    for (const a of ARTICLES) expect(loaded.article(a.id)).toEqual(rec.article(a.id));
    expect(loaded.save()).toEqual(bytes);
    // With kept lists too.
    rec.relatedAll({ k: 3 });
    const listed = Recommender.load(rec.save({ lists: true }));
    expect(listed.article("__proto__").title).toBe("Café « Noël » </script> 東京 😀");
    expect(listed.recommend("syria-troops", { k: 3 })).toEqual(rec.recommend("syria-troops", { k: 3 }));
  });

  it("keeps them through changes after a load", () => {
    const loaded = Recommender.load(new Recommender().add(ARTICLES).save());
    loaded.remove("syria-troops");
    loaded.add({ id: "new", title: "Added after the load", url: "/new/", text: "syria troops reef" });
    const again = Recommender.load(loaded.save());
    expect(again.article("new")).toEqual({ id: "new", title: "Added after the load", url: "/new/", tags: [], related: [] });
    expect(again.article("syria-plan").title).toBe("Syria withdrawal plan");
    expect(again.ids()).toEqual(["syria-plan", "__proto__", "reef", "new"]);
  });

  it("loads format-5 and format-4 files with no title, url or slug, and saves them as format 6", () => {
    for (const name of ["format5-synthetic40.alsolike", "format4-synthetic40.alsolike"]) {
      const old = fixture(name);
      const rec = Recommender.load(old);
      expect(rec.size).toBe(40);
      for (const id of rec.ids()) {
        const a = rec.article(id);
        expect(a.title, `${name} ${id}`).toBeUndefined();
        expect(a.url).toBeUndefined();
        expect(a.slug).toBeUndefined();
      }
      const saved = rec.save();
      expect(versionOf(saved)).toBe(6);
      const again = Recommender.load(saved);
      for (const id of rec.ids()) {
        expect(again.article(id)).toEqual(rec.article(id));
        expect(again.recommend(id)).toEqual(rec.recommend(id));
      }
    }
  });

  it("refuses a link table that is not UTF-8 or whose offsets overrun, as INVALID_SNAPSHOT even when resealed", async () => {
    const { checksum } = await import("../src/persist/checksum.js");
    const bytes = new Recommender().add(ARTICLES).save();
    // The titles' bytes: find the first title's UTF-8 in the file and break it.
    const title = new TextEncoder().encode("US troops to stay in Syria");
    let at = -1;
    for (let i = 0; i + title.length <= bytes.length && at < 0; i++) if (title.every((b, j) => bytes[i + j] === b)) at = i;
    expect(at).toBeGreaterThan(0);
    const broken = bytes.slice();
    broken[at] = 0xff;
    const view = new DataView(broken.buffer);
    view.setUint32(broken.length - 4, checksum(broken, broken.length - 4), true);
    expect(() => Recommender.load(broken)).toThrow(expect.objectContaining({ code: "INVALID_SNAPSHOT" }));
    // Unsealed: reported as corrupt.
    const corrupt = bytes.slice();
    corrupt[at] = 0x58;
    expect(() => Recommender.load(corrupt)).toThrow(expect.objectContaining({ code: "INVALID_SNAPSHOT" }));
  });
});
