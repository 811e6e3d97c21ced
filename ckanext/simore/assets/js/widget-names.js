/* Accessible names for the widgets CKAN's scripts add without one:
   - the drag handles of CKAN's resource reordering (a link with an icon
     and no text), named by the page's data-simore-handle-label, in the
     interface language;
   - the select2 boxes that replace a multiple select (role="combobox"
     without a name), named by the label of the select they replace.
   The widgets are added after the page loads: each is named when it
   appears. */
(function () {
  "use strict";

  function nameHandles(label) {
    if (!label) { return; }
    document.querySelectorAll(".resource-list .handle:not([aria-label])").forEach(function (handle) {
      handle.setAttribute("aria-label", label);
      var icon = handle.querySelector("i");
      if (icon) { icon.setAttribute("aria-hidden", "true"); }
    });
  }

  function nameSelectBoxes() {
    document.querySelectorAll(".select2-selection[role=combobox]:not([aria-labelledby]):not([aria-label])")
      .forEach(function (box) {
        var container = box.closest(".select2");
        var select = container && container.previousElementSibling;
        var label = select && select.id && document.querySelector("label[for='" + select.id + "']");
        if (label) {
          label.id = label.id || select.id + "-label";
          box.setAttribute("aria-labelledby", label.id);
        }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.querySelector("[data-simore-handle-label]");
    var handleLabel = holder && holder.getAttribute("data-simore-handle-label");
    function nameAll() {
      nameHandles(handleLabel);
      nameSelectBoxes();
    }
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
