// Asks before destructive actions: any form with data-confirm="…" (no inline script; CSP forbids it).
document.addEventListener('submit', function (event) {
  var form = event.target;
  var message = form.getAttribute && form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
}, true);
