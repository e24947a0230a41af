// Back-office promotion statistics: bar charts by month and by form (Chart.js shipped by Unfold).
(function () {
  function draw() {
    var node = document.getElementById("hv-promotions-stats");
    if (!node || typeof Chart === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    function bar(id, labels, values, label) {
      var canvas = document.getElementById(id);
      if (!canvas) { return; }
      new Chart(canvas, {type: "bar", data: {labels: labels, datasets: [{label: label, data: values, backgroundColor: "#b91c1c"}]},
        options: {plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}});
    }
    bar("hv-promo-months", data.by_month.map(function (r) { return "T" + r.month; }), data.by_month.map(function (r) { return r.count; }), "");
    bar("hv-promo-forms", data.by_form.map(function (r) { return r.label; }), data.by_form.map(function (r) { return r.count; }), "");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
