/**
 * Several languages in one index: each article is analyzed by the analyzer of its own `lang`
 * (its primary subtag), when that language is loaded, else by the index's `language`. The terms
 * of every language share one vocabulary (lists stay within a language: see the signals'
 * sameLanguage), and each language keeps its own row builder (its token cache maps a token to
 * that language's term) and its own readable words of stems.
 */
import type { Analyzer } from "../analysis/analyzer.js";
import { primaryLanguage, registeredLanguages } from "../analysis/registry.js";
import type { SparseRow } from "./segment.js";
import { RowBuilder, vectorizeQuery, type ArticleText, type VectorizeOptions } from "./vectorize.js";
import type { Vocabulary } from "./vocabulary.js";

interface Language {
  analyze: Analyzer;
  rows: RowBuilder;
}

/** What the row builders need of the index's options, and how to make a language's analyzer. */
export interface LanguageRowsOptions extends VectorizeOptions {
  /** The index's language (options.language). */
  readonly language: string;
  /** The index's analyzer name: only "default" analyzes by language. */
  readonly analyzer: string;
  /** The analyzer of language `code`, with the index's analysis options. */
  readonly analyzerOf: (code: string) => Analyzer;
}

export class LanguageRows {
  readonly #options: LanguageRowsOptions;
  readonly #vocab: Vocabulary;
  readonly #main: Language;
  readonly #others = new Map<string, Language>();

  /** @param analyze the index language's analyzer (options.language) */
  constructor(options: LanguageRowsOptions, analyze: Analyzer, vocab: Vocabulary) {
    this.#options = options;
    this.#vocab = vocab;
    this.#main = { analyze, rows: new RowBuilder(analyze, options, vocab) };
  }

  /**
   * The language an article of `lang` is analyzed in: its primary subtag when that language is
   * loaded and the index uses the default analyzer; otherwise the index's language.
   */
  languageOf(lang: string | undefined): string {
    const own = this.#options.language;
    if (lang === undefined || this.#options.analyzer !== "default") return own;
    const primary = primaryLanguage(lang);
    return primary !== own && registeredLanguages().includes(primary) ? primary : own;
  }

  #of(lang: string | undefined): Language {
    const code = this.languageOf(lang);
    if (code === this.#options.language) return this.#main;
    let language = this.#others.get(code);
    if (language === undefined) {
      const analyze = this.#options.analyzerOf(code);
      language = { analyze, rows: new RowBuilder(analyze, this.#options, this.#vocab) };
      this.#others.set(code, language);
    }
    return language;
  }

  /** The row of an article to index, in its language. */
  row(article: ArticleText & { lang?: string }): SparseRow {
    return this.#of(article.lang).rows.row(article);
  }

  /** The row of a draft (terms the index has never seen are ignored), in its language. */
  queryRow(article: ArticleText & { lang?: string }): SparseRow {
    return vectorizeQuery(article, this.#of(article.lang).analyze, this.#options, this.#vocab);
  }

  /** After a compaction: new term ids, and readable words only for terms still in use. */
  remap(terms: Int32Array): void {
    for (const language of [this.#main, ...this.#others.values()]) {
      language.rows.remap(terms);
      const surfaces = language.analyze.surfaces;
      if (surfaces) for (const term of surfaces.keys()) if (this.#vocab.idOf(term) < 0) surfaces.delete(term);
    }
  }

  /** The readable word of a term, from whichever language made it. */
  surface(term: string): string | undefined {
    const own = this.#main.analyze.surface(term);
    if (own !== undefined) return own;
    for (const language of this.#others.values()) {
      const word = language.analyze.surface(term);
      if (word !== undefined) return word;
    }
    return undefined;
  }

  /** Every language's readable words, the index language's first (what snapshots save). */
  surfaces(): Map<string, string> {
    const all = new Map(this.#main.analyze.surfaces ?? []);
    for (const language of this.#others.values()) for (const [term, word] of language.analyze.surfaces ?? []) if (!all.has(term)) all.set(term, word);
    return all;
  }
}
