/*
 * Verzuimregie: the work queue refreshes itself (issue 17). Without JavaScript the page is the
 * same, with its own "Vernieuwen" link. Every so many seconds (data-refresh-seconds) the page is
 * fetched again in the background; when the cases changed, the live part (figures and table) is
 * replaced and a polite status message says what changed, for screen readers too. Nothing is
 * replaced while the keyboard focus is inside it, nor while the tab is hidden. The background
 * request carries x-achtergrond-verversen, so it does not keep an idle session alive.
 */
(function () {
  'use strict';
  var live = document.getElementById('werkvoorraad-live');
  var status = document.getElementById('werkvoorraad-status');
  if (!live || !status || !window.fetch || !window.DOMParser) return;
  var seconds = Math.max(5, Number(live.getAttribute('data-refresh-seconds')) || 30);
  var stopped = false;
  var busy = false;
  var timer = null;

  function caseIds(root) {
    var ids = {};
    var rows = root.querySelectorAll('[data-case-id]');
    for (var i = 0; i < rows.length; i++) ids[rows[i].getAttribute('data-case-id')] = true;
    return ids;
  }
  function count(obj) {
    return Object.keys(obj).length;
  }
  function says(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }
  function announce(text) {
    // Cleared first so the same sentence twice is announced twice.
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 100);
  }

  function refresh() {
    if (busy) return;
    if (stopped || document.hidden || live.contains(document.activeElement)) return schedule();
    busy = true;
    window
      .fetch(window.location.href, {
        headers: { accept: 'text/html', 'x-achtergrond-verversen': '1' },
        credentials: 'same-origin',
        redirect: 'manual',
        cache: 'no-store',
      })
      .then(function (res) {
        if (res.type === 'opaqueredirect' || res.status === 401 || res.status === 303) {
          stopped = true;
          announce('Uw sessie is verlopen. Laad de pagina opnieuw om verder te werken.');
          return null;
        }
        return res.ok ? res.text() : null;
      })
      .then(function (text) {
        if (!text) return;
        var next = new DOMParser().parseFromString(text, 'text/html').getElementById('werkvoorraad-live');
        if (!next || live.contains(document.activeElement)) return;
        var before = caseIds(live);
        var after = caseIds(next);
        var added = Object.keys(after).filter(function (id) {
          return !before[id];
        }).length;
        var removed = Object.keys(before).filter(function (id) {
          return !after[id];
        }).length;
        var changed = next.querySelector('tbody') ? next.querySelector('tbody').innerHTML : '';
        var current = live.querySelector('tbody') ? live.querySelector('tbody').innerHTML : '';
        live.innerHTML = next.innerHTML;
        if (added || removed) {
          var parts = [];
          if (added) parts.push(says(added, 'nieuwe zaak', 'nieuwe zaken'));
          if (removed) parts.push(says(removed, 'zaak niet meer in de lijst', 'zaken niet meer in de lijst'));
          announce('Werkvoorraad bijgewerkt: ' + parts.join(', ') + '. Nu ' + says(count(after), 'zaak', 'zaken') + '.');
        } else if (changed !== current) {
          announce('Werkvoorraad bijgewerkt.');
        }
      })
      .catch(function () {
        /* The next round tries again. */
      })
      .then(function () {
        busy = false;
        schedule();
      });
  }
  function schedule() {
    window.clearTimeout(timer);
    if (!stopped) timer = window.setTimeout(refresh, seconds * 1000);
  }
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) refresh();
  });
  schedule();
})();
