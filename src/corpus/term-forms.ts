/**
 * The readable word of each term: of the forms (tokens) that produced a stem, the one found in the
 * most articles ("candidate" for "candid", even when the corpus also has "candid" once), kept up
 * to date as articles are added, updated and removed, and saved in snapshots.
 *
 * What is counted: per form, its document frequency (the articles that contain it), not its
 * token count. An article that repeats one rare form fifty times still counts once, so the word
 * shown is the one most articles use; and it keeps the per-article record removal needs small.
 * Ties go to the shorter form, then to the first in code-unit order, so the choice depends only
 * on the corpus, never on the order articles came in.
 *
 * What is kept. A form is a number f (dense, renumbered at compactions after removals): its term,
 * the next form of its term (the forms of term t are a list from head[t]) and its string. Most of
 * an article's terms appear in it in one form only, the term's head (the first form met, or after
 * a load the most common one: snapshots write it first); for those the article keeps nothing. For
 * its other terms (another form, or several) it keeps the forms it used: its "exceptions", in one
 * pool. The counts follow from these and the terms' document frequencies, which the matrix keeps
 * anyway: a form that is not a head is in the articles listing it; a head is in the term's
 * articles that list none of the term's forms, plus those listing it. So adding an article costs
 * only storing its exceptions (the row builder finds them as it counts tokens: the token tables
 * give a head's term itself, another form's number below -2, see `codeOf`), removal drops them,
 * and the counts are worked out again, in one pass over the exceptions, the next time a word is
 * asked for (`explain`, `save`, a compaction) after a change.
 *
 * A form is one (term, token) pair whichever language's analyzer gave it, so every analyzer of an
 * index shares these counts. Memory: 12 bytes per form in typed arrays plus its string, 4 bytes
 * per term, 4 bytes per exception and 8 per article (README states what that comes to on Brown and
 * the synthetic corpora). Forms in no article are dropped at the next compaction, with the terms
 * that leave the corpus, so memory follows the live corpus.
 */


/** The forms as snapshots store them: canonical numbering (by term, head first), exceptions per document. */
export interface FormArrays {
  /** Forms of term t: formPtr[t] .. formPtr[t+1), the term's head first. */
  formPtr: Uint32Array;
  /** Articles containing each form (at least 1). */
  formDf: Uint32Array;
  /** Each form's token. */
  tokens: string[];
  /** Exceptions of document d: forms exceptForms[exceptPtr[d] .. exceptPtr[d+1]), ascending. */
  exceptPtr: Uint32Array;
  exceptForms: Uint32Array;
}

/**
 * Forms as a snapshot's reader hands them over (persist/ checked them): canonical numbering, each
 * document's exceptions at pool[start[d], start[d] + len[d]), pool[0, used) in use; no counts.
 */
export interface RestoredForms {
  formPtr: Uint32Array;
  tokens: string[];
  start: Int32Array<ArrayBuffer>;
  len: Int32Array<ArrayBuffer>;
  pool: Int32Array<ArrayBuffer>;
  used: number;
}

/**
 * Counts document d's exceptions pool[from, to): each form's articles, and once per term the
 * articles listing any of its forms (lastDoc[t]: the last document counted for t).
 */
function countExceptions(pool: Int32Array, from: number, to: number, d: number, formTerm: Int32Array, counts: Int32Array, lastDoc: Int32Array, withExceptions: Int32Array): void {
  for (let i = from; i < to; i++) {
    const f = pool[i] as number;
    counts[f] = (counts[f] as number) + 1;
    const t = formTerm[f] as number;
    if (lastDoc[t] !== d) {
      lastDoc[t] = d;
      withExceptions[t] = (withExceptions[t] as number) + 1;
    }
  }
}

/** Result of a compaction: the new code of each old code (TokenIds.remap), -1 for a form that is gone. */
export type FormRemap = { codes: (code: number) => number };

const NONE = -1;

function grownInt32(a: Int32Array<ArrayBuffer>, need: number, fill = 0): Int32Array<ArrayBuffer> {
  if (a.length >= need) return a;
  const b = new Int32Array(Math.max(need, a.length * 2, 64));
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}

/**
 * Is `a` a better readable word than `b` (counts ca, cb)? More articles, then shorter, then first in
 * code-unit order.
 */
