/**
 * The Recommender: articles in, "You May Also Like" lists out.
 */
import { fail, RecommenderError, throwIfAborted } from "./errors.js";
import { DocTermMatrix, type DocIndex, type SparseRow } from "./corpus/matrix.js";
import { analyzerFor, languageRowsOptions, resolveOptions, withSecondPasses, type RecommenderOptions, type ResolvedOptions } from "./options.js";
import { prepareQuery } from "./search/similarity.js";
import type { Explanation } from "./search/explain.js";
import { explainArticles } from "./explanations.js";
import { fieldOfTerm } from "./corpus/field-terms.js";
import type { PruneBounds } from "./search/kernels/pruned.js";
import type { ListCache } from "./search/kept-lists.js";
import { checkPartOption, needPart, NO_KEPT_LISTS, partOf, type KeptListsLike } from "./parts/slots.js";
import { checkArticle, checkBatch, checkId, checkLoadOptions, checkRecommendOptions, checkRelatedAllOptions, checkSaveOptions } from "./validate.js";
import type { Article, Draft, LoadOptions, RecommendOptions, RelatedAllOptions, SaveOptions } from "./validate.js";
import type { CheckedArticle } from "./corpus/checked-article.js";
import { LanguageRows } from "./corpus/language-rows.js";
import { Vocabulary } from "./corpus/vocabulary.js";
import { DocStore, type StoredArticle } from "./corpus/doc-store.js";
import { TermForms } from "./corpus/term-forms.js";
import { readableWord } from "./corpus/readable-word.js";
import { INTERNALS, type RecommenderInternals, type RecommenderState } from "./state.js";
import { indexView, listFor, named, type IndexView, type Recommendation } from "./lists.js";
import type { KeptListsDoor } from "./all-lists.js";
import { draftProfile, profileOf } from "./rank/query-plan.js";
import { minTfWeight } from "./corpus/vectorize.js";
import type { Analyzer } from "./analysis/analyzer.js";
import { indexStats, type IndexStats } from "./index-stats.js";
import { QueryRuns } from "./query-runs.js";

export type { Recommendation };
export type { LoadOptions, SaveOptions };
export type { IndexStats };
export type { StoredArticle };

let open: (rec: Recommender) => RecommenderInternals;

/**
 * Second passes are a part of their own in the browser entry (parts/slots.ts).
 * @throws {RecommenderError} `INVALID_OPTION` naming the option given and the entry to import
 */
function checkSecondPasses(resolved: ResolvedOptions, given: RecommenderOptions): void {
  if (resolved.feedback !== undefined) checkPartOption("secondPasses", "feedback", given.feedback);
  if (resolved.sharedNeighbours !== undefined) checkPartOption("secondPasses", "sharedNeighbours", given.sharedNeighbours);
}

/**
 * Related articles by TF-IDF cosine similarity.
 *
 * @example
 * const rec = new Recommender();
 * rec.add([{ id: "a", text: "US troops in Syria" }, { id: "b", text: "Syria troop withdrawal" }]);
 * rec.recommend("a", { k: 3 }); // [{ id: "b", score: 0.77 }]
 */
export class Recommender {
  readonly #options: ResolvedOptions;
  readonly #analyze: Analyzer;
  #vocab = new Vocabulary();
  /** The forms of each term and the articles using each: its readable word (see term-forms.ts). */
  #forms = new TermForms();
  #matrix: DocTermMatrix;
  /** Ids, dates, sections, languages and tags of the documents (see doc-store.ts). */
  #store = new DocStore();
  /** The row builders of the index's language and of the other languages its articles carry. */
  #rows: LanguageRows;
  #bounds: PruneBounds | null = null;
  /** Kept related lists, kept exact across changes (see live-lists.ts); none without their part (parts/slots.ts). */
  readonly #kept: KeptListsLike = partOf("keptLists")?.create({ matrix: () => this.#matrix, ids: () => this.#store.ids }) ?? NO_KEPT_LISTS;
  /** Bumped by every change to the corpus and every renumbering of its documents. */
  #generation = 0;
  /** Queries running on this index: changes wait for them (see query-runs.ts). */
  readonly #runs = new QueryRuns();
  /** "exhaustive" (default) or "pruned": which exact kernel answers (benchmarks compare them). */
  #kernel: "pruned" | "exhaustive" = "exhaustive";
  /** What answering (lists.ts) reads of this index: its current fields. */
  readonly #view: IndexView;
  /** The kept lists as all-lists.ts reads and keeps them. */
  readonly #lists: KeptListsDoor;

