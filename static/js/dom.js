/* DOM helpers every page shares, on window.Rembuk (loaded before the page's own script):
   - R.fill("{n} dari {total}", {n: 1, total: 28}) fills a translated pattern (data-texts);
   - R.ref(card, "title") finds [data-ref="title"] inside a cloned <template>;
   - R.clearErrors(form) / R.showErrors(form, fields, opts) put the API's error.fields beside
     their fields, accessibly (aria-invalid, aria-describedby), and take them away again. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});

  R.fill = function (pattern, values) {
    return String(pattern === null || pattern === undefined ? "" : pattern).replace(
      /\{(\w+)\}/g,
      function (whole, key) {
        return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
      }
    );
  };

  R.ref = function (node, name) { return node.querySelector('[data-ref="' + name + '"]'); };

  /* Undo showErrors: server-rendered slots ([data-error-for]) are emptied and hidden,
     messages added by script (p.error[data-js]) removed, inputs valid again. */
  R.clearErrors = function (form) {
    form.querySelectorAll("[data-error-for]").forEach(function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    form.querySelectorAll("p.error[data-js]").forEach(function (p) { p.remove(); });
    form.querySelectorAll(".has-error").forEach(function (n) { n.classList.remove("has-error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/-jserror$/.test(id);
      });
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  };

  function defaultFind(form, name, prefix) {
    return form.querySelector('[name="' + (prefix || "") + name + '"]');
  }

  /* fields: {name: [messages]} from the API. opts.find(form, name) → the input for a field
     (default: [name=prefix+name]); opts.prefix for forms whose inputs carry one.
     A server-rendered [data-error-for=name] slot is used when there is one, else a
     p.error is added to the field's .field box. The first bad input (in the form's order)
     gets the focus. Returns the messages that found no place, for the page's message box. */
  R.showErrors = function (form, fields, opts) {
    opts = opts || {};
    var find = opts.find || function (f, name) { return defaultFind(f, name, opts.prefix); };
    var unplaced = [];
    Object.keys(fields || {}).forEach(function (name) {
      var text = [].concat(fields[name]).join(" ");
      var slot = form.querySelector('[data-error-for="' + name + '"]');
      var input = find(form, name);
      var box;
      if (slot) {
        slot.textContent = text;
        slot.hidden = false;
        box = slot.closest(".field, fieldset");
        input = input || (box && box.querySelector("input, select, textarea"));
      } else if (input && input.type !== "hidden") {
        box = input.closest(".field, fieldset") || input.parentNode;
        var p = document.createElement("p");
        p.className = "error";
        p.dataset.js = "1";
        p.id = (input.id || form.id + "-" + name) + "-jserror";
        p.textContent = text;
        box.appendChild(p);
        slot = p;
      } else {
        unplaced.push(text);
        return;
      }
      if (box) box.classList.add("has-error");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        if (!slot.id) slot.id = (input.id || form.id + "-" + name) + "-jserror";
        var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (ids.indexOf(slot.id) < 0) ids.push(slot.id);
        input.setAttribute("aria-describedby", ids.join(" "));
      }
    });
    var first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
    return unplaced;
  };
})();
