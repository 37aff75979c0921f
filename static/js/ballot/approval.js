/* Ballot widget of approval (templates/participant/ballot/approval.html): the switches are
   the ballot as they are; this only reads and sets them.
   Registered on Rembuk.ballotWidgets; static/js/ballot.js runs it (see there for `ctx`). */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var widgets = (R.ballotWidgets = R.ballotWidgets || {});

  widgets.approval = function (ctx) {
    function read() {
      var approve = [];
      ctx.items.forEach(function (li) {
        var box = li.querySelector("input[name=approve]");
        if (box.checked) approve.push(Number(box.value));
      });
      approve.sort(function (a, b) { return a - b; });
      return { body: { approve: approve }, problem: null };
    }

    function apply(body) {
      var approve = (body.approve || []).map(String);
      ctx.items.forEach(function (li) {
        var box = li.querySelector("input[name=approve]");
        box.checked = approve.indexOf(box.value) >= 0;
      });
    }

    return { setup: function () {}, read: read, refresh: function () {}, apply: apply };
  };
})();
