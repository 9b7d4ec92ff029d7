// Live hotlist alerts: one EventSource on the zone's stream; each alert becomes the top row of the
// table and rings its camera on the map. The browser reconnects on its own and sends the last
// alert id, so nothing is missed across a reconnect.
(function () {
  var state = document.getElementById('stream-state');
  var rows = document.getElementById('alert-rows');
  if (!rows || !window.EventSource) return;
  // Times as the server renders them: yyyy-MM-dd HH:mm:ss in the portal's time zone (sv-SE writes that shape).
  var table = document.getElementById('alerts');
  var timeZone = table && table.dataset.timeZone;
  function local(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return iso;
    try {
      return d.toLocaleString('sv-SE', { timeZone: timeZone, hour12: false });
    } catch (e) {
      return iso;
    }
  }
  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    return td;
  }
  function show(text, cls) {
    if (!state) return;
    state.textContent = text;
    state.className = 'stream-state ' + cls;
  }
  var source = new EventSource('/api/v1/police/alerts/stream');
  source.onopen = function () {
    show('live', 'open');
    document.body.dataset.streamOpen = 'true';
  };
  source.onerror = function () {
    show('reconnecting…', 'closed');
  };
  source.addEventListener('alert', function (e) {
    var a = JSON.parse(e.data);
    if (rows.querySelector('tr[data-alert="' + CSS.escape(a.alert_id) + '"]')) return;
    var tr = document.createElement('tr');
    tr.className = 'alert-row fresh';
    tr.dataset.alert = a.alert_id;
    [local(a.alerted_at), local(a.captured_at), a.camera_id, a.reference, a.reason, a.match].forEach(function (v) { tr.appendChild(cell(v)); });
    rows.insertBefore(tr, rows.firstChild);
    var none = document.getElementById('no-alerts');
    if (none) none.remove();
    var cam = document.querySelector('svg.police-map circle[data-camera="' + CSS.escape(a.camera_id) + '"]');
    if (cam) cam.classList.add('cam-alert');
  });
})();
