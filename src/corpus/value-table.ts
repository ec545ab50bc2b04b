/** No value: a document without a section or a language. */
export const NONE = -1;

/** Strings stored once each, numbered in order of arrival. */
export class ValueTable {
  readonly #values: string[] = [];
  readonly #number = new Map<string, number>();

  /** The number of `value`, given one if new. */
  intern(value: string): number {
    let n = this.#number.get(value);
    if (n === undefined) {
      n = this.#values.length;
      this.#values.push(value);
      this.#number.set(value, n);
    }
    return n;
  }

  /** The number of `value`, or -1 when no article has it. */
  numberOf(value: string): number {
    return this.#number.get(value) ?? NONE;
  }

  valueOf(n: number): string | undefined {
    return this.#values[n];
  }

  /** Every value, by number. */
  values(): readonly string[] {
    return this.#values;
  }
}

