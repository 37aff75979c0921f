/* Drag and drop on the facilitator's wall: a card onto another card merges it, onto a group
   heading (or a chip of the bar that shows every group while dragging) puts it in that group.
   A shortcut only: every drop has a button twin, the keyboard way.

   R.wallDrag(root, o) with o = {dropbar, groups (the element holding section.wall-group),
   ungrouped (the name of the ungrouped section), onCard(id, intoId), onGroup(id, name)
   (each returns a promise, or null when there is nothing to do), onError(err)}. */
(function () {
  "use strict";
  var R = window.Rembuk;

  R.wallDrag = function (root, o) {
    var dragId = null;
    var highlighted = null;

    function highlight(el) {
      if (highlighted === el) return;
      if (highlighted) highlighted.classList.remove("drop-target");
      highlighted = el;
      if (el) el.classList.add("drop-target");
    }

    function dropTarget(ev) {
      if (dragId === null || !ev.target.closest) return null;
      var card = ev.target.closest("article.wall-card");
      if (card) return Number(card.dataset.id) === dragId ? null : { kind: "card", el: card };
      var heading = ev.target.closest(".wall-group-head, .wall-drop-chip");
      if (heading) return { kind: "group", el: heading };
      return null;
    }

    /* Every group as a drop target fixed on screen: the heading may be far down the page. */
    function showDropbar() {
      var chips = R.ref(o.dropbar, "chips");
      chips.replaceChildren();
      o.groups.querySelectorAll("section.wall-group").forEach(function (section) {
        var chip = document.createElement("span");
        chip.className = "wall-drop-chip";
        chip.dataset.group = section.dataset.group;
        chip.textContent = section.dataset.group || o.ungrouped;
        chips.appendChild(chip);
      });
      o.dropbar.hidden = false;
    }

    function endDrag() {
      o.dropbar.hidden = true;
      highlight(null);
      root.querySelectorAll(".wall-card.dragging").forEach(function (c) {
        c.classList.remove("dragging");
      });
      dragId = null;
    }

    root.addEventListener("dragstart", function (ev) {
      var card = ev.target;
      if (!card.classList || !card.classList.contains("wall-card")) return;
      dragId = Number(card.dataset.id);
      ev.dataTransfer.effectAllowed = "move";
      ev.dataTransfer.setData("text/plain", String(dragId));
      card.classList.add("dragging");
      showDropbar();
    });
    root.addEventListener("dragover", function (ev) {
      var target = dropTarget(ev);
      highlight(target && target.el);
      if (!target) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "move";
    });
    root.addEventListener("drop", function (ev) {
      var target = dropTarget(ev);
      if (!target) return;
      ev.preventDefault();
      var id = dragId;
      endDrag();
      var done = target.kind === "card"
        ? o.onCard(id, Number(target.el.dataset.id))
        : o.onGroup(id, target.el.dataset.group);
      if (done) done.catch(o.onError);
    });
    root.addEventListener("dragend", endDrag);
  };
})();
