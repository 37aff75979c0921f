/* A proposal card, built from a server-rendered <template> and filled with textContent only
   (titles may contain "<script>"). Shared by the participant's wall and "Usulan saya"
   (proposals.js), the facilitator's wall (wall.js) and the projector (projector.js):
   - R.ideaCard.clone(template, id): a copy of the template's card for proposal `id`; the
     template is rendered for proposal 0, so "idea-0…" ids, ".../ideas/0/..." URLs and
     "card=0" links inside it are renamed;
   - R.ideaCard.text(node, text, how): put text in a part of the card; an empty text hides
     the part (how "remove": removes it, for cards drawn once);
   - R.ideaCard.chip(chip, key, label): the dimension chip (its colour follows data-dimension);
   - R.ideaCard.excerpt(text, max): the start of a long description, cut at a word. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var RENAMED = ["id", "for", "href", "action", "aria-labelledby", "aria-describedby"];

  function clone(template, id) {
    var node = template.content.firstElementChild.cloneNode(true);
    var all = [node].concat(Array.prototype.slice.call(node.querySelectorAll("*")));
    all.forEach(function (el) {
      RENAMED.forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value === null) return;
        el.setAttribute(attr, value
          .replace(/\bidea-0\b/g, "idea-" + id)
          .replace(/\/ideas\/0\//, "/ideas/" + id + "/")
          .replace(/([?&])card=0\b/, "$1card=" + id));
      });
    });
    node.dataset.id = id;
    return node;
  }

  function text(node, value, how) {
    if (!node) return;
    if (!value && how === "remove") {
      node.remove();
      return;
    }
    node.textContent = value || "";
    node.hidden = !value;
  }

  function chip(node, key, label) {
    node.dataset.dimension = key || "";
    node.textContent = label || key || "";
  }

  function excerpt(value, max) {
    value = value || "";
    if (value.length <= max) return value;
    var cut = value.slice(0, max - 1);
    var space = cut.lastIndexOf(" ");
    return (space > 0 ? cut.slice(0, space) : cut) + "…";
  }

  R.ideaCard = { clone: clone, text: text, chip: chip, excerpt: excerpt };
})();
