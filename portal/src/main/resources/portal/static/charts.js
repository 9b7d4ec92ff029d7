// Charts page: reads /api/v1/stats (same session) and draws with the chart.js webjar.
document.addEventListener('DOMContentLoaded', async () => {
  const res = await fetch('/api/v1/stats', { credentials: 'same-origin' });
  if (!res.ok) return;
  const s = await res.json();
  const days = [...new Set(s.per_day_zone.map(r => r.day))].sort();
  const zones = [...new Set(s.per_day_zone.map(r => r.zone))].sort();
  const palette = ['#0b5cad', '#d97706', '#1d7a3a', '#a8322d', '#6b21a8', '#0e7490'];
  const series = (field) => zones.map((z, i) => ({
    label: z, backgroundColor: palette[i % palette.length],
    data: days.map(d => { const r = s.per_day_zone.find(x => x.day === d && x.zone === z); return r ? Number(r[field]) : 0; })
  }));
  const opts = { animation: false, responsive: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } };
  new Chart(document.getElementById('perDay'), { type: 'bar', data: { labels: days, datasets: series('violations') }, options: opts });
  new Chart(document.getElementById('warnings'), { type: 'bar', data: { labels: days, datasets: series('warnings') }, options: opts });
  const buckets = Array.from({ length: 13 }, (_, i) => i);
  const ageLabels = buckets.map(b => b === 0 ? '<0h' : b >= 13 ? '72h+' : ((b - 1) * 6) + '-' + (b * 6) + 'h');
  new Chart(document.getElementById('queueAge'), {
    type: 'bar', options: { animation: false, responsive: false },
    data: { labels: ageLabels.slice(1).concat(['72h+']), datasets: [{ label: 'waiting', backgroundColor: '#d97706',
      data: buckets.slice(1).concat([13]).map(b => { const r = s.queue_age_hours.find(x => Number(x.bucket) === b); return r ? Number(r.n) : 0; }) }] }
  });
  const actors = [...new Set(s.decisions_per_operator.map(r => r.actor))].sort();
  const per = (d) => actors.map(a => { const r = s.decisions_per_operator.find(x => x.actor === a && x.decision === d); return r ? Number(r.n) : 0; });
  new Chart(document.getElementById('perOperator'), {
    type: 'bar', options: opts,
    data: { labels: actors, datasets: [{ label: 'approved', backgroundColor: '#1d7a3a', data: per('APPROVED') },
                                       { label: 'rejected', backgroundColor: '#a8322d', data: per('REJECTED') }] }
  });
  document.body.dataset.chartsReady = 'true';
});
