/**
 * Article -> sparse row of tf weights. Field weights multiply each field's term counts before tf,
 * so with `{ title: 1, text: 1 }` an article counts exactly as `title + "\n" + text` would.
 * Under tf "bm25" the row's length dl is the sum of those counts over all the article's terms,
 * added in first-seen order (weighting.ts): a draft's unknown terms count too, so a draft with an
 * indexed article's text gets that article's weights.
 * With `wordPairs` on, each field's word pairs (analysis/word-pairs.ts) are terms too, counted
 * with the field's weight times `wordPairs`, after the field's single terms.
 * This file builds indexed articles' rows (RowBuilder); drafts' rows are query-vector.ts's.
 */
import type { SparseRow } from "./matrix.js";
import type { Analyzer } from "../analysis/analyzer.js";
import { TokenIds } from "../analysis/token-ids.js";
import { pairKey } from "../analysis/word-pairs.js";
import { PairIds } from "./pair-ids.js";
import { spaceTerm, type TermSpace } from "./field-terms.js";
import type { Vocabulary } from "./vocabulary.js";
import { TermForms } from "./term-forms.js";
import type { DocIndex } from "./segment.js";
import { bm25LengthFactor, bm25Weight, tfWeight, type Bm25Params, type TfMode } from "./weighting.js";
import { bm25Of, eachField, pairWeightOf, type ArticleText, type VectorizeOptions } from "./vector-options.js";

export { minTfWeight, type ArticleText, type VectorizeOptions } from "./vector-options.js";
export { vectorizeQuery } from "./query-vector.js";

/** Entries per chunk of row arrays. */
const CHUNK = 1 << 16;

/**
 * Row arrays carved out of shared chunks. Two ArrayBuffers per article (each malloc'd outside the
 * heap, then swept by the GC) cost more than filling them; views into one chunk per ~300 rows do
 * not. A chunk is freed once the last row in it is dropped (rows live until the next compaction).
 */
class RowArrays {
  #terms = new Uint32Array(0);
  #weights = new Float32Array(0);
  #used = 0;

  /** Arrays for a row of `n` entries. */
  take(n: number): SparseRow {
    if (this.#used + n > this.#terms.length) {
      this.#terms = new Uint32Array(Math.max(CHUNK, n));
      this.#weights = new Float32Array(Math.max(CHUNK, n));
      this.#used = 0;
    }
    const at = this.#used;
    this.#used = at + n;
    return { terms: this.#terms.subarray(at, at + n), weights: this.#weights.subarray(at, at + n) };
  }
}

/**
 * Builds the rows of articles being indexed: per token, one lookup in a table of form numbers
 * that is remembered across articles (see analysis/token-ids.ts), the form's term, and a
 * typed-array count. It also lists each row's exceptions, which give the terms their readable
 * words (corpus/term-forms.ts): the tables hold a form's code, which is its term for a head, and
 * the code a term had last is kept beside its count, so a token in its term's head form or
 * repeating its term's last form (nearly all of them) costs one more compare than counting did.
 */
export class RowBuilder {
  /** Per term space (field-terms.ts), its token table; spaces 1 and 2 made when first used ("apart"). */
  #tokenIds: (TokenIds | undefined)[];
  /**
   * Per term, its count in the article being built. (Interleaving it with #last, one cache line for
   * both, measured slower: 1.16x main's add against 1.09x, A/B at 10k synthetic.)
   */
  #counts = new Float64Array(1024);
  /** Per term, the code of its form at its last token in the article being built (valid while its count is not 0). */
  #last = new Int32Array(1024);
  /** Exceptions of the article being built (see term-forms.ts), and how many. */
  #forms = new Int32Array(1024);
  #nForms = 0;
  /** Terms of the article being built with two forms or more, and how many; #multiStamp marks them. */
  #multi = new Int32Array(64);
  #nMulti = 0;
  #multiStamp = new Uint32Array(1024);
  /** #seen[form] === #stamp: the form is in the article being built. */
  #seen = new Uint32Array(1024);
  #stamp = 0;
  /** Distinct term ids of the article being built, in first-seen order, and how many. */
  #ids: Uint32Array = new Uint32Array(1024);
  #n = 0;
  #arrays = new RowArrays();
  /** BM25's parameters under tf "bm25", else null. */
  readonly #bm25: Bm25Params | null;
  /** Word pairs' weight (0: off), and the pairs met so far. */
  readonly #pairWeight: number;
  readonly #pairs = new PairIds();
  /** eachField's visitor, made once (not a closure per article). */
  readonly #visit = (text: string, weight: number, space: TermSpace): void => this.#count(text, weight, space);

