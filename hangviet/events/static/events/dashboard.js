/* Charts of the trade-promotion dashboard (Chart.js shipped by Unfold); data comes from a json_script tag. */
(function () {
  function draw() {
    var node = document.getElementById("hv-events-chart");
    if (!node || typeof window.Chart === "undefined") return;
    var data = JSON.parse(node.textContent);
    var red = "rgba(185,28,28,0.8)", gold = "rgba(202,138,4,0.8)";
    function bar(id, labels, sets, horizontal) {
      var el = document.getElementById(id);
      if (!el) return;
      new window.Chart(el, {type: "bar", data: {labels: labels, datasets: sets},
        options: {indexAxis: horizontal ? "y" : "x", responsive: true, animation: false,
        scales: {x: {beginAtZero: true, ticks: {precision: 0}}, y: {beginAtZero: true, ticks: {precision: 0}}}}});
    }
    bar("hv-chart-kinds", data.kinds.labels, [
      {label: "Tổng số", data: data.kinds.total, backgroundColor: red},
      {label: "Đã tổ chức", data: data.kinds.done, backgroundColor: gold}], true);
    bar("hv-chart-months", data.months.labels, [{label: "Sự kiện", data: data.months.total, backgroundColor: red}]);
    bar("hv-chart-places", data.places.labels, [{label: "Sự kiện", data: data.places.total, backgroundColor: red}], true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
