/* The "new poll" form of the facilitator's polls page (templates/facilitator/polls.html):
   shows the fields the chosen method uses (the registry's budget and cap methods, from the
   page), shows the method's default budget as a placeholder, adds and removes criteria rows, and sends the
   form to POST /api/v1/sessions/{id}/polls with static/js/polls.js's send (R.pollsPage). */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("polls");
  var createForm = document.getElementById("create-form");
  if (!root || !createForm || !R.pollsPage) return;
  var d = root.dataset;
  var API = "/api/v1";
  var page = R.pollsPage;
  var fill = R.fill, ref = R.ref;
  var sessionId = Number(d.sessionId);
  var defaults = JSON.parse(d.defaults);
  // Methods that use the budget / the per-item cap (from the registry of poll methods).
  var BUDGET_METHODS = JSON.parse(d.budgetMethods);
  var CAP_METHODS = JSON.parse(d.capMethods);

  var methodSelect = createForm.querySelector('[name="new-method"]');
  var budgetInput = createForm.querySelector('[name="new-budget"]');
  var budgetLabel = ref(createForm, "budget-label");
  var criteriaRows = ref(createForm, "criteria-rows");
  var addCriterion = createForm.querySelector('[data-action="add-criterion"]');

  function methodChanged() {
    var method = methodSelect.value;
    createForm.querySelectorAll("[data-for-methods]").forEach(function (node) {
      node.hidden = node.dataset.forMethods.split(" ").indexOf(method) < 0;
    });
    budgetLabel.textContent = budgetLabel.dataset[method] || budgetLabel.textContent;
    // The default shows as a placeholder, so "leave it empty for the default" (the hint) is true.
    budgetInput.placeholder = Object.prototype.hasOwnProperty.call(defaults, method) ? String(defaults[method]) : "";
  }
  methodSelect.addEventListener("change", methodChanged);

  function chosenCount() {
    ref(createForm, "chosen-count").textContent =
      String(createForm.querySelectorAll('[name="new-idea_ids"]:checked').length);
  }
  createForm.addEventListener("change", function (e) {
    if (e.target.name === "new-idea_ids") chosenCount();
  });

  /* Criteria rows: add and remove (JavaScript only; without it, blank rows add and a cleared
     label removes). Labels are renumbered so every input keeps a clear name. */
  function renumber() {
    Array.prototype.forEach.call(criteriaRows.rows, function (row, n) {
      row.querySelectorAll("input").forEach(function (input) {
        input.name = "new-criteria-" + n + "-" + input.dataset.part;
        if (input.type !== "hidden") input.id = input.name;
      });
      row.querySelectorAll("label").forEach(function (label) {
        var part = label.htmlFor.replace(/^.*-/, "");
        label.htmlFor = "new-criteria-" + n + "-" + part;
        label.textContent = fill(part === "label" ? addCriterion.dataset.label :
          addCriterion.dataset.weightLabel, { n: n + 1 });
      });
      var remove = row.querySelector('[data-action="remove-criterion"]');
      remove.setAttribute("aria-label", fill(addCriterion.dataset.removeLabel, { n: n + 1 }));
    });
  }
  function newRow() {
    var row = criteriaRows.rows[0].cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) {
      input.value = input.dataset.part === "weight" ? "1" : "";
      input.removeAttribute("aria-invalid");
    });
    return row;
  }
  createForm.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
  Array.prototype.slice.call(criteriaRows.rows).forEach(function (row) {
    if (!row.querySelector('[data-part="label"]').value && criteriaRows.rows.length > 1) row.remove();
  });
  renumber();
  addCriterion.addEventListener("click", function () {
    var row = newRow();
    criteriaRows.append(row);
    renumber();
    row.querySelector('[data-part="label"]').focus();
  });
  criteriaRows.addEventListener("click", function (e) {
    var button = e.target.closest('[data-action="remove-criterion"]');
    if (!button) return;
    var row = button.closest("tr");
    var next = row.nextElementSibling || row.previousElementSibling;
    if (criteriaRows.rows.length === 1) criteriaRows.append(newRow());
    row.remove();
    renumber();
    (next && document.contains(next) ? next : criteriaRows.rows[0])
      .querySelector('[data-part="label"]').focus();
  });

  /* A criterion key from its label, as the server makes it (facilitator/polls.py slug; a
     test runs both): "Biaya rendah" → biaya_rendah, unique among `taken`. */
  function slug(label, taken) {
    var base = label.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30) || "c";
    if (!/^[a-z]/.test(base)) base = "c_" + base;
    var key = base, n = 2;
    while (taken[key]) { key = base + "_" + n; n += 1; }
    return key;
  }

  function criteriaBody() {
    var rows = Array.prototype.map.call(criteriaRows.rows, function (row) {
      function part(name) { return row.querySelector('[data-part="' + name + '"]').value.trim(); }
      return { key: part("key"), label: part("label"), weight: part("weight") };
    }).filter(function (c) { return c.label; });
    var taken = {};
    rows.forEach(function (c) { if (c.key) taken[c.key] = true; });
    return rows.map(function (c) {
      var key = c.key || slug(c.label, taken);
      taken[key] = true;
      var weight = c.weight === "" ? 1 : Number(c.weight.replace(",", "."));
      return { key: key, label: c.label, weight: isNaN(weight) ? c.weight : weight };
    });
  }

  function createBody() {
    var f = createForm;
    function value(name) { return f.querySelector('[name="new-' + name + '"]').value.trim(); }
    var method = methodSelect.value;
    var body = {
      title: value("title"),
      method: method,
      anonymous: f.querySelector('[name="new-anonymous"]').checked,
      results: value("results"),
      ballot_scope: value("ballot_scope"),
      idea_ids: Array.prototype.map.call(f.querySelectorAll('[name="new-idea_ids"]:checked'),
        function (box) { return Number(box.value); })
    };
    if (BUDGET_METHODS.indexOf(method) >= 0 && value("budget") !== "") {
      body.budget = /^\d+$/.test(value("budget")) ? Number(value("budget")) : value("budget");
    }
    if (CAP_METHODS.indexOf(method) >= 0 && value("max_per_item") !== "") {
      body.max_per_item = /^\d+$/.test(value("max_per_item")) ?
        Number(value("max_per_item")) : value("max_per_item");
    }
    if (method === "scores") body.criteria = criteriaBody();
    return body;
  }

  createForm.addEventListener("submit", function (e) {
    e.preventDefault();
    page.send(createForm, "POST", API + "/sessions/" + sessionId + "/polls", createBody()).then(function (poll) {
      page.say(fill(d.msgCreated, { title: poll.title }));
      createForm.querySelector('[name="new-title"]').value = createForm.dataset.defaultTitle;
      return page.syncCards().then(function () {
        var card = page.cardOf(poll.id);
        if (card) {
          card.scrollIntoView({ block: "start" });
          ref(card, "title").focus({ preventScroll: true });
        }
      });
    }).catch(function () {});
  });

  methodChanged();
  chosenCount();
})();
