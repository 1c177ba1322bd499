// A stand-in for the Freshworks app client that `{{{appclient}}}` loads (its source is not
// published): `window.app.initialized()` gives a client with the data, events, instance and
// request methods the FDK docs describe (api-contracts.md §1). Request templates go to this
// server's /freshdesk/invoke, which renders config/requests.json with the install's iparams
// server-side, as Freshworks does. The test drives it through window.__fdk.
(() => {
  const params = new URLSearchParams(location.search);
  const state = window.__fdk = {
    requester: JSON.parse(params.get('requester') || 'null'),
    language: params.get('language') || 'en',
    location: params.get('location') || 'ticket_sidebar',
    resizes: [],
    handlers: {},
    invocations: 0,
    // The agent moves to another ticket: the sidebar app is activated again.
    switchTo(requester) {
      state.requester = requester;
      (state.handlers['app.activated'] || []).forEach((f) => f({}));
    },
  };
  const client = {
    data: {
      async get(name) {
        if (name === 'requester' || name === 'contact') return { [name]: state.requester };
        if (name === 'loggedInUser') {
          return { loggedInUser: { id: 42, contact: { name: 'Alex Agent', email: 'agent@acme.example', language: state.language } } };
        }
        // The ticket on screen (ticket sidebar only); `source` 3 is a phone ticket.
        if (name === 'ticket' && state.location.startsWith('ticket')) {
          return { ticket: { id: 4711, subject: 'Printer on fire', source: 3 } };
        }
        if (name === 'domainName') return { domainName: 'acme.freshdesk.com' };
        throw { status: 404, message: 'Data ' + name + ' is not available here' };
      },
    },
    events: {
      on(name, handler) { (state.handlers[name] = state.handlers[name] || []).push(handler); },
    },
    instance: {
      resize({ height }) { state.resizes.push(height); },
      async context() { return { instanceId: '1', location: state.location }; },
    },
    request: {
      async invokeTemplate(name, options) {
        state.invocations += 1;
        if (typeof options.body !== 'string' && options.body !== undefined) {
          throw { status: 400, response: 'body must be a string', errorSource: 'APP' };
        }
        const answer = await fetch('/freshdesk/invoke', {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ template: name, body: options.body || '', context: options.context || {} }),
        }).then((r) => r.json());
        if (answer.status >= 200 && answer.status < 300) return answer;
        throw answer;
      },
    },
  };
  window.app = { initialized: () => Promise.resolve(client) };
})();
