// A stand-in for the org's msdyn_ciLibrary.js (Channel Integration Framework 1.0), speaking
// the library side of the protocol in api-contracts.md §3.2–3.5: it finds its own script tag
// by data-cifid, takes the org from data-crmurl (else the referrer), posts requests to
// window.top as structured-clone objects with a Map of arguments and a correlation id, resolves
// each promise by that id (Maps become JSON strings, failures reject with a JSON string, 10 s
// time-out), hands host events to the handlers added for them, ignores messages from any host
// name but the org's, and raises CIFInitDone once it is ready.
(() => {
  const script = document.querySelector('script[data-cifid="CIFMainLibrary"]');
  const crmUrl = (script && script.getAttribute('data-crmurl')) || document.referrer;
  const domains = [new URL(crmUrl).origin];
  const target = window.top;
  const targetOrigin = domains[domains.length - 1];
  const TIMEOUT_MS = 10000;
  const pending = new Map();
  const handlers = new Map();

  const correlationId = () => (Math.random() + 1).toString(36).substring(7);
  const allowed = (origin) => {
    try {
      const host = new URL(origin).hostname;
      return domains.some((d) => new URL(d).hostname === host);
    } catch (e) {
      return false;
    }
  };

  const send = (messageType, args) => new Promise((resolve, reject) => {
    const id = correlationId();
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(JSON.stringify({ message: 'No response from the host', msdyn_name: messageType }));
    }, TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer, messageType });
    target.postMessage({
      messageType,
      messageData: new Map(Object.entries(args).filter(([, v]) => v !== undefined)),
      messageCorrelationId: id,
    }, targetOrigin);
  });

  window.addEventListener('message', (event) => {
    if (!event.origin || event.origin === '*' || !event.source || !allowed(event.origin)) return;
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    const waiting = m.messageCorrelationId && pending.get(m.messageCorrelationId);
    if (waiting && m.messageOutcome) {
      pending.delete(m.messageCorrelationId);
      clearTimeout(waiting.timer);
      const data = m.messageData instanceof Map ? m.messageData : new Map();
      if (m.messageOutcome === 'success') {
        const value = data.has('value') ? data.get('value') : null;
        waiting.resolve(value instanceof Map ? JSON.stringify(Object.fromEntries(value)) : value);
      } else {
        waiting.reject(JSON.stringify({ message: data.get('message'), msdyn_name: data.get('msdyn_name') }));
      }
      return;
    }
    for (const handler of handlers.get(m.messageType) || []) {
      handler(m.messageData);
    }
  });

  const api = {
    getEnvironment: () => send('getenvironment', {}),
    retrieveRecord: (entityName, entityId, queryParameters) =>
      send('retrieverecord', { entityName, entityId, queryParameters }),
    createRecord: (entityName, value) => send('createrecord', { entityName, value }),
    updateRecord: (entityName, entityId, value) => send('updaterecord', { entityName, entityId, value }),
    searchAndOpenRecords: (entityName, queryParameters, searchOnly) =>
      send(searchOnly ? 'search' : 'searchandopenrecords', { entityName, queryParameters, searchOnly }),
    renderSearchPage: (entityName, searchString) => send('renderSearchPage', { entityName, searchString }),
    openForm: (entityFormOptions, entityFormParameters) =>
      send('openform', { entityFormOptions, entityFormParameters }),
    setClickToAct: (value) => send('setclicktoact', { value }),
    getClickToAct: () => send('getclicktoact', {}),
    setMode: (value) => send('setmode', { value }),
    getMode: () => send('getmode', {}),
    setWidth: (value) => send('setwidth', { value }),
    getWidth: () => send('getwidth', {}),
    addHandler: (eventName, handler) => {
      handlers.set(eventName, (handlers.get(eventName) || []).concat([handler]));
      return Promise.resolve(true);
    },
    removeHandler: (eventName, handler) => {
      handlers.set(eventName, (handlers.get(eventName) || []).filter((h) => h !== handler));
      return Promise.resolve(true);
    },
  };
  window.Microsoft = window.Microsoft || {};
  window.Microsoft.CIFramework = api;
  setTimeout(() => window.dispatchEvent(new CustomEvent('CIFInitDone', { detail: domains })), 0);
})();
