/* The participant's session page: the proposal form with an offline outbox, "Usulan saya",
   and the live wall.

   Nothing typed is lost: each proposal goes through the outbox (outbox.js: written to
   localStorage with a client_id BEFORE it is sent, removed only when the server answered 201
   or 200). The outbox is flushed on page load, on every socket (re)connect, on the window
   "online" event and every 10 s while something waits. The form draft is saved as the person
   types (proposal-form.js). Cards are cloned from the page's <template> (idea-card.js) and
   filled with textContent only: titles may contain "<script>".

   Over ~400 lines because it is one page's state: the proposals it knows, "Usulan saya", the
   wall with its filters, editing in place and the live pushes all read and redraw the same
   `ideas` map; the parts that stand alone (outbox, form, card) are their own modules. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var head = document.getElementById("session-head");
  var sessionId = Number(head.dataset.sessionId);
  var statusTexts = JSON.parse(head.dataset.texts);
  var badge = document.getElementById("session-status");
  var root = document.getElementById("proposals");
  var handlers = {};

  function sessionUrl() { return "/api/v1/sessions/" + sessionId; }

  function showBadge(status) {
    badge.dataset.status = status;
    badge.textContent = statusTexts[status] || status;
  }

  if (!root) {
    // A session that does not collect proposals: only its status follows the facilitator.
    handlers[R.EVENTS.SESSION_UPDATED] = function (s) {
      if (s.id === sessionId && s.status) showBadge(s.status);
    };
    R.connect({
      onSync: function (first) {
        if (!first) R.api("GET", sessionUrl()).then(function (s) { showBadge(s.status); });
      },
      on: handlers
    });
    return;
  }

  // Retry cadence while proposals wait, and how long one send may take before it counts as lost.
  var RETRY_MS = 10000;
  var SEND_TIMEOUT_MS = 15000;

  var texts = JSON.parse(root.dataset.texts);
  var dims = JSON.parse(root.dataset.dimensions);
  var opds = JSON.parse(root.dataset.opds);
  var settings = JSON.parse(root.dataset.settings);
  var limits = JSON.parse(root.dataset.limits);
  var participantId = root.dataset.participantId;
  var ownOpdId = root.dataset.opdId;
  var status = root.dataset.status;
  var lang = document.documentElement.lang;

  var form = document.getElementById("proposal-form");
  var formPanel = document.getElementById("form-panel");
  var formHome = document.createComment("proposal form");
  form.before(formHome);
  var formHeading = document.getElementById("form-heading");
  var submitButton = document.getElementById("proposal-submit");
  var cancelLink = document.getElementById("edit-cancel");
  var formStatus = document.getElementById("form-status");
  var queueNote = document.getElementById("queue-note");
  var closedNote = document.getElementById("closed-note");
  var closedText = document.getElementById("closed-text");
  var draftCopy = document.getElementById("draft-copy");
  var draftCopyText = document.getElementById("draft-copy-text");
  var premoderationHint = document.getElementById("premoderation-hint");
  var mineList = document.getElementById("mine-list");
  var mineEmpty = document.getElementById("mine-empty");
  var mineStatus = document.getElementById("mine-status");
  var wallList = document.getElementById("proposal-wall");
  var wallEmpty = document.getElementById("proposal-wall-empty");
  var wallTotal = document.getElementById("proposal-total");
  var dimensionFilter = document.getElementById("dimension-filter");
  var opdFilter = document.getElementById("wall-opd");
  var cardTemplate = document.getElementById("idea-card-template");

  var OUTBOX_KEY = "rembuk:outbox:" + participantId;
  var DRAFT_KEY = "rembuk:draft:" + participantId + ":" + sessionId;

  var dimByKey = {};
  dims.forEach(function (d) { dimByKey[d.key] = d; });
  var opdById = {};
  opds.forEach(function (o) { opdById[o.id] = o; });

  var ideas = new Map(); // id → proposal as the server last told us (visible + own pending)
  var mineIds = new Set();
  var filters = {
    dimension: new URLSearchParams(window.location.search).get("dimension") || "",
    opd: new URLSearchParams(window.location.search).get("opd") || ""
  };
  var editingId = null;
  var network = { down: false, reason: null, message: "" };
  var sendingId = null;
  // Changes heard while a re-fetch is on its way are replayed over its answer.
  var changeLog = [];
  var changeSeq = 0;

  // --- Storage: the outbox and the draft survive reloads ----------------------------------
  var readJSON = R.storedJSON;
  var outbox = R.outbox(OUTBOX_KEY, {
    sendTimeoutMs: SEND_TIMEOUT_MS,
    url: function (item) { return "/api/v1/sessions/" + item.session_id + "/ideas"; },
    onSending: function (item) {
      sendingId = item.client_id;
      renderMine();
    },
    onAnswer: settle,
    onSettled: function () {
      sendingId = null;
      render();
    },
    onIdle: function () {
      network.reason = null;
      showQueue();
    }
  });
  var readOutbox = outbox.read;
  var removeItem = outbox.remove;
  var waitingItems = outbox.waiting;
  var flush = outbox.flush;

  // --- The form (proposal-form.js) ---------------------------------------------------------
  var proposalForm = R.proposalForm(form, {
    texts: texts,
    dimensions: dims,
    limits: limits,
    ownOpdId: ownOpdId,
    lang: lang,
    status: formStatus,
    draftKey: DRAFT_KEY,
    settings: function () { return settings; },
    editing: function () { return editingId !== null; }
  });
  var field = proposalForm.field;
  var option = proposalForm.option;
  var rebuildElements = proposalForm.rebuildElements;
  var updateCounters = proposalForm.updateCounters;
  var updateBudgetPreview = proposalForm.updateBudgetPreview;
  var refreshWidgets = proposalForm.refreshWidgets;
  var collect = proposalForm.collect;
  var fillForm = proposalForm.fill;
  var blankForm = proposalForm.blank;
  var hasContent = proposalForm.hasContent;
  var saveDraft = proposalForm.saveDraft;
  var clearDraft = proposalForm.clearDraft;
  var clearErrors = proposalForm.clearErrors;
  var labelOf = proposalForm.labelOf;
  var showErrors = proposalForm.showErrors;
  var check = proposalForm.check;

  // --- Cards --------------------------------------------------------------------------------
  function authorText(author) {
    if (!author) return "";
    var who = author.name ? author.name + " (" + author.opd_code + ")" : author.opd_code;
    return who ? R.fill(texts.by, { who: who }) : "";
  }

  function metaText(idea) {
    var parts = [];
    var dim = dimByKey[idea.dimension];
    if (idea.element) {
      var el = dim && dim.elements.filter(function (e) { return e.key === idea.element; })[0];
      parts.push(el ? el.label : idea.element);
    }
    var opdId = idea.opd_id === "" || idea.opd_id === undefined ? null : idea.opd_id;
    if (opdId !== null) {
      parts.push(opdById[opdId] ? opdById[opdId].code : idea.opd_code || "");
    }
    return parts.filter(Boolean).join(" · ");
  }

  function setText(card, selector, text) {
    R.ideaCard.text(card.querySelector(selector), text, "remove");
  }

  /* The budget on the author's own card: a stored amount, or what waits in the outbox as typed. */
  function budgetText(value) {
    if (value === null || value === undefined || value === "") return "";
    var amount = typeof value === "number" ? value : R.parseRupiah(String(value));
    return amount === null ? "" : R.fill(texts.budget, { amount: R.formatRupiah(amount, lang) });
  }

  /* opts: {mineList, state, item (an outbox entry), canChange} */
  function buildCard(idea, opts) {
    var card = R.ideaCard.clone(cardTemplate, idea.id);
    delete card.dataset.id;
    var dimension = idea.dimension || "";
    card.dataset.dimension = dimension;
    if (opts.item) {
      card.id = "queued-" + opts.item.client_id;
      card.dataset.clientId = opts.item.client_id;
    } else {
      card.id = (opts.mineList ? "idea-" : "wall-") + idea.id;
      card.dataset.id = idea.id;
    }
    if (mineIds.has(idea.id) || opts.item) card.dataset.mine = "true";
    R.ideaCard.chip(card.querySelector(".dim-chip"), dimension,
      dimByKey[dimension] ? dimByKey[dimension].label : dimension);
    var state = card.querySelector(".idea-state");
    if (opts.mineList) {
      state.dataset.state = opts.state;
      state.querySelector(".idea-state-text").textContent = texts[opts.state];
      card.dataset.state = opts.state;
    } else {
      state.remove();
    }
    if (opts.mineList || !mineIds.has(idea.id)) card.querySelector(".mine-mark").remove();
    card.querySelector(".idea-title").textContent = idea.title;
    setText(card, ".idea-code", idea.code || "");
    setText(card, ".idea-meta", metaText(idea));
    setText(card, ".idea-author", opts.item ? "" : authorText(idea.author));
    setText(card, ".idea-budget", opts.mineList ? budgetText(idea.budget_idr) : "");
    setText(card, ".idea-desc", idea.description);
    setText(card, ".idea-problem", opts.item && opts.state !== "waiting" ? idea.problem : "");
    var errors = card.querySelector(".idea-errors");
    var item = opts.item;
    if (item && (item.state !== "waiting")) {
      var lines = [];
      if (item.state === "closed") lines.push(texts.closedCopy);
      if (item.message && item.state !== "closed") lines.push(item.message);
      Object.keys(item.fields || {}).forEach(function (name) {
        lines.push(labelOf(name) + ": " + [].concat(item.fields[name]).join(" "));
      });
      errors.replaceChildren.apply(errors, lines.map(function (line) {
        var li = document.createElement("li");
        li.textContent = line;
        return li;
      }));
    } else {
      errors.remove();
    }
    var actions = card.querySelector(".idea-actions");
    if (item) {
      card.querySelector(".idea-edit").remove();
      card.querySelector(".idea-withdraw").remove();
      if (item.state === "waiting") {
        actions.remove();
      } else if (status !== "open") {
        card.querySelector(".idea-fix").remove();
      }
    } else if (opts.canChange) {
      card.querySelector(".idea-fix").remove();
      card.querySelector(".idea-discard").remove();
      card.querySelector(".idea-edit").href =
        root.dataset.sessionUrl + "?edit=" + idea.id + "#proposal-form";
      card.querySelector(".idea-withdraw form").action =
        root.dataset.sessionUrl + "/ideas/" + idea.id + "/withdraw";
    } else {
      actions.remove();
    }
    return card;
  }

  function newestFirst(a, b) { return b.id - a.id; }

  function renderMine() {
    var open = status === "open";
    var cards = [];
    readOutbox().filter(function (item) { return item.session_id === sessionId; })
      .reverse()
      .forEach(function (item) {
        var state = item.state === "waiting" && item.client_id === sendingId ? "sending" : item.state;
        cards.push(buildCard(Object.assign({ id: 0 }, item.body), { mineList: true, state: state, item: item }));
      });
    Array.from(ideas.values())
      .filter(function (idea) { return mineIds.has(idea.id); })
      .sort(newestFirst)
      .forEach(function (idea) {
        cards.push(buildCard(idea, {
          mineList: true,
          state: idea.status === "pending" ? "pending" : "sent",
          canChange: open
        }));
      });
    mineList.replaceChildren.apply(mineList, cards);
    mineEmpty.hidden = cards.length > 0;
    if (editingId !== null) {
      var card = document.getElementById("idea-" + editingId);
      if (card && open) {
        card.dataset.editing = "true";
        card.append(form);
      } else {
        endEdit();
      }
    }
  }

  function wallIdeas() {
    return Array.from(ideas.values()).filter(function (idea) { return idea.status === "visible"; });
  }

  function renderWall() {
    var all = wallIdeas();
    var byDim = {};
    var byOpd = {};
    all.forEach(function (idea) {
      byDim[idea.dimension] = (byDim[idea.dimension] || 0) + 1;
      if (idea.opd_id) byOpd[idea.opd_id] = (byOpd[idea.opd_id] || 0) + 1;
    });
    wallTotal.textContent = "(" + all.length + ")";
    dimensionFilter.querySelectorAll("[data-dimension-filter]").forEach(function (a) {
      var key = a.dataset.dimensionFilter;
      a.querySelector(".count").textContent = key ? byDim[key] || 0 : all.length;
      if (key === filters.dimension) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    var opdOptions = [option("", R.fill(texts.allOpds, { n: all.length }), !filters.opd)];
    opds.forEach(function (o) {
      var id = String(o.id);
      if (byOpd[o.id] || filters.opd === id) {
        opdOptions.push(option(id, o.code + " (" + (byOpd[o.id] || 0) + ")", filters.opd === id));
      }
    });
    opdFilter.replaceChildren.apply(opdFilter, opdOptions);
    var shown = all.filter(function (idea) {
      return (!filters.dimension || idea.dimension === filters.dimension) &&
        (!filters.opd || String(idea.opd_id) === filters.opd);
    }).sort(newestFirst);
    wallList.replaceChildren.apply(wallList, shown.map(function (idea) {
      return buildCard(idea, { mineList: false });
    }));
    wallEmpty.hidden = shown.length > 0;
  }

  function render() {
    renderMine();
    renderWall();
    showQueue();
  }

  // --- What the server says ---------------------------------------------------------------
  function keep(idea) {
    if (idea.session_id !== sessionId) return;
    if (idea.mine === true) mineIds.add(idea.id);
    if (idea.mine === false) mineIds.delete(idea.id);
    if (idea.status === "visible" || idea.status === "pending") {
      ideas.set(idea.id, idea);
    } else {
      ideas.delete(idea.id);
    }
  }

  function note(id, idea) {
    changeLog.push({ seq: ++changeSeq, id: id, idea: idea });
    if (changeLog.length > 2000) changeLog.shift();
  }

  function refetch() {
    var from = changeSeq;
    return Promise.all([
      R.api("GET", sessionUrl() + "/ideas"),
      R.api("GET", sessionUrl()),
      R.api("GET", sessionUrl() + "/idea-settings")
    ]).then(function (answers) {
      ideas.clear();
      answers[0].items.forEach(keep);
      changeLog.forEach(function (change) {
        if (change.seq <= from) return;
        if (change.idea) keep(change.idea);
        else ideas.delete(change.id);
      });
      applySettings(answers[2]);
      applyStatus(answers[1].status);
      render();
    }).catch(function () { /* offline: the next (re)connect fetches again */ });
  }

  function applySettings(next) {
    settings = next;
    root.querySelectorAll("[data-optional]").forEach(function (el) {
      el.hidden = settings.fields.indexOf(el.dataset.optional) < 0;
    });
    premoderationHint.hidden = !settings.premoderation;
    proposalForm.showProgram(Boolean(settings.program_fields));
  }

  function applyStatus(next) {
    var changed = next !== status;
    status = next;
    root.dataset.status = next;
    showBadge(next);
    var open = next === "open";
    var typing = form.contains(document.activeElement);
    if (!open && editingId !== null) endEdit();
    form.hidden = !open;
    closedNote.hidden = open;
    closedText.textContent = next === "closed" ? texts.closedNow : texts.notOpen;
    var draft = readJSON(DRAFT_KEY, null);
    if (open) {
      draftCopy.hidden = true;
    } else if (hasContent(draft)) {
      // What was being typed when collection closed stays readable, to copy elsewhere.
      draftCopy.hidden = false;
      draftCopyText.textContent = [draft.title, draft.description, draft.problem]
        .filter(function (t) { return t && t.trim(); }).join("\n\n");
    }
    if (changed) renderMine();
    if (changed && !open && typing) {
      // The form vanished under the person's fingers: show them why, where they were.
      closedNote.focus();
      closedNote.scrollIntoView({ block: "center" });
    }
  }

  // --- The outbox's answers ------------------------------------------------------------------
  /* Returns true when the next item may be sent right away. */
  function settle(item, answer) {
    var error = (answer.data && answer.data.error) || {};
    if (answer.status === 200 || answer.status === 201) {
      network.down = false;
      network.reason = null;
      outbox.remove(item.client_id);
      var idea = answer.data;
      if (idea.session_id === sessionId) {
        mineIds.add(idea.id);
        keep(idea);
        note(idea.id, idea);
        formStatus.textContent = R.fill(texts.sentTitle, { title: idea.title });
      }
      return true;
    }
    if (answer.status === 0) {
      network.down = true;
      network.reason = "offline";
      return false;
    }
    network.down = false;
    if (answer.status >= 500) {
      network.reason = "server";
      network.message = "";
      return false;
    }
    if (answer.status === 429) {
      var seconds = Number(answer.retryAfter) || RETRY_MS / 1000;
      outbox.pauseUntil(Date.now() + seconds * 1000);
      network.reason = "server";
      network.message = error.message || "";
      return false;
    }
    network.reason = null;
    if (answer.status === 422) {
      outbox.update(item.client_id, { state: "attention", fields: error.fields || {}, message: "" });
    } else if (answer.status === 409) {
      outbox.update(item.client_id, { state: "closed", fields: {}, message: error.message || "" });
    } else {
      outbox.update(item.client_id, { state: "refused", fields: {}, message: error.message || "" });
    }
    return true;
  }

  function connected() { return Boolean(R.socket && R.socket.connected); }

  /* The indicator says "Luring — n menunggu" while proposals wait without a connection. */
  function showQueue() {
    var n = waitingItems().length;
    var indicator = document.getElementById("conn-status");
    var offline = n > 0 && (network.down || !connected() || navigator.onLine === false);
    if (indicator) {
      if (offline) {
        indicator.hidden = false;
        indicator.dataset.state = "offline-queue";
        indicator.textContent = R.fill(indicator.dataset.offlineQueue, { n: n });
      } else if (indicator.dataset.state === "offline-queue") {
        R.setStatus(connected() ? "connected" : navigator.onLine === false ? "offline" : "reconnecting");
      }
    }
    if (n > 0 && offline) {
      queueNote.textContent = texts.offline;
      queueNote.hidden = false;
    } else if (n > 0 && network.reason === "server") {
      queueNote.textContent = network.message || texts.server;
      queueNote.hidden = false;
    } else {
      queueNote.hidden = true;
    }
  }

  // --- Submitting, editing, withdrawing -------------------------------------------------
  function queue(body) {
    outbox.add(sessionId, body); // stored before anything is sent
    clearDraft();
    blankForm();
    renderMine();
    showQueue();
    flush();
  }

  function startEdit(id) {
    var idea = ideas.get(id);
    var card = document.getElementById("idea-" + id);
    if (!idea || !card || status !== "open") return;
    if (editingId !== null) endEdit();
    clearErrors();
    editingId = id;
    fillForm({
      title: idea.title,
      dimension: idea.dimension,
      element: idea.element || "",
      opd_id: idea.opd_id,
      responsible_opd_id: idea.responsible_opd_id,
      horizon: idea.horizon || "",
      budget_idr: idea.budget_idr === null || idea.budget_idr === undefined
        ? "" : R.formatRupiah(idea.budget_idr, lang).replace(/^Rp /, ""),
      funding_source: idea.funding_source || "",
      description: idea.description || "",
      problem: idea.problem || ""
    });
    form.dataset.editId = id;
    submitButton.textContent = submitButton.dataset.editLabel;
    cancelLink.hidden = false;
    card.dataset.editing = "true";
    card.append(form);
    formPanel.hidden = true;
    field("title").focus();
  }

  function endEdit() {
    if (editingId === null) return;
    var id = editingId;
    editingId = null;
    delete form.dataset.editId;
    clearErrors();
    form.action = root.dataset.sessionUrl;
    formHome.after(form);
    formPanel.hidden = false;
    formHeading.textContent = texts.newProposal;
    submitButton.textContent = submitButton.dataset.createLabel;
    cancelLink.hidden = true;
    var draft = readJSON(DRAFT_KEY, null);
    if (draft) fillForm(draft);
    else blankForm();
    if (/[?&]edit=/.test(window.location.search)) {
      window.history.replaceState(null, "", root.dataset.sessionUrl + window.location.hash);
    }
    var card = document.getElementById("idea-" + id);
    if (card) delete card.dataset.editing;
    var edit = card && card.querySelector(".idea-edit");
    if (edit) edit.focus();
  }

  function saveEdit(id, body) {
    submitButton.disabled = true;
    R.api("PATCH", "/api/v1/ideas/" + id, body).then(function (idea) {
      keep(idea);
      note(idea.id, idea);
      endEdit();
      render();
      mineStatus.textContent = texts.saved;
    }).catch(function (err) {
      if (!err.status) {
        formStatus.textContent = texts.editOffline;
      } else if (err.status === 422) {
        showErrors(err.data.fields);
      } else {
        formStatus.textContent = err.message;
      }
    }).finally(function () {
      submitButton.disabled = false;
    });
  }

  function withdraw(id) {
    R.api("DELETE", "/api/v1/ideas/" + id).then(function () {
      ideas.delete(id);
      note(id, null);
      mineIds.delete(id);
      if (editingId === id) endEdit();
      render();
      mineStatus.textContent = texts.withdrawn;
    }).catch(function (err) {
      mineStatus.textContent = err.status ? err.message : texts.editOffline;
    });
  }

  /* A proposal the server refused goes back into the form, with its messages. */
  function fixItem(clientId) {
    var item = outbox.find(clientId);
    if (!item) return;
    if (editingId !== null) endEdit();
    removeItem(clientId);
    clearErrors();
    fillForm(Object.assign({ opd_id: ownOpdId }, item.body));
    saveDraft();
    renderMine();
    showQueue();
    formPanel.scrollIntoView({ block: "start" });
    showErrors(item.fields);
    if (!item.fields || !Object.keys(item.fields).length) field("title").focus();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearErrors();
    var body = collect();
    var problems = check(body);
    if (problems) {
      showErrors(problems);
      return;
    }
    if (editingId !== null) saveEdit(editingId, body);
    else queue(body);
  });

  form.addEventListener("input", function (e) {
    if (e.target.name === "title" || e.target.name === "description") updateCounters();
    if (e.target.name === "budget_idr") updateBudgetPreview();
    saveDraft();
  });

  form.addEventListener("change", function (e) {
    if (e.target.name === "dimension") rebuildElements("");
    saveDraft();
  });

  cancelLink.addEventListener("click", function (e) {
    e.preventDefault();
    endEdit();
  });

  root.addEventListener("click", function (e) {
    var edit = e.target.closest(".idea-edit");
    if (edit) {
      e.preventDefault();
      startEdit(Number(edit.closest(".idea-card").dataset.id));
      return;
    }
    var fix = e.target.closest(".idea-fix");
    if (fix) {
      fixItem(fix.closest(".idea-card").dataset.clientId);
      return;
    }
    var discard = e.target.closest(".idea-discard");
    if (discard && window.confirm(discard.textContent.trim() + "?")) {
      removeItem(discard.closest(".idea-card").dataset.clientId);
      renderMine();
      showQueue();
      return;
    }
    var chip = e.target.closest("[data-dimension-filter]");
    if (chip) {
      e.preventDefault();
      filters.dimension = chip.dataset.dimensionFilter;
      remember();
      renderWall();
    }
  });

  root.addEventListener("submit", function (e) {
    var withdrawForm = e.target.closest(".idea-withdraw form");
    if (!withdrawForm) return;
    e.preventDefault();
    withdraw(Number(withdrawForm.closest(".idea-card").dataset.id));
  });

  opdFilter.addEventListener("change", function () {
    filters.opd = opdFilter.value;
    remember();
    renderWall();
  });
  document.getElementById("opd-filter-apply").hidden = true;

  /* The filters live in the address, so a reload (or the no-JavaScript page) shows the same. */
  function remember() {
    var params = new URLSearchParams();
    if (filters.dimension) params.set("dimension", filters.dimension);
    if (filters.opd) params.set("opd", filters.opd);
    var query = params.toString();
    window.history.replaceState(null, "", root.dataset.sessionUrl + (query ? "?" + query : "") + "#wall");
  }

  // Another tab of this participant changed the outbox: show the same.
  window.addEventListener("storage", function (e) {
    if (e.key === OUTBOX_KEY) {
      renderMine();
      showQueue();
    }
  });

  // --- Start: what the page carried, the draft, the outbox, then live -----------------------
  JSON.parse(root.dataset.ideas).forEach(keep);
  var editOnLoad = form.dataset.editId ? Number(form.dataset.editId) : null;
  if (editOnLoad === null) {
    var draft = readJSON(DRAFT_KEY, null);
    if (draft && !form.querySelector(".error")) fillForm(draft);
    else rebuildElements(field("element") ? field("element").value : "");
  } else {
    delete form.dataset.editId;
  }
  refreshWidgets();
  applyStatus(status);
  render();
  if (editOnLoad !== null) startEdit(editOnLoad);

  // The hall hears proposals in batches (ideas_created …): R.onItems applies each item, then
  // redraws once per push.
  function ideaChanged(idea) {
    if (idea.status === "pending") mineIds.add(idea.id); // only its author hears of it
    keep(idea);
    note(idea.id, idea);
  }
  function ideaRemoved(data) {
    note(data.id, null);
    ideas.delete(data.id);
  }
  handlers[R.EVENTS.SESSION_UPDATED] = function (s) {
    if (s.id !== sessionId) return;
    if (s.idea_settings) {
      applySettings(s.idea_settings);
      refetch(); // authorship may have changed every card
    } else if (s.program_fields !== undefined) {
      applySettings(Object.assign({}, settings, { program_fields: s.program_fields }));
    }
    if (s.deleted) applyStatus("closed");
    else if (s.status) applyStatus(s.status);
    if (s.status === "open") flush();
  };

  var socket = R.connect({
    onSync: function () {
      network.down = false;
      refetch();
      flush();
    },
    on: handlers
  });
  R.onItems(socket, R.EVENTS.IDEA_CREATED, ideaChanged, render);
  R.onItems(socket, R.EVENTS.IDEA_UPDATED, ideaChanged, render);
  R.onItems(socket, R.EVENTS.IDEA_REMOVED, ideaRemoved, render);
  socket.on("disconnect", showQueue);
  socket.on("connect_error", showQueue);
  window.addEventListener("offline", function () {
    network.down = true;
    showQueue();
  });
  window.addEventListener("online", function () {
    network.down = false;
    flush();
    showQueue();
  });
  setInterval(function () {
    if (waitingItems().length) flush();
  }, RETRY_MS);
  flush();
})();