  /**
   * @param forms the index's form counts, where the builder learns the form of each new token
   *   (shared by the builders of every language of an index)
   */
  constructor(
    private readonly analyze: Analyzer,
    private readonly options: VectorizeOptions,
    private readonly vocab: Vocabulary,
    readonly forms: TermForms = new TermForms(),
  ) {
    this.#pairWeight = pairWeightOf(options);
    this.#tokenIds = [new TokenIds(analyze, (token) => this.#learn(token, 0), undefined, this.#pairWeight > 0)];
    this.#bm25 = bm25Of(options);
  }

  /** The row of an article, its terms in first-seen order (see DocTermMatrix.addDoc). */
  row(article: ArticleText): SparseRow {
    // Counted into reused typed arrays; the row itself is two views into shared chunks.
    this.#n = 0;
    this.#nForms = 0;
    this.#nMulti = 0;
    if (this.#stamp === 0xffffffff) {
      this.#seen.fill(0);
      this.#multiStamp.fill(0);
      this.#stamp = 0;
    }
    this.#stamp++;
    eachField(article, this.options, this.#visit);
    const n = this.#n;
    // First-seen order: the matrix sorts a row only if a query needs it before compaction.
    const row = this.#arrays.take(n);
    if (this.#bm25 !== null) return this.#bm25Row(row, n, this.#bm25);
    const tf = this.options.tf as Exclude<TfMode, "bm25">;
    const { terms, weights } = row;
    const ids = this.#ids;
    const counts = this.#counts;
    for (let i = 0; i < n; i++) {
      const t = ids[i] as number;
      terms[i] = t;
      weights[i] = tfWeight(counts[t] as number, tf);
      counts[t] = 0;
    }
    return row;
  }

  /** `row` for tf "bm25": the length dl first (the counts' sum, in first-seen order), then the weights. */
  #bm25Row(row: SparseRow, n: number, bm25: Bm25Params): SparseRow {
    const { terms, weights } = row;
    const ids = this.#ids;
    const counts = this.#counts;
    let length = 0;
    for (let i = 0; i < n; i++) length += counts[ids[i] as number] as number;
    const factor = bm25LengthFactor(length, bm25);
    const k1 = bm25.k1;
    for (let i = 0; i < n; i++) {
      const t = ids[i] as number;
      terms[i] = t;
      weights[i] = bm25Weight(counts[t] as number, k1, factor);
      counts[t] = 0;
    }
    return row;
  }

  /**
   * Adds `weight` to the count of each term of `text`, listing terms seen for the first time and
   * the article's exceptions (term-forms.ts). The token tables give codes: the term itself for a
   * head, so the common token (a term's head, or the form the term had at its last token) costs
   * what counting the term did, plus one compare; other forms look up their term (formTerm), and #otherForm.
   */
  #count(text: string, weight: number, space: TermSpace): void {
    let n = this.#n;
    const tokenIds = this.#tokenIds[space] ?? this.#space(space);
    const m = tokenIds.scan(text);
    const out = tokenIds.out;
    // Read after the scan: learning a token may have grown it.
    const counts = this.#counts;
    const last = this.#last;
    const formTerm = this.forms.formTerm;
    let ids = this.#ids;
    for (let i = 0; i < m; i++) {
      const code = out[i] as number;
      if (code === -1) continue;
      // A code below -2 is a form other than its term's head, whose term is looked up; a token
      // whose form differs from its term's last goes out of line, so that this loop stays small.
      const id = code >= 0 ? code : (formTerm[-3 - code] as number);
      const c = counts[id] as number;
      if (c === 0) {
        if (n === ids.length) ids = this.#growIds();
        ids[n++] = id;
        last[id] = code;
        if (code < 0) this.#except(-3 - code);
      } else if (last[id] !== code) {
        this.#otherForm(id, last[id] as number, code);
        last[id] = code;
      }
      counts[id] = c + weight;
    }
    this.#n = n;
    if (this.#pairWeight > 0) this.#countPairs(out, m, weight * this.#pairWeight);
  }

  /**
   * Adds `weight` to the count of each word pair of the tokens just scanned (`out[0, m)`): two
   * neighbours with terms, no -1 (a dropped token or a break) between them. After the field's
   * single terms, as vectorizeQuery counts them.
   */
  #countPairs(out: Int32Array, m: number, weight: number): void {
    const formTerm = this.forms.formTerm;
    const pairs = this.#pairs;
    let n = this.#n;
    let prev = -1;
    for (let i = 0; i < m; i++) {
      const code = out[i] as number;
      if (code === -1) {
        prev = -1;
        continue;
      }
      const id = code >= 0 ? code : (formTerm[-3 - code] as number);
      if (prev >= 0) {
        let p = pairs.get(prev, id);
        if (p < 0) p = this.#learnPair(prev, id);
        // Read after learning: it may have grown the arrays.
        const counts = this.#counts;
        const c = counts[p] as number;
        if (c === 0) {
          if (n === this.#ids.length) this.#growIds();
          this.#ids[n++] = p;
        }
        counts[p] = c + weight;
      }
      prev = id;
    }
    this.#n = n;
  }

  /** The term id of the pair (a, b), met for the first time since the last compaction. */
  #learnPair(a: number, b: number): number {
    const id = this.vocab.intern(pairKey(this.vocab.termOf(a), this.vocab.termOf(b)));
    this.#fit(id);
    this.#pairs.set(a, b, id);
    return id;
  }

