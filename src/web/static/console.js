// Progressive enhancement for the console: charts on the dashboard (the
// numbers are in the page's tables without it) and a confirmation before
// destructive buttons. Everything works without this file.
(function () {
  'use strict';
  function charts() {
    var data = document.getElementById('chart-data');
    if (!data || typeof window.Chart === 'undefined') return;
    var specs = JSON.parse(data.textContent || '[]');
    var colours = ['#0b6e4f', '#e07a1f', '#2563eb', '#b91c1c', '#7c3aed', '#0e7490'];
    specs.forEach(function (spec) {
      var canvas = document.querySelector('canvas[data-chart="' + spec.id + '"]');
      if (!canvas) return;
      new window.Chart(canvas, {
        type: spec.labels.length > 14 ? 'line' : 'bar',
        data: {
          // 2026-12-01 reads as 01/12, a month 2026-12 as 12/2026.
          labels: spec.labels.map(function (l) { var p = l.split('-'); return p.length === 3 ? p[2] + '/' + p[1] : p[1] + '/' + p[0]; }),
          datasets: spec.datasets.map(function (d, i) {
            return { label: d.label, data: d.data, backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length], tension: 0.2, pointRadius: 2 };
          }),
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } },
      });
    });
  }
  function confirmations() {
    document.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (button && button.classList.contains('danger') && !window.confirm(button.textContent.trim() + '?')) event.preventDefault();
    });
  }
  // A conversation opens at its latest message, and follows new ones unless staff scrolled up to read.
  var kept = null;
  function latestMessage() {
    var list = document.querySelector('.history');
    if (!list) return;
    list.scrollTop = kept === null ? list.scrollHeight : kept;
    kept = null;
  }
  document.addEventListener('htmx:beforeSwap', function () {
    var list = document.querySelector('.history');
    if (list && list.scrollHeight - list.scrollTop - list.clientHeight > 40) kept = list.scrollTop;
  });
  document.addEventListener('DOMContentLoaded', function () {
    charts();
    confirmations();
    latestMessage();
  });
  document.addEventListener('htmx:afterSwap', latestMessage);
})();
