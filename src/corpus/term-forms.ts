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
 * What is kept. A form is a number f (dense, renumbered at each compaction): its term, the next
 * form of its term (the forms of term t are a list from head[t]) and its string. Most of an
 * article's terms appear in it in one form only, the term's head (its first form, fixed while the
 * term lives); for those the article keeps nothing. For its other terms (another form, or several)
 * it keeps the forms it used: its "exceptions", in one pool. The counts follow from these and the
 * terms' document frequencies, which the matrix keeps anyway: a form that is not a head is in the
 * articles listing it; a head is in the term's articles that list none of the term's forms, plus
 * those listing it. So adding an article costs only storing its exceptions (the row builder finds
 * them as it counts tokens: a form's term is stored negated when the form is not a head), removal
 * drops them, and the counts are worked out again, in one pass over the exceptions, the next time a
 * word is asked for (`explain`, `save`, a compaction) after a change.
 *
 * A form is one (term, token) pair whichever language's analyzer gave it, so every analyzer of an
 * index shares these counts. Memory: 12 bytes per form in typed arrays plus its string, 4 bytes
 * per term, 4 bytes per exception and 8 per article (README states what that comes to on Brown and
 * the synthetic corpora). Forms in no article are dropped at the next compaction, with the terms
 * that leave the corpus, so memory follows the live corpus.
 */
import type { DocIndex, RowTerms } from "./segment.js";

/** A form number (see the file comment). */
export type FormId = number;

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

/** Result of a compaction: the new code of each old code (TokenIds.remap), -1 for a form that is gone. */
export interface FormRemap {
  codes: (code: number) => number;
}

/**
 * Codes: what the token tables hold for a form, so that indexing reads a token's term without
 * another lookup. A form of term t at position `local` in its term's list (0: the head) has the
 * code local * 2^27 + t when local < 16 and t < 2^27 (nearly every form), else -3 - f.
 */
const TERM_BITS = 27;
export const CODE_TERM_MASK = (1 << TERM_BITS) - 1;
const MAX_LOCAL = 15;
/** A non-negative code below this is a head's (local 0): the code is the term itself. */
export const HEAD_CODE_LIMIT = 1 << TERM_BITS;

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

export class TermForms {
  /**
   * The term of each form: t for the term's head, ~t (negative) for its other forms. The row
   * builders read it per token (always the current array: it grows).
   */
  formTerm: Int32Array<ArrayBuffer> = new Int32Array(0);
  #next: Int32Array<ArrayBuffer> = new Int32Array(0);
  /** Position of each form in its term's list (0: the head), for its code. */
  #local: Int32Array<ArrayBuffer> = new Int32Array(0);
  #tokens: string[] = [];
  #nForms = 0;
  /** Head form of each term, NONE when it has none. */
  #head: Int32Array<ArrayBuffer> = new Int32Array(0);
  /** Articles containing each form, valid while #counted. */
  #df: Int32Array<ArrayBuffer> = new Int32Array(0);
  #counted = false;

  // Exceptions of each document: #pool[#start[d] .. #start[d] + #len[d]), in any order.
  #start: Int32Array<ArrayBuffer> = new Int32Array(0);
  #len: Int32Array<ArrayBuffer> = new Int32Array(0);
  #pool: Int32Array<ArrayBuffer> = new Int32Array(0);
  #poolUsed = 0;
  /** Pool entries no live document points to (removed documents'), reclaimed when they dominate. */
  #garbage = 0;
  /**
   * The document count when the forms were last made canonical (compaction, load), -1 once
   * anything changed since: `arrays` then copies them instead of renumbering.
   */
  #canonicalFor = -1;
  /** An article was removed since the last compaction: some forms may be in no article now. */
  #removed = false;

  /** Forms in use (some may be in no article until the next compaction). */
  get size(): number {
    return this.#nForms;
  }

  /** Exceptions held for live documents. */
  get exceptions(): number {
    return this.#poolUsed - this.#garbage;
  }

  /** Bytes of the typed arrays (the tokens' strings not counted). */
  get bytes(): number {
    return (this.formTerm.length + this.#next.length + this.#local.length + this.#df.length + this.#head.length + this.#start.length + this.#len.length + this.#pool.length) * 4;
  }

  /** The head form of term `t` (NONE when it has none). */
  headOf(t: number): number {
    return t < this.#head.length ? (this.#head[t] as number) : NONE;
  }

  /**
   * The form of `token` for term `t`, made when new. Called when the indexer meets a token for
   * the first time (or again after forgetting it), never per token: it walks the term's forms.
   */
  formOf(t: number, token: string): FormId {
    const first = this.headOf(t);
    let last = NONE;
    for (let f = first; f !== NONE; f = this.#next[f] as number) {
      if (this.#tokens[f] === token) return f;
      last = f;
    }
    const f = this.#nForms++;
    this.#canonicalFor = -1;
    this.#counted = false;
    this.formTerm = grownInt32(this.formTerm, f + 1);
    this.#next = grownInt32(this.#next, f + 1);
    this.#local = grownInt32(this.#local, f + 1);
    this.#tokens[f] = token;
    this.#next[f] = NONE;
    if (first === NONE) {
      this.#head = grownInt32(this.#head, t + 1, NONE);
      this.#head[t] = f;
      this.#local[f] = 0;
      this.formTerm[f] = t;
    } else {
      // At the list's end: a form keeps its position (and its code) while its term lives.
      this.#next[last] = f;
      this.#local[f] = (this.#local[last] as number) + 1;
      this.formTerm[f] = ~t;
    }
    return f;
  }

  /** The code of form `f` (see CODE_TERM_MASK). */
  codeOf(f: FormId): number {
    const ft = this.formTerm[f] as number;
    const t = ft < 0 ? ~ft : ft;
    const local = this.#local[f] as number;
    return local <= MAX_LOCAL && t <= CODE_TERM_MASK ? local * HEAD_CODE_LIMIT + t : -3 - f;
  }

  /** The form of a code. */
  formOfCode(code: number): FormId {
    if (code < 0) return -3 - code;
    let f = this.headOf(code & CODE_TERM_MASK);
    for (let k = code >>> TERM_BITS; k > 0; k--) f = this.#next[f] as number;
    return f;
  }

  /** Whether form `f` is its term's head. */
  isHead(f: FormId): boolean {
    return (this.formTerm[f] as number) >= 0;
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
  addDoc(d: DocIndex, list: Int32Array, n: number): void {
    this.#canonicalFor = -1;
    this.#counted = false;
    if (d >= this.#start.length) {
      this.#start = grownInt32(this.#start, d + 1);
      this.#len = grownInt32(this.#len, d + 1);
    }
    this.#garbage += this.#len[d] as number;
    this.#start[d] = this.#poolUsed;
    this.#len[d] = n;
    this.#pool = grownInt32(this.#pool, this.#poolUsed + n);
    this.#pool.set(list.subarray(0, n), this.#poolUsed);
    this.#poolUsed += n;
  }

  /** Forgets document `d`'s exceptions (its terms' document frequencies fall in the matrix). */
  removeDoc(d: DocIndex): void {
    this.#canonicalFor = -1;
    this.#counted = false;
    this.#removed = true;
    if (d < this.#len.length) {
      this.#garbage += this.#len[d] as number;
      this.#len[d] = 0;
    }
    if (this.#garbage > 4096 && this.#garbage > this.#poolUsed - this.#garbage) this.#reclaim();
  }

  /**
   * Follows a compaction: terms renumbered by `terms[old]` (-1: gone) into `nTerms` with document
   * frequencies `df` (new numbering), documents by `docs[old]` into `nDocs`. With no removal since
   * the last compaction no form can be in no article: the forms keep their numbers and only the
   * term and document numbers they hold change (linear in forms, terms and documents, no pass
   * over the exceptions). Otherwise the forms of gone terms and the forms in no article are
   * dropped and the rest renumbered canonically (by term, head first). Returns the renumbering.
   */
  compact(terms: Int32Array, docs: Int32Array, nTerms: number, nDocs: number, df: TermDf): FormRemap {
    // The old codes are read with the old lists: keep them.
    const oldHead = this.#head;
    const oldNext = this.#next;
    const oldForm = (code: number): number => {
      if (code < 0) return -3 - code;
      const t = code & CODE_TERM_MASK;
      let f = t < oldHead.length ? (oldHead[t] as number) : NONE;
      for (let k = code >>> TERM_BITS; k > 0 && f !== NONE; k--) f = oldNext[f] as number;
      return f;
    };
    if (!this.#removed && this.#keepsEveryTerm(terms)) {
      this.#renumber(terms, docs, nTerms, nDocs);
      return {
        codes: (code) => {
          const f = oldForm(code);
          return f === NONE ? -1 : this.codeOf(f);
        },
      };
    }
    this.#removed = false;
    // Counted under the old term numbers, whose document frequencies are df[terms[old]].
    this.#count(df, (old) => {
      const t = old < terms.length ? (terms[old] as number) : -1;
      return t >= 0 ? ((df[t] as number) ?? 0) : 0;
    });
    const a = this.#canonical(terms, docs, nTerms, nDocs);
    this.#adopt(a.arrays, nTerms);
    this.#canonicalFor = nDocs;
    return {
      codes: (code) => {
        const f = oldForm(code);
        const next = f === NONE || f >= a.forms.length ? -1 : (a.forms[f] as number);
        return next < 0 ? -1 : this.codeOf(next);
      },
    };
  }

  /** The forms as snapshots store them, for terms 0 .. nTerms and documents 0 .. nDocs (a compacted index: ids as they are). */
  arrays(nTerms: number, nDocs: number, df: TermDf): FormArrays {
    this.#count(df);
    if (this.#canonicalFor === nDocs && this.#head.length >= nTerms) return this.#current(nTerms, nDocs);
    const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    return this.#canonical(identity(Math.max(nTerms, this.#head.length)).map((t) => (t < nTerms ? t : -1)), identity(nDocs), nTerms, nDocs).arrays;
  }

  /** Forms restored from a snapshot (checked by persist/). */
  static fromArrays(a: FormArrays): TermForms {
    const forms = new TermForms();
    forms.#adopt(a, a.formPtr.length - 1);
    forms.#canonicalFor = a.exceptPtr.length - 1;
    return forms;
  }

  /**
   * Forms for a snapshot written before counts were kept (formats 4 and 5): each term's saved word
   * as its only form, counted in every article that has the term (`df`).
   */
  static fromWords(words: readonly string[], df: Int32Array, nDocs: number): TermForms {
    const n = words.length;
    const formPtr = new Uint32Array(n + 1);
    for (let t = 0; t < n; t++) formPtr[t + 1] = t + 1;
    const formDf = Uint32Array.from(df.subarray(0, n));
    return TermForms.fromArrays({ formPtr, formDf, tokens: words.slice(), exceptPtr: new Uint32Array(nDocs + 1), exceptForms: new Uint32Array(0) });
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
    for (let d = 0; d < this.#len.length; d++) {
      const start = this.#start[d] as number;
      const end = start + (this.#len[d] as number);
      for (let i = start; i < end; i++) {
        const f = pool[i] as number;
        counts[f] = (counts[f] as number) + 1;
        const ft = formTerm[f] as number;
        const t = ft < 0 ? ~ft : ft;
        if (lastDoc[t] !== d) {
          lastDoc[t] = d;
          withExceptions[t] = (withExceptions[t] as number) + 1;
        }
      }
    }
    for (let t = 0; t < nTerms; t++) {
      const h = this.#head[t] as number;
      if (h !== NONE) counts[h] = Math.max(0, (counts[h] as number) + dfOf(t) - (withExceptions[t] as number));
    }
    this.#counted = true;
  }

  /** No term with forms is dropped by `terms` (as when no article was removed). */
  #keepsEveryTerm(terms: Int32Array): boolean {
    for (let old = 0; old < this.#head.length; old++) if (this.#head[old] !== NONE && !((terms[old] ?? -1) >= 0)) return false;
    return true;
  }

  /** New term and document numbers, every form kept (see `compact`). */
  #renumber(terms: Int32Array, docs: Int32Array, nTerms: number, nDocs: number): void {
    const formTerm = this.formTerm;
    for (let f = 0; f < this.#nForms; f++) {
      // In place: the lists (#next, #local) keep their numbers.
      const ft = formTerm[f] as number;
      const t = terms[ft < 0 ? ~ft : ft] as number;
      formTerm[f] = ft < 0 ? ~t : t;
    }
    const head = new Int32Array(Math.max(64, nTerms)).fill(NONE);
    for (let old = 0; old < Math.min(terms.length, this.#head.length); old++) {
      const t = terms[old] as number;
      if (t >= 0) head[t] = this.#head[old] as number;
    }
    this.#head = head;
    const start = new Int32Array(Math.max(64, nDocs));
    const len = new Int32Array(Math.max(64, nDocs));
    for (let old = 0; old < Math.min(docs.length, this.#len.length); old++) {
      const d = docs[old] as number;
      if (d < 0) continue;
      start[d] = this.#start[old] as number;
      len[d] = this.#len[old] as number;
    }
    this.#start = start;
    this.#len = len;
    // Counts are by form: unchanged. The forms are no longer numbered canonically.
    this.#canonicalFor = -1;
  }

  /** Copies the live documents' exceptions to a fresh pool. */
  #reclaim(): void {
    const pool = new Int32Array(Math.max(64, this.#poolUsed - this.#garbage));
    let at = 0;
    for (let d = 0; d < this.#len.length; d++) {
      const len = this.#len[d] as number;
      const start = this.#start[d] as number;
      pool.set(this.#pool.subarray(start, start + len), at);
      this.#start[d] = at;
      at += len;
    }
    this.#pool = pool;
    this.#poolUsed = at;
    this.#garbage = 0;
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

  /** `arrays` of forms already canonical: copies of what is held. */
  #current(nTerms: number, nDocs: number): FormArrays {
    const n = this.#nForms;
    const formPtr = new Uint32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) {
      let count = 0;
      for (let f = this.#head[t] as number; f !== NONE; f = this.#next[f] as number) count++;
      formPtr[t + 1] = (formPtr[t] as number) + count;
    }
    const formDf = Uint32Array.from(this.#df.subarray(0, n));
    const exceptPtr = new Uint32Array(nDocs + 1);
    for (let d = 0; d < nDocs; d++) exceptPtr[d + 1] = (exceptPtr[d] as number) + (this.#len[d] as number);
    const exceptForms = new Uint32Array(exceptPtr[nDocs] as number);
    for (let d = 0; d < nDocs; d++) {
      const start = this.#start[d] as number;
      exceptForms.set(this.#pool.subarray(start, start + (this.#len[d] as number)), exceptPtr[d] as number);
    }
    return { formPtr, formDf, tokens: this.#tokens.slice(0, n), exceptPtr, exceptForms };
  }

  /** Replaces everything with canonical arrays over `nTerms` terms. */
  #adopt(a: FormArrays, nTerms: number): void {
    const n = a.tokens.length;
    this.#nForms = n;
    this.#tokens = a.tokens;
    const formTerm = new Int32Array(Math.max(64, n));
    const next = new Int32Array(Math.max(64, n));
    const local = new Int32Array(Math.max(64, n));
    const df = new Int32Array(Math.max(64, n));
    df.set(a.formDf);
    this.#head = new Int32Array(Math.max(64, nTerms)).fill(NONE);
    for (let t = 0; t < nTerms; t++) {
      const from = a.formPtr[t] as number;
      const to = a.formPtr[t + 1] as number;
      if (from < to) this.#head[t] = from;
      for (let f = from; f < to; f++) {
        formTerm[f] = f === from ? t : ~t;
        next[f] = f + 1 < to ? f + 1 : NONE;
        local[f] = f - from;
      }
    }
    this.formTerm = formTerm;
    this.#next = next;
    this.#local = local;
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
    this.#garbage = 0;
  }
}
