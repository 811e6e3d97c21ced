/* CKAN's resource form (Upload / Link / Remove buttons) and API token page
   use inline event handlers, which the portal's Content-Security-Policy
   does not run. The same behaviour, bound from this file; the inline
   attributes are removed so that no policy violation is reported. */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function check(id) {
    var input = byId(id);
    if (input) { input.checked = true; }
  }

  function focus(id) {
    var element = byId(id);
    if (element) { element.focus(); }
  }

  function firstButton() {
    return byId("resource-upload-button") ? "resource-upload-button" : "resource-link-button";
  }

  function bind(element, event, handler) {
    if (!element) { return; }
    element.removeAttribute("on" + event);
    element.addEventListener(event, handler);
  }

  function bindResourceForm() {
    bind(byId("resource-upload-button"), "click", function () {
      check("resource-url-upload");
      var upload = byId("field-resource-upload");
      if (upload) { upload.click(); }
    });
    bind(byId("resource-link-button"), "click", function () {
      check("resource-url-link");
      focus("field-resource-url");
    });
    document.querySelectorAll(".resource-upload-field .btn-remove-url").forEach(function (button) {
      var container = button.parentElement;
      if (container.previousElementSibling && container.previousElementSibling.id === "field-clear-upload") {
        bind(button, "click", function () {  // "Clear Upload" of a file already stored
          check("field-clear-upload");
          focus("field-resource-upload");
        });
      } else if (container.querySelector("#field-resource-upload")) {
        bind(button, "click", function () {
          var upload = byId("field-resource-upload");
          upload.value = "";
          check("resource-url-none");
          focus(firstButton());
        });
      } else {
        bind(button, "click", function () {
          var url = byId("field-resource-url");
          if (url) { url.value = ""; }
          check("resource-url-none");
          focus(firstButton());
        });
      }
    });
  }

  function bindTokenList() {
    var revoke = byId("revoke-tokens-button");
    if (!revoke) { return; }
    document.querySelectorAll("[name=token]").forEach(function (box) {
      bind(box, "change", function () {
        revoke.disabled = !document.querySelectorAll("[name=token]:checked").length;
      });
    });
  }

  // at once: the script comes at the end of the body, before CKAN's
  // modules start (on DOMContentLoaded) and may click these buttons
  bindResourceForm();
  bindTokenList();
})();
