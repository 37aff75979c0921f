/* The console's notulensi panel: the notes editor and the session's list of notes.

     var notes = Rembuk.notesPanel({
       root, msg,              // the console's root element and its data-msg-* texts
       kinds,                  // {note: "Catatan", …} for the list's labels
       api,                    // "/api/v1"
       session: function () { return currentSessionId; },
       same, formError, errorText  // the console's helpers
     });

   The editor autosaves ~800 ms after the last keystroke (POST /sessions/{id}/notes, then
   PATCH /notes/{id}) and never overwrites text someone is typing: a remote change to that note
   is announced instead. Its limits (maxlength, kinds) are the page's inputs', drawn by the
   server from forms/console.py.

   "Simpan" saves and then starts a fresh "Catatan baru" (the saved note stays in the list; its
   "Ubah" opens it again). In a saved note opened for editing, a change of its kind is asked first
   in an inline confirmation (#note-kind-confirm, keyboard and screen reader usable); "Batal" or
   Escape puts the kind back. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var AUTOSAVE_MS = 800;
  var RETRY_MS = 5000;

  R.notesPanel = function (opts) {
    var root = opts.root, msg = opts.msg, same = opts.same;
    var lang = document.documentElement.lang;
    var known = {};  // id → note, of the shown session
    var editor = null;

    function $(id) { return document.getElementById(id); }
    function clockTime(date) {
      var text = String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
      return lang === "id" ? text.replace(":", ".") : text;
    }
    function longDate(iso) {
      var date = new Date(iso + "T00:00:00");
      return date.toLocaleDateString(lang === "en" ? "en-GB" : "id-ID",
        { day: "numeric", month: "long", year: "numeric" });
    }
    /* `html` comes from the server's Markdown renderer (raw HTML escaped, links checked): the
       one markup the console inserts. Parsed inertly, then adopted. */
    function setSafeHtml(node, html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      node.replaceChildren.apply(node, Array.prototype.map.call(doc.body.childNodes, function (n) {
        return document.importNode(n, true);
      }));
    }

    /* -- The editor ------------------------------------------------------------------------- */

    function readNote(ed) {
      if (ed.frozen) return ed.frozen;
      var f = ed.form.elements;
      var kind = ed.askingKind ? ed.kind : f.kind.value;  // an unconfirmed kind is not saved
      var action = kind === "action";
      return {
        kind: kind,
        body: f.body.value,
        opd_id: action && f.opd_id.value ? Number(f.opd_id.value) : null,
        due_on: action && f.due_on.value ? f.due_on.value : null
      };
    }
    function noteStatus(text, kind) {
      var p = $("note-status");
      if (!p) return;
      p.textContent = text;
      p.dataset.kind = kind || "";
    }
    function remoteNotice(text) {
      var p = $("note-remote");
      if (!p) return;
      p.textContent = text || "";
      p.hidden = !text;
    }
    function showPreview(html, body) {
      var box = $("note-preview-box");
      if (!box) return;
      box.hidden = !body || !body.trim();
      setSafeHtml($("note-preview"), html || "");
    }
    function toggleActionFields() {
      if (!editor) return;
      $("note-action-fields").hidden = editor.form.elements.kind.value !== "action";
    }
    function editingLabel(saved) {
      var label = $("note-editing");
      label.textContent = saved ? label.dataset.editing : label.dataset.new;
    }
    function startEditor() {
      var form = $("note-editor");
      if (!form) { editor = null; return; }
      editor = {
        form: form,
        session: form.dataset.sessionId,
        id: form.dataset.noteId || null,
        dirty: false, saving: false, again: false, timer: null, sent: null,
        saved: form.dataset.noteId ? form.elements.body.value : null,
        opened: !!form.dataset.noteId,  // a saved note opened for editing: its kind change is asked
        kind: form.elements.kind.value, askingKind: false
      };
      hideKindConfirm();
      toggleActionFields();
    }
    function fillEditor(note) {
      var f = editor.form.elements;
      f.kind.value = note.kind;
      f.body.value = note.body;
      f.opd_id.value = note.opd_id || "";
      f.due_on.value = note.due_on || "";
      if (editor) { editor.kind = note.kind; editor.askingKind = false; }
      hideKindConfirm();
    }

    /* -- Asking before a saved note changes its kind ----------------------------------------- */

    function kindLabel(kind) { return opts.kinds[kind] || kind; }
    function hideKindConfirm() {
      var box = $("note-kind-confirm");
      if (box) box.hidden = true;
    }
    function askKind() {
      var box = $("note-kind-confirm");
      var select = editor.form.elements.kind;
      if (!box) { editor.kind = select.value; return false; }
      editor.askingKind = true;
      var text = $("note-kind-confirm-text");
      text.textContent = R.fill(text.dataset.pattern, { from: kindLabel(editor.kind), to: kindLabel(select.value) });
      box.hidden = false;
      $("note-kind-yes").focus();
      return true;
    }
    function answerKind(yes) {
      if (!editor || !editor.askingKind) return;
      var select = editor.form.elements.kind;
      editor.askingKind = false;
      hideKindConfirm();
      if (yes) {
        editor.kind = select.value;
        noteTyped();
      } else {
        select.value = editor.kind;
        toggleActionFields();
      }
      select.focus();
    }
    /* Show a note (or a blank new one) in the editor; the previous editor was flushed. */
    function openInEditor(note) {
      var select = editor.form.elements.kind;
      var fresh = select.querySelector('option[value="note"]') || select.options[0];
      fillEditor(note || { kind: fresh ? fresh.value : "", body: "", opd_id: null, due_on: null });
      startEditor();
      editor.id = note ? String(note.id) : null;
      editor.saved = note ? note.body : null;
      editor.opened = !!note;
      editor.form.dataset.noteId = editor.id || "";
      editingLabel(!!note);
      noteStatus("");
      remoteNotice("");
      showPreview(note ? note.html : "", note ? note.body : "");
      R.clearErrors(editor.form);
      editor.form.elements.body.focus();
    }
    /* Save what is typed now; later edits go to the next save. Resolves when this save is done. */
    function saveNote(ed, force) {
      if (!ed) return Promise.resolve();
      window.clearTimeout(ed.timer);
      if (force) ed.dirty = true;
      if (ed.saving) { ed.again = true; return ed.pending; }
      var body = readNote(ed);
      if (!ed.id && !body.body.trim()) { ed.dirty = false; return Promise.resolve(); }
      if (!ed.dirty) return Promise.resolve();
      ed.saving = true;
      ed.dirty = false;
      ed.sent = body;
      if (ed === editor) noteStatus(msg.msgSaving, "saving");
      var request = ed.id
        ? R.api("PATCH", opts.api + "/notes/" + ed.id, body)
        : R.api("POST", opts.api + "/sessions/" + ed.session + "/notes", body);
      ed.pending = request.then(function (note) {
        ed.id = String(note.id);
        ed.saved = note.body;
        upsertNote(note);
        if (ed !== editor) return;
        ed.form.dataset.noteId = ed.id;
        editingLabel(true);
        R.clearErrors(ed.form);
        showPreview(note.html, note.body);
        if (!ed.dirty) {
          noteStatus(R.fill(msg.msgSaved, { time: clockTime(new Date()) }), "saved");
          remoteNotice("");
        }
      }, function (err) {
        ed.dirty = true;
        if (err.status === 404) ed.id = null;  // deleted meanwhile: the next save creates it again
        if (!err.status) window.setTimeout(function () { if (ed.dirty) saveNote(ed); }, RETRY_MS);
        if (ed !== editor) return;
        noteStatus(err.status ? opts.errorText(err) : msg.msgOffline, "error");
        if (err.status === 422) opts.formError(ed.form, err, true);
      }).finally(function () {
        ed.saving = false;
        if (ed.again) {
          ed.again = false;
          if (ed.dirty) saveNote(ed);
        }
      });
      return ed.pending;
    }
    /* Before the editor shows something else: save what is pending, from a copy of the fields. */
    function flushNote() {
      if (!editor) return;
      var ed = editor;
      ed.frozen = readNote(ed);
      if (ed.dirty || ed.saving) saveNote(ed, ed.dirty);
    }
    function noteTyped() {
      if (!editor) return;
      editor.dirty = true;
      toggleActionFields();
      noteStatus(msg.msgUnsaved, "pending");
      window.clearTimeout(editor.timer);
      var ed = editor;
      editor.timer = window.setTimeout(function () { saveNote(ed); }, AUTOSAVE_MS);
    }
    root.addEventListener("input", function (e) {
      // the kind is handled on "change" (below): it may have to be confirmed first
      if (e.target.closest("#note-editor") && e.target.name !== "kind") noteTyped();
    });
    root.addEventListener("change", function (e) {
      if (!e.target.closest("#note-editor") || e.target.tagName === "TEXTAREA") return;
      if (editor && e.target === editor.form.elements.kind) {
        if (e.target.value === editor.kind) { answerKind(false); return; }
        if (editor.id && editor.opened && askKind()) { toggleActionFields(); return; }
        editor.kind = e.target.value;
      }
      noteTyped();
    });
    root.addEventListener("click", function (e) {
      var button = e.target.closest("#note-kind-yes, #note-kind-no");
      if (button) answerKind(button.id === "note-kind-yes");
    });
    root.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && editor && editor.askingKind && e.target.closest("#note-editor")) {
        e.preventDefault();
        answerKind(false);
      }
    });
    window.addEventListener("beforeunload", function (e) {
      if (editor && (editor.dirty || editor.saving)) {
        saveNote(editor);
        e.preventDefault();
        e.returnValue = "";
      }
    });

    /* A note changed elsewhere (another facilitator, or this one's own save coming back). */
    function noteChangedRemotely(note) {
      var ed = editor;
      if (!ed || !same(ed.id, note.id)) return;
      var mine = readNote(ed);
      var action = note.kind === "action";
      var sameMeta = note.kind === mine.kind &&
        (!action || (same(note.opd_id, mine.opd_id) && same(note.due_on, mine.due_on)));
      var sameBody = note.body === mine.body || (ed.sent && note.body === ed.sent.body) ||
        note.body === ed.saved;
      if (sameBody && sameMeta) return;
      var values = { name: note.updated_by_name || "?", time: clockTime(new Date(note.updated_at)) };
      var typing = document.activeElement === ed.form.elements.body || ed.dirty || ed.saving;
      if (typing) {
        remoteNotice(R.fill(msg.msgChangedTyping, values));
        return;
      }
      fillEditor(note);
      ed.saved = note.body;
      toggleActionFields();
      showPreview(note.html, note.body);
      remoteNotice(R.fill(msg.msgChanged, values));
    }

    /* -- The list --------------------------------------------------------------------------- */

    function buildNote(id) {
      var node = $("note-template").content.firstElementChild.cloneNode(true);
      [node].concat(Array.prototype.slice.call(node.querySelectorAll("*"))).forEach(function (el) {
        ["id", "href", "action", "data-id"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value === null) return;
          value = value.replace(/^note-0(-|$)/, "note-" + id + "$1")
            .replace(/([?&]note=)0\b/, "$1" + id)
            .replace(/\/notes\/0\//, "/notes/" + id + "/")
            .replace(/^0$/, String(id));
          el.setAttribute(attr, value);
        });
      });
      return node;
    }
    function drawNote(li, note) {
      li.dataset.kind = note.kind;
      var kind = R.ref(li, "kind");
      kind.textContent = opts.kinds[note.kind] || note.kind;
      kind.dataset.kind = note.kind;
      var action = note.kind === "action";
      R.ref(li, "owner").hidden = !(action && (note.opd_code || note.due_on));
      R.ref(li, "opd").textContent = note.opd_code || "";
      var due = R.ref(li, "due");
      due.hidden = !note.due_on;
      due.textContent = note.due_on ? R.fill(msg.msgDue, { date: longDate(note.due_on) }) : "";
      var html = R.ref(li, "html");
      if (note.body.trim()) {
        setSafeHtml(html, note.html);
      } else {
        var p = document.createElement("p");
        p.className = "empty";
        p.textContent = msg.msgEmpty;
        html.replaceChildren(p);
      }
      R.ref(li, "meta").textContent = (note.updated_by_name || "") + " · " +
        (note.updated_at ? clockTime(new Date(note.updated_at)) : "");
    }
    function placeNote(list, li, id) {
      var after = Array.prototype.find.call(list.children, function (other) {
        return Number(other.dataset.id) > Number(id);
      });
      if (li.parentNode !== list || (after && li.nextElementSibling !== after)) list.insertBefore(li, after || null);
    }
    function noteCount() {
      var list = $("note-list");
      if (!list) return;
      $("note-count").textContent = list.children.length;
      $("note-empty").hidden = list.children.length > 0;
    }
    function upsertNote(note) {
      if (!same(note.session_id, opts.session())) return;
      known[note.id] = note;
      var list = $("note-list");
      if (!list) return;
      var li = $("note-" + note.id) || buildNote(note.id);
      drawNote(li, note);
      placeNote(list, li, note.id);
      noteCount();
    }
    function noteGone(id, remote) {
      delete known[id];
      var li = $("note-" + id);
      if (li) li.remove();
      noteCount();
      if (editor && same(editor.id, id)) {
        editor.id = null;
        editor.saved = null;
        editor.form.dataset.noteId = "";
        editingLabel(false);
        if (remote) remoteNotice(msg.msgRemoved);
        else openInEditor(null);
      }
    }
    function loadNotes() {
      var session = opts.session();
      if (!session || !$("note-list")) return Promise.resolve();
      return R.api("GET", opts.api + "/sessions/" + session + "/notes").then(function (data) {
        if (!same(session, opts.session())) return;
        var seen = {};
        data.items.forEach(function (note) { seen[note.id] = true; upsertNote(note); });
        Object.keys(known).forEach(function (id) {
          if (!seen[id]) noteGone(id, true);
        });
        if (editor && editor.id && known[editor.id] && !editor.dirty) {
          showPreview(known[editor.id].html, known[editor.id].body);
        }
      });
    }

    startEditor();
    return {
      /* After the notes part of the page was redrawn (another session). */
      start: function () { startEditor(); return loadNotes(); },
      load: loadNotes,
      flush: flushNote,
      openNew: function () { flushNote(); openInEditor(null); },
      openSaved: function (id) {
        if (!known[id]) return;
        flushNote();
        openInEditor(known[id]);
      },
      /* "Simpan": save, then a fresh note (the saved one is in the list, "Ubah" reopens it). */
      save: function () {
        var ed = editor;
        if (!ed) return Promise.resolve();
        if (ed.askingKind) { $("note-kind-yes").focus(); return Promise.resolve(); }
        function done() {
          if (ed.saving) return ed.pending.then(done);  // a save queued behind an autosave
          if (ed !== editor || !ed.id || ed.dirty) return;
          openInEditor(null);
          noteStatus(R.fill(msg.msgSavedNew, { time: clockTime(new Date()) }), "saved");
        }
        return saveNote(ed, true).then(done);
      },
      /* After a (re)connect: what could not be saved goes now. */
      resume: function () { if (editor && editor.dirty) saveNote(editor); },
      remove: function (id) {
        return R.api("DELETE", opts.api + "/notes/" + id).then(function () { noteGone(id, false); });
      },
      created: upsertNote,
      updated: function (note) {
        upsertNote(note);
        if (same(note.session_id, opts.session())) noteChangedRemotely(note);
      },
      removed: function (p) {
        if (same(p.session_id, opts.session())) noteGone(String(p.id), true);
      }
    };
  };
})();
