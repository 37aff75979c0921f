/* The proposal form of the participant's session page (proposals.js drives it): the
   dimension and its elements, the character counters, the budget preview, the draft kept in
   localStorage while the person types, the checks the server makes (so an offline proposal
   rarely comes back with a 422) and the field messages.

   R.proposalForm(form, o) with o = {texts, dimensions, limits, ownOpdId, lang, status (the
   form's status line), draftKey, settings() (the session's current settings), editing()
   (true while an own proposal is being changed: no draft then)}. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  // Every field a proposal carries but the dimension (radio buttons): what the draft keeps.
  var TEXT_FIELDS = ["title", "description", "problem", "element", "opd_id",
    "responsible_opd_id", "horizon", "budget_idr", "funding_source"];
  // The parts of one indicator (programme fields, issue 15).
  var INDICATOR_PARTS = ["name", "unit", "baseline", "target"];

  R.proposalForm = function (form, o) {
    var texts = o.texts;
    var limits = o.limits;
    var ownOpdId = o.ownOpdId;
    var lang = o.lang;
    var formStatus = o.status;
    var DRAFT_KEY = o.draftKey;
    var dimByKey = {};
    o.dimensions.forEach(function (d) { dimByKey[d.key] = d; });

    function field(name) { return form.elements.namedItem(name); }

    function chosenDimension() {
      var checked = form.querySelector('input[name="dimension"]:checked');
      return checked ? checked.value : "";
    }

    function setDimension(key) {
      form.querySelectorAll('input[name="dimension"]').forEach(function (radio) {
        radio.checked = radio.value === key;
      });
    }

    function option(value, label, selected) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = label;
      if (selected) o.selected = true;
      return o;
    }

    /* The element list shows only the chosen dimension's elements. */
    function rebuildElements(selected) {
      var select = field("element");
      if (!select) return;
      var dim = dimByKey[chosenDimension()];
      var options = [option("", dim ? texts.notSet : texts.chooseDimensionFirst)];
      (dim ? dim.elements : []).forEach(function (e) {
        options.push(option(e.key, e.label, e.key === selected));
      });
      select.replaceChildren.apply(select, options);
      select.disabled = !dim;
    }

    function updateCounters() {
      form.querySelectorAll("[data-counter-for]").forEach(function (counter) {
        var input = field(counter.dataset.counterFor);
        if (!input) return;
        counter.hidden = false;
        counter.textContent = input.value.length + " / " + counter.dataset.max;
        counter.dataset.full = String(input.value.length >= Number(counter.dataset.max));
      });
    }

    function updateBudgetPreview() {
      var input = field("budget_idr");
      var preview = document.getElementById("budget-preview");
      if (!input || !preview) return;
      var raw = input.value.trim();
      if (!raw) {
        preview.hidden = true;
        return;
      }
      var value = R.parseRupiah(raw);
      preview.hidden = false;
      preview.dataset.valid = String(value !== null);
      preview.textContent = value === null ? texts.unreadable : "= " + R.formatRupiah(value, lang);
    }

    // --- Programme fields (shown when the session's program_fields is on) ------------------
    var programBox = form.querySelector("[data-program-fields]");
    var indicatorRows = document.getElementById("indicator-rows");
    var indicatorAdd = document.getElementById("indicator-add");

    function indicatorRowList() {
      return indicatorRows ? Array.from(indicatorRows.querySelectorAll(".indicator-row")) : [];
    }

    /* One more empty indicator row (a copy of the last, with fresh ids), up to data-max. */
    function addIndicatorRow() {
      var rows = indicatorRowList();
      if (!rows.length || rows.length >= Number(indicatorRows.dataset.max)) return null;
      var copy = rows[rows.length - 1].cloneNode(true);
      var n = rows.length;
      copy.querySelector("legend").textContent =
        copy.querySelector("legend").textContent.replace(/\d+/, String(n + 1));
      copy.querySelectorAll("input").forEach(function (input) {
        input.value = "";
        input.id = input.id.replace(/-\d+$/, "-" + n);
      });
      copy.querySelectorAll("label").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + n);
      });
      indicatorRows.append(copy);
      updateIndicatorAdd();
      return copy;
    }

    function updateIndicatorAdd() {
      if (!indicatorAdd) return;
      indicatorAdd.hidden = indicatorRowList().length >= Number(indicatorRows.dataset.max);
    }

    if (indicatorAdd) {
      indicatorAdd.addEventListener("click", function () {
        var row = addIndicatorRow();
        if (row) row.querySelector("input").focus();
      });
      updateIndicatorAdd();
    }

    function programValues() {
      if (!programBox) return {};
      var value = function (name) { var el = field(name); return el ? el.value.trim() : ""; };
      var supporting = Array.from(
        form.querySelectorAll('input[name="supporting_opd_ids"]:checked')
      ).map(function (box) { return Number(box.value); });
      var indicators = indicatorRowList().map(function (row) {
        var item = {};
        INDICATOR_PARTS.forEach(function (part) {
          item[part] = row.querySelector('[name="indicator_' + part + '"]').value.trim();
        });
        return item;
      }).filter(function (item) {
        return INDICATOR_PARTS.some(function (part) { return item[part]; });
      });
      return {
        year_start: value("year_start") || null,
        year_end: value("year_end") || null,
        supporting_opd_ids: supporting,
        indicators: indicators
      };
    }

    function fillProgram(data) {
      if (!programBox) return;
      ["year_start", "year_end"].forEach(function (name) {
        var el = field(name);
        if (el) el.value = data[name] === undefined || data[name] === null ? "" : String(data[name]);
      });
      var chosen = (data.supporting_opd_ids || []).map(String);
      form.querySelectorAll('input[name="supporting_opd_ids"]').forEach(function (box) {
        box.checked = chosen.indexOf(box.value) >= 0;
      });
      var items = data.indicators || [];
      while (indicatorRowList().length < items.length + 1 && addIndicatorRow()) { /* grow */ }
      indicatorRowList().forEach(function (row, n) {
        INDICATOR_PARTS.forEach(function (part) {
          var item = items[n] || {};
          row.querySelector('[name="indicator_' + part + '"]').value = item[part] || "";
        });
      });
    }

    function showProgram(shown) {
      if (programBox) programBox.hidden = !shown;
    }

    function refreshWidgets() {
      updateCounters();
      updateBudgetPreview();
    }

    /* What the API receives: title, dimension and the fields this session shows. */
    function collect() {
      var body = { title: field("title").value, dimension: chosenDimension() };
      o.settings().fields.forEach(function (name) {
        var el = field(name);
        if (!el) return;
        var value = el.value;
        if (name === "opd_id" || name === "responsible_opd_id") {
          body[name] = value ? Number(value) : "";
        } else {
          body[name] = value;
        }
      });
      if (o.settings().program_fields) Object.assign(body, programValues());
      return body;
    }

    /* Everything typed, enabled or not (the draft). */
    function snapshot() {
      var data = { dimension: chosenDimension() };
      TEXT_FIELDS.forEach(function (name) {
        var el = field(name);
        if (el) data[name] = el.value;
      });
      return Object.assign(data, programValues());
    }

    function fillForm(data) {
      setDimension(data.dimension || "");
      rebuildElements(data.element || "");
      TEXT_FIELDS.forEach(function (name) {
        var el = field(name);
        if (!el || name === "element") return;
        var value = data[name];
        if (name === "opd_id" && (value === undefined || value === null || value === "")) {
          value = ownOpdId;
        }
        el.value = value === undefined || value === null ? "" : String(value);
      });
      fillProgram(data);
      refreshWidgets();
    }

    function blankForm() {
      fillForm({ opd_id: ownOpdId });
    }

    function hasContent(data) {
      return Boolean(data && ((data.title || "").trim() || (data.description || "").trim() ||
        (data.problem || "").trim()));
    }

    function saveDraft() {
      if (o.editing()) return;
      var data = snapshot();
      if (hasContent(data) || data.dimension || (data.budget_idr || "").trim()) {
        R.storeJSON(DRAFT_KEY, data);
      } else {
        R.forgetJSON(DRAFT_KEY);
      }
    }

    function clearDraft() {
      R.forgetJSON(DRAFT_KEY);
    }

    // --- Field messages (dom.js places them; this page keeps its "<name>-error" slots) --------
    function clearErrors() {
      R.clearErrors(form);
      form.querySelectorAll("p.error").forEach(function (el) { el.remove(); });
      form.querySelectorAll(".hint[hidden]").forEach(function (el) { el.hidden = false; });
      form.querySelectorAll("[aria-describedby]").forEach(function (el) {
        var ids = el.getAttribute("aria-describedby").split(/\s+/).filter(function (id) {
          return id && !/-error$/.test(id);
        });
        if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
        else el.removeAttribute("aria-describedby");
      });
      formStatus.textContent = "";
    }

    function labelOf(name) {
      var input = form.querySelector('[name="' + name + '"]');
      var wrapper = input && input.closest(".field");
      var label = wrapper && wrapper.querySelector("label[for='" + name + "'], legend");
      return label ? label.textContent.trim() : name;
    }

    /* Put messages under their fields (in a p.error#<name>-error slot, the id the no-JavaScript
       page uses too); those without a field go to the status line. */
    function showErrors(fields) {
      Object.keys(fields || {}).forEach(function (name) {
        var input = form.querySelector('[name="' + name + '"]');
        var wrapper = input && input.type !== "hidden" && input.closest(".field");
        if (!wrapper) return;
        var message = [].concat(fields[name]).join(" ");
        var hint = document.getElementById(name + "-hint");
        if (hint && hint.textContent.trim() === message.trim()) hint.hidden = true;
        var slot = document.createElement("p");
        slot.className = "error";
        slot.id = name + "-error";
        slot.dataset.errorFor = name;
        slot.hidden = true;
        wrapper.append(slot);
      });
      var leftover = R.showErrors(form, fields);
      if (leftover.length) formStatus.textContent = leftover.join(" ");
    }

    /* The same checks the server makes, so an offline proposal rarely comes back with a 422. */
    function check(body) {
      var problems = {};
      var title = body.title.trim();
      if (!title || title.length > limits.title) problems.title = [texts.titleRequired];
      if (!body.dimension) problems.dimension = [texts.dimensionRequired];
      ["description", "problem"].forEach(function (name) {
        if (typeof body[name] === "string" && body[name].trim().length > limits[name]) {
          problems[name] = [R.fill(texts.tooLong, { max: limits[name] })];
        }
      });
      if (typeof body.budget_idr === "string" && body.budget_idr.trim() &&
          R.parseRupiah(body.budget_idr) === null) {
        problems.budget_idr = [texts.budgetHint];
      }
      return Object.keys(problems).length ? problems : null;
    }

    /* A field that is cleared or fixed loses its message as the person types, instead of
       keeping it until the next send (issue 16 item 8). */
    function dropError(name) {
      var slot = document.getElementById(name + "-error");
      if (slot && form.contains(slot)) slot.remove();
      var hint = document.getElementById(name + "-hint");
      if (hint) hint.hidden = false;
      form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
        input.removeAttribute("aria-invalid");
        var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
          return id && id !== name + "-error";
        });
        if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
        else input.removeAttribute("aria-describedby");
        var wrapper = input.closest(".field");
        if (wrapper) wrapper.classList.remove("has-error");
      });
    }
    function forgetFixed(e) {
      var name = e.target && e.target.name;
      if (!name || !document.getElementById(name + "-error")) return;
      var problems = check(collect()) || {};
      if (!problems[name]) dropError(name);
    }
    form.addEventListener("input", forgetFixed);
    form.addEventListener("change", forgetFixed);

    return {
      field: field,
      option: option,
      chosenDimension: chosenDimension,
      rebuildElements: rebuildElements,
      updateCounters: updateCounters,
      updateBudgetPreview: updateBudgetPreview,
      refreshWidgets: refreshWidgets,
      collect: collect,
      fill: fillForm,
      blank: blankForm,
      hasContent: hasContent,
      saveDraft: saveDraft,
      clearDraft: clearDraft,
      clearErrors: clearErrors,
      labelOf: labelOf,
      showErrors: showErrors,
      check: check,
      showProgram: showProgram
    };
  };
})();