  static {
    // The one door to the internals, handed to src/internal.ts: no `_` member on the public class.
    Object.defineProperty(Recommender.prototype, INTERNALS, {
      value(this: Recommender) {
        return open(this);
      },
    });
    open = (rec) => ({
      get kernel() {
        return rec.#kernel;
      },
      set kernel(k) {
        if (k === "pruned") needPart("pruned", 'kernel "pruned"');
        rec.#kernel = k;
      },
      get generation() {
        return rec.#generation;
      },
      state: (compact) => rec.#state(compact),
      row: (id) => rec.#row(id),
      keptLists: (k) => needPart("keptLists", "keptLists").fullKeptLists(rec.#view, rec.#lists, k),
      listsFrom: (lists, options, progress) =>
        rec.#runs.run((scratch) => needPart("keptLists", "relatedAll()").listsFromCosine(rec.#view, lists, options, scratch, progress)),
      adoptLists: (lists, generation) => rec.#adoptLists(lists, generation),
      liveStats: () => rec.#kept.stats,
    });
  }

  /**
   * @param options see {@link RecommenderOptions}; every option has a documented default
   * @throws {RecommenderError} `INVALID_OPTION` naming the option and value
   */
  constructor(options: RecommenderOptions = {}) {
    this.#options = resolveOptions(options);
    checkSecondPasses(this.#options, options);
    this.#analyze = analyzerFor(this.#options);
    const { idf, norm, minDf, maxDf } = this.#options;
    this.#matrix = new DocTermMatrix({ idf, norm, minDf, maxDf });
    this.#rows = new LanguageRows(languageRowsOptions(this.#options), this.#analyze, this.#vocab, this.#forms);
    // Closures over the fields, read at each call: load and #fromState replace the fields later.
    this.#view = indexView({
      matrix: () => this.#matrix,
      store: () => this.#store,
      kernel: () => this.#kernel,
      generation: () => this.#generation,
      pruned: () => needPart("pruned", 'kernel "pruned"').kernel(this.#pruneBounds()),
      // The smallest tf weight a stored term can have (variety's near-duplicate bound).
      minWeight: minTfWeight(this.#options),
      feedback: this.#options.feedback ?? null,
      shared: this.#options.sharedNeighbours ?? null,
      passes: partOf("secondPasses") ?? null,
      termOf: (t) => this.#vocab.termOf(t),
    });
    this.#lists = {
      current: () => this.#kept.current(this.#matrix.nDocs),
      keep: (lists) => this.#kept.adopt(lists),
    };
  }

  /** The options in effect, defaults filled in. */
  get options(): Readonly<ResolvedOptions> {
    return this.#options;
  }

  /**
   * Keep each article's related list once computed (default `true`), so that asking again costs
   * a lookup instead of a search. `relatedAll` keeps every list at once. Lists are exact and
   * outlive changes: a list read after an add, update or remove is brought up to date (entries
   * scored again, articles added since scored, its floor raised by the drift bound) or searched
   * again. They cost 12 bytes per article and list entry, 20 entries deep for pages of 10
   * (`relatedAll`'s k plus half), plus 45 bytes per article.
   * Set to `false` to answer every query from the index and free the lists.
   * In the browser entry without `import "alsolike/kept-lists"` no list is kept: `false`, and
   * setting `true` throws `INVALID_OPTION` naming that import.
   */
  get keepLists(): boolean {
    return this.#kept.enabled;
  }

  set keepLists(keep: boolean) {
    if (typeof keep !== "boolean") throw fail("INVALID_OPTION", "keepLists", keep, "a boolean");
    this.#kept.enabled = keep;
  }

  /** Number of articles in the index. */
  get size(): number {
    return this.#store.size;
  }

  /** True when an article with this id is in the index. */
  has(id: string): boolean {
    return this.#store.has(id);
  }

  /**
   * Size figures of the index: articles, distinct terms in use, stored postings (one per
   * article-term pair), the bytes of its typed arrays, and how many related lists are kept.
   */
  stats(): IndexStats {
    return indexStats(this.#matrix, this.size, this.#kept.peek(), this.#kept.bytes());
  }

  /** Every article id, in insertion order. */
  ids(): string[] {
    return this.#store.articleIds();
  }

  /**
   * What the index keeps of article `id` for pages that link to it: its title, url, slug, date,
   * section, language, tags and editors' picks (absent fields are left out; the text is not kept).
   * Snapshots keep them too (format 6).
   * @example
   * rec.add({ id: "a", title: "Syria troop drawdown", url: "/world/syria/", text: "..." });
   * rec.article("a"); // { id: "a", title: "Syria troop drawdown", url: "/world/syria/", tags: [], related: [] }
   * @throws {RecommenderError} `UNKNOWN_ARTICLE`, `INVALID_ID`
   */
  article(id: string): StoredArticle {
    return this.#store.stored(this.#docIndex(id));
  }

  /**
   * Adds one article or a batch. A batch is all-or-nothing: if any article is invalid, none is added.
   * @throws {RecommenderError} `DUPLICATE_ID`, `INVALID_ID` or `INVALID_ARTICLE`, naming the article
   */
  add(articles: Article | readonly Article[]): this {
    this.#runs.refuseWhileRunning("add");
    const checked = checkBatch(articles, (id) => this.#store.has(id));
    // Every article was read and checked above; should inserting still fail (memory), the ones
    // already in go out again, so that a batch stays all-or-nothing.
    let done = 0;
    try {
      for (; done < checked.length; done++) this.#insert(checked[done] as CheckedArticle);
    } catch (e) {
      for (let i = done - 1; i >= 0; i--) this.remove((checked[i] as CheckedArticle).id);
      throw e;
    }
    return this;
  }

  /**
   * Replaces an article already in the index (same id).
   * @throws {RecommenderError} `UNKNOWN_ARTICLE` when no article has this id
   */
  update(article: Article): this {
    this.#runs.refuseWhileRunning("update");
    const a = checkArticle(article, "");
    this.#docIndex(a.id);
    this.remove(a.id);
    this.#insert(a);
    return this;
  }

  /**
   * Removes an article; it is never recommended again.
   * @throws {RecommenderError} `UNKNOWN_ARTICLE`
   */
  remove(id: string): this {
    this.#runs.refuseWhileRunning("remove");
    const d = this.#docIndex(id);
    const terms = this.#matrix.rowTerms(d).slice();
    this.#forms.removeDoc(d);
    this.#matrix.removeDoc(d);
    this.#generation++;
    this.#kept.removed(d, terms);
    this.#store.remove(d);
    return this;
  }

  #insert(a: CheckedArticle): void {
    const row = this.#rows.row(a);
    this.#matrix.ensureTerms(this.#vocab.size);
    const d = this.#matrix.addDoc(row);
    this.#rows.countForms(d);
    this.#generation++;
    this.#kept.added(d, row.terms);
    this.#store.add(d, a);
  }

  /**
   * Builds (or brings up to date) the index. Optional: queries do it lazily. Compacts pending
   * additions and removals into the main segment.
   */
  build(): this {
    this.#runs.refuseWhileRunning("build");
    const m = this.#matrix;
    if (m.nDocs > m.baseDocs || m.baseDeleted > 0) this.#compact();
    m.refresh();
    this.#kept.synced(m);
    // Bounds made ahead for the pruned kernel (benchmarks), where it is installed (not the browser entry).
    if (partOf("pruned") !== undefined) this.#pruneBounds();
    return this;
  }

  #sync(): DocTermMatrix {
    const m = this.#matrix;
    if (m.needsCompaction()) this.#compact();
    m.refresh();
    this.#kept.synced(m);
    return m;
  }

  #pruneBounds(): PruneBounds {
    const m = this.#matrix;
    if (this.#bounds === null || this.#bounds.version !== m.version) this.#bounds = needPart("pruned", 'kernel "pruned"').bounds(m);
    return this.#bounds;
  }

  #compact(): void {
    const vocab = this.#vocab;
    this.#runs.release();
    const remap = this.#matrix.compact((t) => vocab.termOf(t));
    // Documents are renumbered: kept lists name them by number.
    this.#generation++;
    this.#kept.compacted(remap, this.#matrix.nDocs);
    this.#vocab.remap(remap.terms, this.#matrix.nTerms);
    // Forms of terms that left the corpus, and forms no article uses now, go too, so that memory
    // follows the live corpus; the token tables follow the forms' new codes.
    const forms = this.#forms.compact(remap.terms, remap.docs, this.#matrix.nTerms, this.#matrix.nDocs, this.#matrix.df);
    this.#rows.remap(forms.codes, remap.terms);
    this.#store.renumber(remap.docs, this.#matrix.nDocs);
  }

