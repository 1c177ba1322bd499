// The standalone page's first lookup, sent as the page is parsed: the customer is in the page's
// URL (`?email=…&phone=…`), so their cards need not wait for the widget's module to download,
// compile and start before they are asked for. The widget takes this answer for its first lookup
// when that lookup is this request, byte for byte (src/host/standalone.rs); otherwise it asks
// the proxy itself. Already answered when the widget starts (the answer is kept here once in),
// a customer found once is drawn in the widget's first frame, with no skeleton built before the
// cards, and no wait for a promise of what is already there.
//
// It reads the URL as the widget does (`Standalone::initial_subject`): every `email` and
// `phone`, trimmed, blanks dropped, a space in an address read as the `+` a hand-typed URL lost;
// and sends what the widget sends (`api::LOOKUP`, `api::lookup_body`, `transport::fetch`): a POST
// of `{"emails":[…],"phones":[…]}` with its headers, emails and phones in the body, never in a
// URL. Where the two would differ, the widget's own request is sent as before and this answer is
// dropped unread.
{
  const params = new URLSearchParams(location.search);
  // Trimmed of what Rust's `str::trim` trims, Unicode's White_Space (JavaScript's `trim` differs
  // on U+0085 and U+FEFF: a value the widget reads as blank would be sent here, and wasted).
  const all = (name) =>
    params
      .getAll(name)
      .map((value) => value.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, ""))
      .filter(Boolean);
  const emails = all("email").map((email) => email.replaceAll(" ", "+"));
  const phones = all("phone");
  if (emails.length || phones.length) {
    const body = JSON.stringify({ emails, phones });
    const request = { method: "POST", path: "/api/v1/lookup", body };
    const reply = fetch(request.path, {
      method: request.method,
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body,
    }).then((response) =>
      response.text().then((text) => ({ status: response.status, body: text })),
    );
    const sent = { ...request, reply };
    // A failure is the widget's to show when it takes the answer, not an unhandled rejection.
    reply.then(
      (answer) => {
        sent.answer = answer;
      },
      () => {},
    );
    globalThis.sidecardFirstLookup = sent;
  }
}
