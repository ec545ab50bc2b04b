/**
 * Several languages in one index: each article is analyzed by the analyzer of its own `lang`
 * (its primary subtag), when that language is loaded, else by the index's `language`. The terms
 * of every language share one vocabulary (lists stay within a language: see the signals'
 * sameLanguage), and each language keeps its own row builder (its token cache maps a token to
 * that language's term); the form counts that give each term its readable word are the index's,
 * shared by every language (term-forms.ts).
 */
import type { Analyzer } from "../analysis/analyzer.js";
import { primaryLanguage, registeredLanguages } from "../analysis/registry.js";
import type { SparseRow } from "./segment.js";
import { RowBuilder, vectorizeQuery, type ArticleText, type VectorizeOptions } from "./vectorize.js";
import type { Vocabulary } from "./vocabulary.js";
import type { TermForms } from "./term-forms.js";

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
  readonly #forms: TermForms;
  readonly #main: Language;
  readonly #others = new Map<string, Language>();
  /** The builder of the last row, whose forms `countForms` counts. */
  #last: RowBuilder | null = null;

  /**
   * @param analyze the index language's analyzer (options.language)
   * @param forms the index's form counts (readable words), shared by every language
   */
  constructor(options: LanguageRowsOptions, analyze: Analyzer, vocab: Vocabulary, forms: TermForms) {
    this.#options = options;
    this.#vocab = vocab;
    this.#forms = forms;
    this.#main = { analyze, rows: new RowBuilder(analyze, options, vocab, forms) };
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
      language = { analyze, rows: new RowBuilder(analyze, this.#options, this.#vocab, this.#forms) };
      this.#others.set(code, language);
    }
    return language;
  }

  /** The row of an article to index, in its language. */
  row(article: ArticleText & { lang?: string }): SparseRow {
    const rows = this.#of(article.lang).rows;
    this.#last = rows;
    return rows.row(article);
  }

  /** Counts the forms of the last row as document `d`'s (once the row is in the matrix). */
  countForms(d: number): void {
    this.#last?.countForms(d);
  }

  /** The row of a draft (terms the index has never seen are ignored), in its language. */
  queryRow(article: ArticleText & { lang?: string }): SparseRow {
    return vectorizeQuery(article, this.#of(article.lang).analyze, this.#options, this.#vocab);
  }

  /** After a compaction: the forms' new codes (TermForms.compact), or -1 for a form that is gone; the terms' new ids (-1: gone). */
  remap(forms: (code: number) => number, terms: Int32Array): void {
    for (const language of [this.#main, ...this.#others.values()]) language.rows.remap(forms, terms);
  }
}
