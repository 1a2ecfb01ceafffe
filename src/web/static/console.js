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
          labels: spec.labels,
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
  document.addEventListener('DOMContentLoaded', function () {
    charts();
    confirmations();
  });
})();