  #docIndex(id: unknown): DocIndex {
    const d = this.#store.docOf(checkId(id));
    if (d === undefined) throw fail("UNKNOWN_ARTICLE", id as string);
    return d;
  }

  /**
   * The articles most similar to article `id`, best first (ties by id); never `id` itself, and
   * only articles that share at least one term with it. The signal options (recency, boost,
   * sections, variety, picks, language, fallback) shape the list as documented in the README.
   * @throws {RecommenderError} `UNKNOWN_ARTICLE`, or `INVALID_OPTION` for a bad `k`, `minScore`, ...
   */
  recommend(id: string, options?: RecommendOptions): Recommendation[] {
    const opts = checkRecommendOptions(options);
    this.#docIndex(id);
    const m = this.#sync();
    const d = this.#store.docOf(id) as DocIndex;
    return this.#runs.run((scratch) => {
      const lists = this.#kept.lists(m.nDocs);
      const query = () => prepareQuery(m, m.row(d), m.invNorm[d]);
      return named(this.#store, listFor(this.#view, query, opts, profileOf(this.#store, d), scratch, lists, Date.now()));
    });
  }

  /**
   * Related articles for a text that is not in the index (a draft): terms the corpus has never
   * seen are ignored, as scikit-learn's `transform` does. A draft given as an object may carry a
   * `date` (default: now), `section`, `lang`, `tags` and `related` picks, which the signals read.
   * @throws {RecommenderError} `INVALID_ARTICLE` when `input` is not a string or `{ text, title?, tags?, ... }`
   */
  recommendText(input: string | Draft, options?: RecommendOptions): Recommendation[] {
    const opts = checkRecommendOptions(options);
    const article = typeof input === "string" ? { text: input } : input;
    const checked = checkArticle({ ...(typeof article === "object" && article !== null ? article : { text: article }), id: "(draft)" }, "");
    const m = this.#sync();
    const row = this.#rows.queryRow(checked);
    const now = Date.now();
    return this.#runs.run((scratch) => named(this.#store, listFor(this.#view, () => prepareQuery(m, row), opts, draftProfile(this.#store, checked, now), scratch, null, now)));
  }

  /** Keeps lists computed for `generation` (by worker threads), unless the corpus changed since. */
  #adoptLists(lists: ListCache, generation: number): void {
    if (generation === this.#generation) this.#kept.adopt(lists);
  }

  /**
   * Every article's list at once (for a static-site build): identical to calling `recommend` with
   * the same options for each article, keyed by article id in insertion order. Compacts pending
   * changes first. Without options that multiply scores (recency, boost), it scores each pair once
   * (cosine is symmetric) and makes each list from those; `alsolike/node` runs that on worker
   * threads. The cosine lists are kept (see `keepLists`): until the corpus changes, `recommend`
   * answers from them, and so does `relatedAll` itself for a k up to theirs.
   * @param options.k list length (default 10); `onProgress(done, total)` is called as lists complete;
   *   `signal` (an AbortSignal) stops the work, and `relatedAll` throws its reason; and the signal
   *   options of `recommend`
   * @throws {RecommenderError} `NOT_IMPORTED` in the browser entry without `import "alsolike/kept-lists"`
   */
  relatedAll(options: RelatedAllOptions = {}): Map<string, Recommendation[]> {
    const o = checkRelatedAllOptions(options);
    throwIfAborted(o.signal);
    this.#runs.refuseWhileRunning("relatedAll");
    const { allLists } = needPart("keptLists", "relatedAll()");
    this.#state(true);
    return this.#runs.run((scratch) => allLists(this.#view, this.#lists, o, scratch));
  }

  /**
   * The similarity of two articles and the shared terms behind it.
   * @throws {RecommenderError} `UNKNOWN_ARTICLE`
   */
  explain(idA: string, idB: string): Explanation {
    this.#docIndex(idA);
    this.#docIndex(idB);
    const m = this.#sync();
    // Looked up after #sync: a compaction there renumbers documents.
    const dA = this.#store.docOf(idA) as DocIndex;
    const dB = this.#store.docOf(idB) as DocIndex;
    return explainArticles(
      {
        view: this.#view,
        options: this.#options,
        word: (t) => readableWord(this.#forms, this.#vocab, m.df, t),
        fieldOf: this.#options.fieldScoring === "apart" ? (t) => fieldOfTerm(this.#vocab.termOf(t)) : undefined,
        run: (work) => this.#runs.run(work),
        lists: this.#kept.lists(m.nDocs),
      },
      dA,
      dB,
    );
  }

  /**
   * The index as bytes: a versioned, checksummed binary snapshot (about 10 bytes per posting).
   * Pending changes are compacted first. Same articles in the same order give identical bytes.
   * `{ lists: true }` adds the kept related lists (12 bytes per article and entry).
   * @throws {RecommenderError} `NOT_IMPORTED` in the browser entry without `import "alsolike/snapshots"`
   */
  save(options: SaveOptions = {}): Uint8Array {
    checkSaveOptions(options);
    const { encode } = needPart("snapshots", "save()");
    this.#runs.refuseWhileRunning("save");
    const state = this.#state(true);
    const lists = options.lists === true ? this.#lists.current() : null;
    return encode(state, lists !== null && lists.count() > 0 ? lists : null);
  }

  /**
   * A Recommender that answers exactly as the saved one did (by lookup for the lists saved with
   * `{ lists: true }`). The postings are used in place
   * (no copy, so a 100k-article index loads in a few hundred milliseconds): do not modify
   * `bytes` afterwards, or pass `{ copy: true }`. Misaligned input is always copied.
   * With `{ feedback }` or `{ sharedNeighbours }` the loaded index uses that setting instead of the saved one.
   * @throws {RecommenderError} `NOT_IMPORTED` in the browser entry without `import "alsolike/snapshots"`;
   *   `INVALID_SNAPSHOT` for corrupt, truncated or foreign bytes;
   *   `INCOMPATIBLE_SNAPSHOT_VERSION` for a format this version cannot read; `INVALID_OPTION`
   *   for a bad `copy`, `feedback` or `sharedNeighbours`
   */
  static load(bytes: Uint8Array, options: LoadOptions = {}): Recommender {
    checkLoadOptions(options);
    const snapshots = needPart("snapshots", "Recommender.load()");
    const s = snapshots.decode(bytes, options.copy === true);
    s.options = withSecondPasses(s.options, options);
    // A snapshot saved with a second pass on needs its part (the browser entry): said as such, not as a bad snapshot.
    checkSecondPasses(s.options, { ...s.options, ...options });
    let rec: Recommender;
    try {
      rec = Recommender.#fromState({ ...s, matrix: new DocTermMatrix(s.options) });
    } catch (e) {
      if (e instanceof RecommenderError && e.code === "INVALID_SNAPSHOT") throw e;
      throw fail("INVALID_SNAPSHOT", `bad options (${e instanceof Error ? e.message : String(e)})`);
    }
    rec.#matrix = snapshots.matrix(rec.#options, s.arrays, s.sums);
    rec.#kept.synced(rec.#matrix);
    if (s.lists !== null) rec.#adoptLists(s.lists, rec.#generation);
    return rec;
  }

  /** Row of an article, for tests and kernels. */
  #row(id: string): SparseRow {
    const m = this.#sync();
    return m.row(this.#docIndex(id));
  }

  /** Brings the index up to date and exposes its state (snapshots, workers). */
  #state(compact: boolean): RecommenderState {
    if (compact) this.build();
    else this.#sync();
    return {
      options: this.#options,
      vocabulary: this.#vocab,
      forms: this.#forms,
      matrix: this.#matrix,
      ids: this.#store.ids as string[],
      dates: this.#store.dates,
      store: this.#store,
    };
  }

  /** Restores state produced by `#state(true)` (snapshots). */
  static #fromState(state: RecommenderState): Recommender {
    // Resolved options resolve to themselves (an analyzer's fixed options are accepted as given).
    const rec = new Recommender(state.options);
    rec.#vocab = state.vocabulary;
    rec.#forms = state.forms;
    rec.#rows = new LanguageRows(languageRowsOptions(rec.#options), rec.#analyze, rec.#vocab, rec.#forms);
    rec.#matrix = state.matrix;
    const store = state.store ?? DocStore.restore({ ids: state.ids, dates: state.dates });
    if (store === null) throw fail("INVALID_SNAPSHOT", "duplicate article ids");
    rec.#store = store;
    return rec;
  }
}
