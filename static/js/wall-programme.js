/* The wall's programme parts (issue 15), used by wall.js: a card's code, years, supporting
   OPDs, indicators, provenance and quick-win mark; the programme, quick-win and promote
   tools sent to the JSON API. Without JavaScript the same tools are plain forms
   (views/facilitator/wall/programmes.py).

   R.wallProgramme = {update(card, idea, root), opened(panel), actions(helpers)} where helpers
   = {api, apply, closeTool, say, msg, body}. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var PARTS = ["name", "unit", "baseline", "target"];

  function ref(node, name) { return node.querySelector('[data-ref="' + name + '"]'); }

  function setFact(card, name, text) {
    var fact = card.querySelector('[data-fact="' + name + '"]');
    if (!fact) return;
    fact.hidden = !text;
    ref(fact, name).textContent = text || "";
  }

  function indicatorText(ind) {
    var text = ind.name + (ind.baseline ? ": " + ind.baseline + " →" : ":") + " " + ind.target;
    return ind.unit ? text + " " + ind.unit : text;
  }

  function update(card, idea, root) {
    var codes = JSON.parse(root.dataset.opdCodes || "{}");
    var code = ref(card, "code");
    if (code) {
      code.hidden = !idea.code;
      code.textContent = idea.code || "";
    }
    var years = [idea.year_start, idea.year_end].filter(function (y, i, all) {
      return y && all.indexOf(y) === i;
    }).join("–");
    setFact(card, "years", years);
    setFact(card, "supporting", (idea.supporting_opd_ids || []).map(function (id) {
      return codes[id] || String(id);
    }).join(", "));
    setFact(card, "indicators", (idea.indicators || []).map(indicatorText).join("; "));
    setFact(card, "promoted", idea.promoted_from ? "#" + idea.promoted_from : "");
    var mark = ref(card, "quick-win");
    if (mark) {
      mark.hidden = !idea.quick_win;
      ref(mark, "quick-win-reason").textContent = idea.quick_win ? idea.quick_win.reason : "";
    }
  }

  function rows(panel) { return Array.from(panel.querySelectorAll(".indicator-row")); }

  /* One more empty indicator row (a copy of the last with fresh ids), up to data-max. */
  function addRow(panel) {
    var list = panel.querySelector(".indicator-rows");
    var all = rows(panel);
    if (!list || !all.length || all.length >= Number(list.dataset.max)) return null;
    var copy = all[all.length - 1].cloneNode(true);
    var n = all.length;
    var legend = copy.querySelector("legend");
    legend.textContent = legend.textContent.replace(/\d+/, String(n + 1));
    copy.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.id = input.id.replace(/-\d+$/, "-" + n);
    });
    copy.querySelectorAll("label").forEach(function (label) {
      label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + n);
    });
    list.append(copy);
    showAdd(panel);
    return copy;
  }

  function showAdd(panel) {
    var button = panel.querySelector("[data-indicator-add]");
    var list = panel.querySelector(".indicator-rows");
    if (button && list) button.hidden = rows(panel).length >= Number(list.dataset.max);
  }

  function opened(panel) {
    var button = panel.querySelector("[data-indicator-add]");
    if (!button) return;
    showAdd(panel);
    button.addEventListener("click", function () {
      var row = addRow(panel);
      if (row) row.querySelector("input").focus();
    });
  }

  function programmeBody(form) {
    var value = function (name) {
      var el = form.querySelector('[name="' + name + '"]');
      return el ? el.value.trim() : "";
    };
    var supporting = Array.from(form.querySelectorAll('input[name="supporting_opd_ids"]:checked'))
      .map(function (box) { return Number(box.value); });
    var indicators = rows(form).map(function (row) {
      var item = {};
      PARTS.forEach(function (part) {
        item[part] = row.querySelector('[name="indicator_' + part + '"]').value.trim();
      });
      return item;
    }).filter(function (item) {
      return PARTS.some(function (part) { return item[part]; });
    });
    return {
      year_start: value("year_start") || null,
      year_end: value("year_end") || null,
      supporting_opd_ids: supporting,
      indicators: indicators
    };
  }

  function actions(h) {
    return {
      programme: function (form, card) {
        return h.api("PATCH", "/ideas/" + card.dataset.id, programmeBody(form)).then(function (idea) {
          h.apply(idea);
          h.closeTool(card, true);
          h.say(h.msg("Saved", { title: idea.title }));
        });
      },
      quickwin: function (form, card, submitter) {
        var url = "/ideas/" + card.dataset.id + "/quick-win";
        var unmark = submitter && submitter.hasAttribute("data-unmark");
        var sent = unmark ? h.api("DELETE", url) : h.api("POST", url, h.body(form));
        return sent.then(function (idea) {
          h.apply(idea);
          h.closeTool(card, true);
          h.say(h.msg(unmark ? "NoQuickWin" : "QuickWin", { title: idea.title }));
        });
      },
      promote: function (form, card) {
        return h.api("POST", "/ideas/" + card.dataset.id + "/promote", h.body(form))
          .then(function (made) {
            h.closeTool(card, true);
            h.say(h.msg("Promoted", { title: made.title, code: made.code }));
          });
      }
    };
  }

  R.wallProgramme = { update: update, opened: opened, actions: actions };
})();
