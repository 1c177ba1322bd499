// What starts a page: `cargo xtask build` (xtask/src/bundle.rs) writes this into each page's
// HTML as its module script, minified, with `PAGE` filled in, after the preloads of the page's
// glue (whose `modulepreload` checks its hash, which the `import` below shares) and module.
//
// The script is `async`: it runs as soon as it is parsed instead of after the stylesheet has
// arrived (a deferred script waits for one), so the module compiles as it downloads and the
// widget starts as soon as its files are in. The stylesheet still holds back the first paint,
// so nothing shows unstyled. The widget mounts on the body, which the parser may not have
// reached yet: it waits for `parsed`.
//
// The module is compiled as it downloads while its SHA-384 is checked on a copy, and instantiated
// only once that matches: a fetch with `integrity` hands over its body only whole and checked,
// which kept the module from compiling while it downloaded. Where the page is not a secure
// context (plain http on a LAN address) there is no `crypto.subtle`, and that fetch checks it.
//
// When the page cannot start (a file refused or unreachable, a start that traps) or stops later
// (a panic: the bundles abort at once, a `WebAssembly.RuntimeError` out of whatever called in),
// it says so instead of leaving a blank or dead panel: `start-failed` or `stopped-working`,
// English at once, then the browser's language's from its catalog. (A panic in a task the
// start spawned, before the init resolves, says `start-failed`. A stack overflow is a
// `RangeError`, which many scripts throw, so it says nothing.)

const PAGE = __PAGE__;

/**
 * The page's module, compiled: the glue takes it so and nothing else (xtask/src/glue.rs).
 * Without `crypto.subtle`, the fetch checks its hash itself.
 */
function checkedModule() {
  const subtle = globalThis.crypto?.subtle;
  return fetch(PAGE.wasm, subtle ? {} : { integrity: PAGE.integrity }).then((response) => {
    if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
    const checked =
      subtle &&
      response
        .clone()
        .arrayBuffer()
        .then((bytes) => subtle.digest("SHA-384", bytes))
        .then((digest) => {
          if (`sha384-${btoa(String.fromCharCode(...new Uint8Array(digest)))}` !== PAGE.integrity) {
            throw new Error(`${response.url}: not the module built (its SHA-384 differs)`);
          }
        });
    // A help desk's asset host may serve it as another type, which streaming refuses.
    const compiled =
      typeof WebAssembly.compileStreaming === "function" &&
      response.headers.get("Content-Type") === "application/wasm"
        ? WebAssembly.compileStreaming(response)
        : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
    return Promise.all([compiled, checked]).then(([module]) => module);
  });
}

/**
 * The catalog for the browser's languages: each tag, then its language alone; Traditional
 * Chinese stays English, as the widget leaves it (`sidecard_model::language`), and so does a
 * bare `zh` after a Traditional tag.
 */
function browserCatalog() {
  let traditional = false;
  return navigator.languages
    .map((tag) => tag.toLowerCase())
    .filter((tag) =>
      /^zh-(tw|hk|mo|hant)/.test(tag) ? ((traditional = true), false) : !(traditional && tag === "zh"),
    )
    .flatMap((tag) => [tag, tag.split("-")[0]])
    .map((tag) =>
      PAGE.tags.find((t) => t.toLowerCase() === tag || t.toLowerCase().split("-")[0] === tag),
    )
    .find(Boolean);
}

/** Settles once the parser has reached the body, which the widget and the notices go into. */
const parsed = document.body
  ? Promise.resolve()
  : new Promise((done) => addEventListener("DOMContentLoaded", done, { once: true }));

let notice;

/** Shows message `id` as text (never markup) above whatever the page holds, once. */
function say(id, error) {
  console.error(`Sidecard: ${id}:`, error);
  if (notice) return;
  notice = document.createElement("p");
  notice.className = "prompt";
  notice.setAttribute("role", "alert");
  notice.textContent = PAGE.english[id];
  parsed.then(() => document.body.prepend(notice));
  const tag = browserCatalog();
  // Revalidated: without the widget's `?v=<hash>` this URL does not change with its contents,
  // and the proxy serves its files `immutable`. One line, no variables (catalogs.rs checks).
  if (tag && tag !== "en") {
    fetch(`locales/${tag}.ftl`, { cache: "no-cache" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((text) => {
        const line = text.match(new RegExp(`^${id} = (.+)$`, "m"));
        if (line) notice.textContent = line[1].trim();
      })
      .catch(() => {});
  }
}

let started = false;
const trapped = (error) => {
  if (error instanceof WebAssembly.RuntimeError) say(started ? "stopped-working" : "start-failed", error);
};
addEventListener("error", (event) => trapped(event.error));
addEventListener("unhandledrejection", (event) => trapped(event.reason));

// Compiling starts as the module downloads, beside the glue's import (a failure is the init's
// to report, not an unhandled rejection as well).
const module = checkedModule();
module.catch(() => {});
Promise.all([import(PAGE.glue), parsed])
  .then(([glue]) => glue.default({ module_or_path: module }))
  .then(
    () => (started = true),
    (error) => say("start-failed", error),
  );
