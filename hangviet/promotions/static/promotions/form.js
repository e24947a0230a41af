// Formset rows added with htmx: send the next index, then bump the management form's TOTAL_FORMS.
(function () {
  function total(prefix) { return document.getElementById("id_" + prefix + "-TOTAL_FORMS"); }
  document.addEventListener("htmx:configRequest", function (e) {
    var prefix = e.detail.elt && e.detail.elt.dataset ? e.detail.elt.dataset.prefix : null;
    if (prefix && total(prefix)) { e.detail.parameters.i = total(prefix).value; }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var prefix = e.detail.elt && e.detail.elt.dataset ? e.detail.elt.dataset.prefix : null;
    if (prefix && total(prefix) && e.detail.successful) { total(prefix).value = parseInt(total(prefix).value, 10) + 1; }
  });
})();
