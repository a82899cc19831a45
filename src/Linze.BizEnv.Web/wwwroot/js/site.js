// Asks before destructive actions: any form with data-confirm="…" (no inline script; CSP forbids it).
document.addEventListener('submit', function (event) {
  var form = event.target;
  var message = form.getAttribute && form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
}, true);

// A form being sent cannot be sent twice by a second click: its buttons wait (disabled after the browser has taken the
// clicked button's value) until the next page, or a few seconds when the answer is a download and the page stays.
document.addEventListener('submit', function (event) {
  if (event.defaultPrevented) {
    return;
  }

  var buttons = event.target.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  window.setTimeout(function () {
    buttons.forEach(function (button) { button.disabled = true; button.setAttribute('data-busy', ''); });
  }, 0);
  window.setTimeout(release, 8000);
});

function release() {
  document.querySelectorAll('[data-busy]').forEach(function (button) { button.disabled = false; button.removeAttribute('data-busy'); });
}

// Coming back with the Back button shows the page as it was left: usable again.
window.addEventListener('pageshow', release);

// A file offered once right after it was made (the password slips of new accounts): fetched as the page opens, the
// link stays for a browser that blocked it.
document.addEventListener('DOMContentLoaded', function () {
  var link = document.querySelector('a[data-auto-download]');
  if (link) {
    link.removeAttribute('data-auto-download');
    link.click();
  }
});

// A "select all" box: data-check-all=".selector" ticks or clears every box the selector names, and shows a dash when
// only some of them are ticked.
document.addEventListener('change', function (event) {
  var target = event.target;
  if (target.matches && target.matches('[data-check-all]')) {
    document.querySelectorAll(target.getAttribute('data-check-all')).forEach(function (box) { box.checked = target.checked; });
    target.indeterminate = false;
    return;
  }

  document.querySelectorAll('[data-check-all]').forEach(function (all) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(all.getAttribute('data-check-all')));
    if (boxes.indexOf(target) < 0) {
      return;
    }

    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  });
});