  /**
   * A token whose term is already in the article, in another form than at its last token: the
   * term has two forms or more here. Its forms are marked as met (#seen) from then on, so that
   * each is listed once and `countForms` knows whether its head is among them.
   */
  #otherForm(id: number, previous: number, code: number): void {
    const stamp = this.#stamp;
    const seen = this.#seen;
    if (this.#multiStamp[id] !== stamp) {
      this.#multiStamp[id] = stamp;
      if (this.#nMulti === this.#multi.length) {
        const multi = new Int32Array(this.#multi.length * 2);
        multi.set(this.#multi);
        this.#multi = multi;
      }
      this.#multi[this.#nMulti++] = id;
      // Until now the term had one form here, `previous` (listed already if not the head).
      seen[this.forms.formOfCode(previous)] = stamp;
    }
    const f = this.forms.formOfCode(code);
    if (seen[f] !== stamp) {
      seen[f] = stamp;
      if (code < 0) this.#except(f);
    }
  }

  #except(f: number): void {
    if (this.#nForms === this.#forms.length) this.#growForms();
    this.#forms[this.#nForms++] = f;
  }

  /**
   * Gives the last row's exceptions to the index's form counts (TermForms) as document `d`'s,
   * once the row is in the matrix. Call it once per row.
   */
  countForms(d: DocIndex): void {
    // The heads of the terms the article has in several forms, when it has them, are exceptions too.
    for (let i = 0; i < this.#nMulti; i++) {
      const h = this.forms.headOf(this.#multi[i] as number);
      if (h >= 0 && this.#seen[h] === this.#stamp) {
        if (this.#nForms === this.#forms.length) this.#growForms();
        this.#forms[this.#nForms++] = h;
      }
    }
    this.forms.addDoc(d, this.#forms, this.#nForms);
  }

  #growForms(): Int32Array<ArrayBuffer> {
    const forms = new Int32Array(this.#forms.length * 2);
    forms.set(this.#forms);
    return (this.#forms = forms);
  }

  #growIds(): Uint32Array {
    const ids = new Uint32Array(this.#ids.length * 2);
    ids.set(this.#ids);
    return (this.#ids = ids);
  }

  /** The token table of term space `space`, made on first use. */
  #space(space: TermSpace): TokenIds {
    const tokenIds = new TokenIds(this.analyze, (token) => this.#learn(token, space), undefined, this.#pairWeight > 0);
    this.#tokenIds[space] = tokenIds;
    return tokenIds;
  }

  /** The code of a token met for the first time in `space` (-1: the token has no term; see TermForms.codeOf). */
  #learn(token: string, space: TermSpace): number {
    const term = this.analyze.term(token);
    if (term === "") return -1;
    const id = this.vocab.intern(spaceTerm(term, space));
    this.#fit(id);
    const f = this.forms.formOf(id, token);
    if (f >= this.#seen.length) {
      const seen = new Uint32Array(Math.max(f + 1, this.#seen.length * 2));
      seen.set(this.#seen);
      this.#seen = seen;
    }
    return this.forms.codeOf(f);
  }

  /** Grows the per-term arrays to hold term `id`. */
  #fit(id: number): void {
    if (id >= this.#counts.length) {
      const counts = new Float64Array(Math.max(id + 1, this.#counts.length * 2));
      counts.set(this.#counts);
      this.#counts = counts;
      const last = new Int32Array(counts.length);
      last.set(this.#last);
      this.#last = last;
      const multiStamp = new Uint32Array(counts.length);
      multiStamp.set(this.#multiStamp);
      this.#multiStamp = multiStamp;
    }
  }

  /**
   * Follows a compaction: the forms' new codes (TermForms.compact), -1 for a form that is gone,
   * and the terms' new ids (`terms[old]`, -1 for a term that is gone), which the pairs follow.
   */
  remap(codes: (code: number) => number, terms: Int32Array): void {
    for (const tokenIds of this.#tokenIds) tokenIds?.remap(codes);
    if (this.#pairs.size > 0) this.#pairs.remap(terms);
  }
}