export function betterForm(a: string, ca: number, b: string, cb: number): boolean {
  if (ca !== cb) return ca > cb;
  if (a.length !== b.length) return a.length < b.length;
  return a < b;
}

/** A term's document frequency, by term number (the matrix's df). */
export type TermDf = Readonly<ArrayLike<number>>;

/**
 * Codes: what the token tables hold for a form, so that indexing reads a token's term without
 * another lookup for nearly every token: a term's head form has the code t (the term itself),
 * its other forms -3 - f (below TokenIds' reserved -1 and -2), whose term is `formTerm[f]`.
 */
export class TermForms {
  /** The term of each form (the row builders read it for codes below -2: it grows). */
  formTerm: Int32Array<ArrayBuffer> = new Int32Array(0);
  #next: Int32Array<ArrayBuffer> = new Int32Array(0);
  #tokens: string[] = [];
  #nForms = 0;
  /** Head form of each term, NONE when it has none. */
  #head: Int32Array<ArrayBuffer> = new Int32Array(0);
  /** Articles containing each form, valid while #counted. */
  #df: Int32Array<ArrayBuffer> = new Int32Array(0);
  #counted = false;

  // Exceptions of each document: #pool[#start[d] .. #start[d] + #len[d]), in any order. A removed
  // or updated document's entries stay in the pool until the next compaction (which the matrix
  // asks for as its own garbage grows).
  #start: Int32Array<ArrayBuffer> = new Int32Array(0);
  #len: Int32Array<ArrayBuffer> = new Int32Array(0);
  #pool: Int32Array<ArrayBuffer> = new Int32Array(0);
  #poolUsed = 0;
  /** An article was removed since the last compaction: some forms may be in no article now. */
  #removed = false;

  /** Forms in use (some may be in no article until the next compaction). */
  get size(): number {
    return this.#nForms;
  }

  /** Exceptions held for live documents. */
  get exceptions(): number {
    return this.#len.reduce((n, len) => n + len, 0);
  }

