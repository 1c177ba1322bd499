// What each page's inlined `FluentBundle` global holds (`cargo xtask build` bundles this file
// with esbuild, from beside its npm install of `@fluent/bundle`): Project Fluent's
// formatter, without its parser (the catalogs reach the pages parsed), and `Count`.

import { FluentBundle } from "@fluent/bundle/esm/bundle.js";
import { FluentNumber } from "@fluent/bundle/esm/types.js";

export { FluentBundle };

/**
 * A count (deals, matches, fields, minutes): a `FluentNumber`, so a message's plural variants
 * select on it through `Intl.PluralRules`, that writes a whole number below 1000 as its digits
 * instead of through `Intl.NumberFormat`. The first `Intl.NumberFormat` of a page loads its
 * ICU data on the main thread, 20–30 ms of a cold load on a two-core machine, and is the only
 * one an English card without amounts or numeric fields would make. Every catalog's language
 * writes such a number as its ASCII digits alone (Latin digits, no grouping below 1000): the
 * `languages` browser test checks that against the browser's own `Intl` for each catalog.
 */
export class Count extends FluentNumber {
  toString(scope) {
    const n = this.value;
    return Number.isInteger(n) && n >= 0 && n < 1000 ? String(n) : super.toString(scope);
  }
}
