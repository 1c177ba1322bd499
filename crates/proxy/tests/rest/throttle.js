// json-server middleware for Sidecard's tests: the first search for busy@contoso.example is
// throttled with `429 Retry-After: 1`, as a rate-limited CRM answers; the next goes through.
let throttled = false;
module.exports = (req, res, next) => {
  if (req.query['contact.emailAddress'] === 'busy@contoso.example' && !throttled) {
    throttled = true;
    res.set('Retry-After', '1');
    res.status(429).json({ error: 'Too many requests' });
    return;
  }
  next();
};