  /** Bytes of the typed arrays (the tokens' strings not counted). */
  get bytes(): number {
    return (this.formTerm.length + this.#next.length + this.#df.length + this.#head.length + this.#start.length + this.#len.length + this.#pool.length) * 4;
  }

  /** The head form of term `t` (NONE when it has none). */
  headOf(t: number): number {
    return t < this.#head.length ? (this.#head[t] as number) : NONE;
  }

  /**
   * The form of `token` for term `t`, made when new. Called when the indexer meets a token for
   * the first time (or again after forgetting it), never per token: it walks the term's forms.
   */
  formOf(t: number, token: string): number {
    const first = this.headOf(t);
    let last = NONE;
    for (let f = first; f !== NONE; f = this.#next[f] as number) {
      if (this.#tokens[f] === token) return f;
      last = f;
    }
    const f = this.#nForms++;
    this.#counted = false;
    this.formTerm = grownInt32(this.formTerm, f + 1);
    this.#next = grownInt32(this.#next, f + 1);
    this.#tokens[f] = token;
    this.#next[f] = NONE;
    this.formTerm[f] = t;
    if (first !== NONE) this.#next[last] = f;
    else (this.#head = grownInt32(this.#head, t + 1, NONE))[t] = f;
    return f;
  }

  /** The code of form `f` (see the class comment). */
  codeOf(f: number): number {
    return this.#head[this.formTerm[f] as number] === f ? (this.formTerm[f] as number) : -3 - f;
  }

  /** The form of a code. */
  formOfCode(code: number): number {
    return code >= 0 ? this.headOf(code) : -3 - code;
  }

  /**
   * The readable word of term `t`: its form in the most articles (ties: shorter, then code-unit
   * order), or undefined when no article has the term.
   * @param df the terms' document frequencies (the matrix's, current)
   */
  surface(t: number, df: TermDf): string | undefined {
    this.#count(df);
    const counts = this.#df;
    let best: string | undefined;
    let bestDf = 0;
    for (let f = this.headOf(t); f !== NONE; f = this.#next[f] as number) {
      const c = counts[f] as number;
      const token = this.#tokens[f] as string;
      if (c > 0 && (best === undefined || betterForm(token, c, best, bestDf))) {
        best = token;
        bestDf = c;
      }
    }
    return best;
  }

  /** Keeps `list[0, n)` as the exceptions of document `d`, just added (see the file comment). */
  addDoc(d: number, list: Int32Array, n: number): void {
    this.#counted = false;
    if (d >= this.#start.length) {
      this.#start = grownInt32(this.#start, d + 1);
      this.#len = grownInt32(this.#len, d + 1);
    }
    this.#start[d] = this.#poolUsed;
    this.#len[d] = n;
    this.#pool = grownInt32(this.#pool, this.#poolUsed + n);
    this.#pool.set(list.subarray(0, n), this.#poolUsed);
    this.#poolUsed += n;
  }

  /** Forgets document `d`'s exceptions (its terms' document frequencies fall in the matrix). */
  removeDoc(d: number): void {
    this.#counted = false;
    this.#removed = true;
    if (d < this.#len.length) this.#len[d] = 0;
  }

  /**
   * Follows a compaction: terms renumbered by `terms[old]` (-1: gone) into `nTerms` with document
   * frequencies `df` (new numbering), documents by `docs[old]` into `nDocs`. After a removal, the
   * forms of gone terms and the forms in no article are dropped and the rest renumbered
   * canonically (by term, head first), in time linear in forms, terms and exceptions; with none
   * (a build after adding), every form is in an article still, so the forms keep their numbers and
   * only the terms and documents they name change (no pass over the exceptions: a tenth of the
   * time of a build at 10k synthetic articles otherwise). Returns the renumbering of codes.
   */
  compact(terms: Int32Array, docs: Int32Array, nTerms: number, nDocs: number, df: TermDf): FormRemap {
    if (!this.#removed && this.#renumber(terms, docs, nTerms, nDocs)) return { codes: (code) => (code >= 0 ? (terms[code] as number) : code) };
    this.#removed = false;
    // Counted under the old term numbers, whose document frequencies are df[terms[old]].
    this.#count(df, (old) => {
      const t = old < terms.length ? (terms[old] as number) : -1;
      return t >= 0 ? ((df[t] as number) ?? 0) : 0;
    });
    const oldHead = this.#head;
    const a = this.#canonical(terms, docs, nTerms, nDocs);
    this.#adopt(a.arrays, nTerms);
    return {
      codes: (code) => {
        const f = code >= 0 ? (code < oldHead.length ? (oldHead[code] as number) : NONE) : -3 - code;
        const next = f === NONE || f >= a.forms.length ? -1 : (a.forms[f] as number);
        return next < 0 ? -1 : this.codeOf(next);
      },
    };
  }

  /** The forms as snapshots store them, for terms 0 .. nTerms and documents 0 .. nDocs (a compacted index: ids as they are). */
  arrays(nTerms: number, nDocs: number, df: TermDf): FormArrays {
    this.#count(df);
    const identity = (n: number, below: number) => Int32Array.from({ length: n }, (_, i) => (i < below ? i : -1));
    return this.#canonical(identity(Math.max(nTerms, this.#head.length), nTerms), identity(nDocs, nDocs), nTerms, nDocs).arrays;
  }

  /** Forms restored from a snapshot (checked by persist/). */
  static fromArrays(a: FormArrays): TermForms {
    const forms = new TermForms();
    forms.#adopt(a, a.formPtr.length - 1);
    return forms;
  }

  /** Forms restored from a snapshot's forms block: its arrays kept as they are (no copy), the counts worked out when first needed. */
  static restore(a: RestoredForms): TermForms {
    const forms = new TermForms();
    forms.#adoptForms(a.formPtr, a.tokens);
    forms.#counted = false;
    forms.#start = a.start;
    forms.#len = a.len;
    forms.#pool = a.pool;
    forms.#poolUsed = a.used;
    return forms;
  }

  /**
   * Forms for a snapshot written before counts were kept (formats 4 and 5, and format 6 before
   * its forms block): each term's saved word as its only form, counted in every article that has the term (`df`).
   */
  static fromWords(words: readonly string[], df: Int32Array, nDocs: number): TermForms {
    const n = words.length;
    const formPtr = new Uint32Array(n + 1);
    for (let t = 0; t < n; t++) formPtr[t + 1] = t + 1;
    const formDf = Uint32Array.from(df.subarray(0, n));
    return TermForms.fromArrays({ formPtr, formDf, tokens: words.slice(), exceptPtr: new Uint32Array(nDocs + 1), exceptForms: new Uint32Array(0) });
  }

  /** New term and document numbers, every form kept; false (nothing done) when a term with forms is gone. */
  #renumber(terms: Int32Array, docs: Int32Array, nTerms: number, nDocs: number): boolean {
    const oldHead = this.#head;
    for (let old = 0; old < oldHead.length; old++) if (oldHead[old] !== NONE && !((terms[old] ?? -1) >= 0)) return false;
    const formTerm = this.formTerm;
    for (let f = 0; f < this.#nForms; f++) formTerm[f] = terms[formTerm[f] as number] as number;
    const head = (this.#head = new Int32Array(Math.max(64, nTerms)).fill(NONE));
    for (let old = 0; old < oldHead.length; old++) if (oldHead[old] !== NONE) head[terms[old] as number] = oldHead[old] as number;
    const start = new Int32Array(Math.max(64, nDocs));
    const len = new Int32Array(Math.max(64, nDocs));
    // No removal: every document keeps a number.
    for (let old = 0; old < Math.min(docs.length, this.#len.length); old++) {
      start[docs[old] as number] = this.#start[old] as number;
      len[docs[old] as number] = this.#len[old] as number;
    }
    this.#start = start;
    this.#len = len;
    return true;
  }

  /**
   * Works out every form's count when something changed since (see the file comment): one pass
   * over the live documents' exceptions. `dfOf(t)` overrides `df[t]` (compaction: old numbering).
   */
  #count(df: TermDf, dfOf: (t: number) => number = (t) => (df[t] as number) ?? 0): void {
    if (this.#counted) return;
    const n = this.#nForms;
    const nTerms = this.#head.length;
    const counts = (this.#df = new Int32Array(Math.max(64, n)));
    // Per term, the last document seen listing one of its forms, and how many documents did.
    const lastDoc = new Int32Array(nTerms).fill(-1);
    const withExceptions = new Int32Array(nTerms);
    const formTerm = this.formTerm;
    const pool = this.#pool;
    const starts = this.#start;
    const lens = this.#len;
    // One call an article: V8 optimises countExceptions as a whole, where one loop over millions
    // of exceptions (6.9M at 100k synthetic articles) ran on-stack-replaced code, about twice as slow.
    for (let d = 0; d < lens.length; d++) {
      const start = starts[d] as number;
      const len = lens[d] as number;
      if (len > 0) countExceptions(pool, start, start + len, d, formTerm, counts, lastDoc, withExceptions);
    }
    for (let t = 0; t < nTerms; t++) {
      const h = this.#head[t] as number;
      if (h !== NONE) counts[h] = Math.max(0, (counts[h] as number) + dfOf(t) - (withExceptions[t] as number));
    }
    this.#counted = true;
  }

  /** The canonical arrays after renumbering terms and documents, and the form renumbering. */
  #canonical(terms: Int32Array, docs: Int32Array, nTerms: number, nDocs: number): { arrays: FormArrays; forms: Int32Array } {
    const map = new Int32Array(this.#nForms).fill(-1);
    // Old term of each new term.
    const oldOf = new Int32Array(nTerms).fill(-1);
    for (let old = 0; old < Math.min(terms.length, this.#head.length); old++) {
      const t = terms[old] as number;
      if (t >= 0 && t < nTerms) oldOf[t] = old;
    }
    const formPtr = new Uint32Array(nTerms + 1);
    const formDf = new Uint32Array(this.#nForms);
    const tokens: string[] = [];
    for (let t = 0; t < nTerms; t++) {
      const old = oldOf[t] as number;
      for (let f = old < 0 ? NONE : (this.#head[old] as number); f !== NONE; f = this.#next[f] as number) {
        const df = this.#df[f] as number;
        if (df <= 0) continue;
        map[f] = tokens.length;
        formDf[tokens.length] = df;
        tokens.push(this.#tokens[f] as string);
      }
      formPtr[t + 1] = tokens.length;
    }
    const exceptPtr = new Uint32Array(nDocs + 1);
    const oldDoc = new Int32Array(nDocs).fill(-1);
    for (let old = 0; old < docs.length; old++) {
      const d = docs[old] as number;
      if (d >= 0 && d < nDocs) oldDoc[d] = old;
    }
    // Each document's forms, renumbered, ascending: a counting sort by form (documents listed per
    // form in document order), then read back form by form into each document's slots. Linear,
    // where sorting each document's list took longer than the rest of a compaction.
    const pool = this.#pool;
    const perForm = new Uint32Array(tokens.length + 1);
    for (let d = 0; d < nDocs; d++) {
      const old = oldDoc[d] as number;
      const len = old >= 0 && old < this.#len.length ? (this.#len[old] as number) : 0;
      const start = len > 0 ? (this.#start[old] as number) : 0;
      let kept = 0;
      for (let i = start; i < start + len; i++) {
        const f = map[pool[i] as number] as number;
        if (f >= 0) {
          perForm[f + 1] = (perForm[f + 1] as number) + 1;
          kept++;
        }
      }
      exceptPtr[d + 1] = (exceptPtr[d] as number) + kept;
    }
    for (let f = 0; f < tokens.length; f++) perForm[f + 1] = (perForm[f + 1] as number) + (perForm[f] as number);
    const n = exceptPtr[nDocs] as number;
    const docsOf = new Uint32Array(n);
    const fill = perForm.slice(0, tokens.length);
    for (let d = 0; d < nDocs; d++) {
      const old = oldDoc[d] as number;
      const len = old >= 0 && old < this.#len.length ? (this.#len[old] as number) : 0;
      const start = len > 0 ? (this.#start[old] as number) : 0;
      for (let i = start; i < start + len; i++) {
        const f = map[pool[i] as number] as number;
        if (f >= 0) docsOf[(fill[f] as number)++] = d;
      }
    }
    const out = new Uint32Array(n);
    const cursor = exceptPtr.slice(0, nDocs);
    for (let f = 0; f < tokens.length; f++) {
      for (let i = perForm[f] as number; i < (perForm[f + 1] as number); i++) out[(cursor[docsOf[i] as number] as number)++] = f;
    }
    return { arrays: { formPtr, formDf: formDf.slice(0, tokens.length), tokens, exceptPtr, exceptForms: out }, forms: map };
  }

  /** The forms of canonical arrays over `nTerms` terms: formTerm, the lists from each head, the tokens. */
  #adoptForms(formPtr: Uint32Array, tokens: string[], nTerms = formPtr.length - 1): void {
    const n = tokens.length;
    this.#nForms = n;
    this.#tokens = tokens;
    const formTerm = new Int32Array(Math.max(64, n));
    const next = new Int32Array(Math.max(64, n));
    this.#head = new Int32Array(Math.max(64, nTerms)).fill(NONE);
    for (let t = 0; t < nTerms; t++) {
      const from = formPtr[t] as number;
      const to = formPtr[t + 1] as number;
      if (from < to) this.#head[t] = from;
      for (let f = from; f < to; f++) {
        formTerm[f] = t;
        next[f] = f + 1 < to ? f + 1 : NONE;
      }
    }
    this.formTerm = formTerm;
    this.#next = next;
  }

  /** Replaces everything with canonical arrays over `nTerms` terms. */
  #adopt(a: FormArrays, nTerms: number): void {
    this.#adoptForms(a.formPtr, a.tokens, nTerms);
    const df = new Int32Array(Math.max(64, a.tokens.length));
    df.set(a.formDf);
    this.#df = df;
    this.#counted = true;
    const nDocs = a.exceptPtr.length - 1;
    this.#start = new Int32Array(Math.max(64, nDocs));
    this.#len = new Int32Array(Math.max(64, nDocs));
    for (let d = 0; d < nDocs; d++) {
      this.#start[d] = a.exceptPtr[d] as number;
      this.#len[d] = (a.exceptPtr[d + 1] as number) - (a.exceptPtr[d] as number);
    }
    this.#pool = new Int32Array(Math.max(64, a.exceptForms.length));
    this.#pool.set(a.exceptForms);
    this.#poolUsed = a.exceptForms.length;
  }
}
